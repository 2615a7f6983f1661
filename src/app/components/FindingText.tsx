/**
 * One finding in words, as Monitoring's run log and the Sync page's fix-list show it: the record, the
 * XPM field and value at fault, what happened and what to do — worded now from the stored facts.
 */
import { createMemo, Show, type JSX } from 'solid-js';
import type { RecordIssue } from '../../domain/reasons';
import { explainIssue } from '../../domain/wording/findings';
import { entrySubject } from './monitoring/log-groups';

export function FindingText(props: { readonly entry: RecordIssue; readonly kindLabel?: string }): JSX.Element {
  const words = createMemo(() => explainIssue(props.entry));
  return (
    <>
      <p>
        <strong>{entrySubject(props.entry)}</strong>
        <Show when={props.kindLabel}>{(label) => ` · ${label()}`}</Show>
        <Show when={props.entry.field}>
          {(field) => (
            <>
              {' '}
              · {field()}: <code>{props.entry.value ?? ''}</code>
            </>
          )}
        </Show>
      </p>
      <p>{words().message}</p>
      <p class="suggestion">
        <span class="label">What to do: </span>
        {words().suggestion}
      </p>
    </>
  );
}
