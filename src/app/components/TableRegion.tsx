/**
 * A wide table's own scroll region: on a narrow screen the table scrolls sideways inside it (with
 * its first column fixed, styles/app.css) instead of widening the page. Focusable, so keyboard users
 * can scroll it, and named by the table's caption.
 */
import type { JSX } from 'solid-js';

export function TableRegion(props: { readonly labelledBy: string; readonly children: JSX.Element }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-labelledby={props.labelledBy} tabIndex={0}>
      {props.children}
    </div>
  );
}
