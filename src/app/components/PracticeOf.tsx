/** The practice a list row came from, beside its source badge, when the list holds several (C4). */
import { Show, type JSX } from 'solid-js';

export function PracticeOf(props: { readonly name: string | null }): JSX.Element {
  return (
    <Show when={props.name}>
      {(name) => (
        <>
          {' '}
          <span class="practice-of" title={`From ${name()}`}>
            {name()}
          </span>
        </>
      )}
    </Show>
  );
}
