/**
 * The frame of a record's detail panel beside a list: a heading that takes focus when the panel
 * opens (so keyboard and screen-reader users land on it), a Close button, and Escape inside it closes
 * it as the button does (a dialog opened from it is another layer: its own Escape never reaches here).
 */
import { onMount, type JSX } from 'solid-js';

export function DetailPanel(props: {
  /** Distinguishes the heading's id ("contact" → "contact-detail-title"). */
  readonly kind: string;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: JSX.Element;
}): JSX.Element {
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <aside
      class="detail"
      aria-labelledby={`${props.kind}-detail-title`}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        event.preventDefault();
        props.onClose();
      }}
    >
      <div class="detail-head">
        <h3 id={`${props.kind}-detail-title`} tabIndex={-1} ref={heading}>
          {props.title}
        </h3>
        <button type="button" class="button" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      {props.children}
    </aside>
  );
}
