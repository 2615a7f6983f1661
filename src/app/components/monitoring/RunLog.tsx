/**
 * A run's log (U3): rejections, warnings and skips grouped by reason with counts; each entry with its
 * message and a suggestion for fixing it in XPM. Long groups are virtualised (a practice can have
 * thousands of rejections of one kind); choosing an entry shows its full message and suggestion.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { RunLogEntry } from '../../../domain/runs';
import { runLogEntries } from '../../../storage/queries';
import { useServices } from '../../services';
import { createLiveQuery } from '../../primitives/createLiveQuery';
import { ISSUE_KIND_LABEL, reasonHelp } from '../../reason-help';
import { formatCount } from '../../format';
import { VirtualGrid, type GridColumn } from '../../lists/VirtualGrid';
import { entrySubject, groupLog, type LogGroup } from './log-groups';
import type { RunId } from '../../../domain/ids';
import { explainIssue } from '../../../domain/wording/findings';
import { FindingText } from '../FindingText';

/** Groups longer than this are shown as a virtualised grid; shorter ones as a plain list with full text. */
export const LONG_GROUP_ENTRIES = 25;

const EMPTY: readonly RunLogEntry[] = [];

interface EntryRow {
  readonly id: string;
  readonly entry: RunLogEntry;
}

type EntryColumn = 'subject' | 'field' | 'value' | 'message';

const ENTRY_COLUMNS: readonly GridColumn<EntryRow, EntryColumn>[] = [
  { id: 'subject', header: 'Record', cell: (row) => entrySubject(row.entry) },
  { id: 'field', header: 'XPM field', cell: (row) => row.entry.field ?? '' },
  { id: 'value', header: 'Value', cell: (row) => row.entry.value ?? '' },
  { id: 'message', header: 'Message', cell: (row) => explainIssue(row.entry).message },
];

function LongGroup(props: { readonly group: LogGroup }): JSX.Element {
  const rows = createMemo(() => props.group.entries.map((entry) => ({ id: `${entry.runId}:${entry.seq}`, entry })));
  const [selected, setSelected] = createSignal<EntryRow | null>(null);
  return (
    <>
      <VirtualGrid
        label={`${reasonHelp(props.group.code, props.group.kind).label}: records`}
        idPrefix={`log-${props.group.key.replace(/[^a-z0-9-]/gi, '-')}`}
        class="grid-log"
        columns={ENTRY_COLUMNS}
        rows={rows()}
        selectedId={selected()?.id ?? null}
        onActivate={setSelected}
        emptyText="No entries."
      />
      <Show
        when={selected()}
        fallback={<p class="hint">Choose a record (Enter or click) to see its full message and suggestion.</p>}
      >
        {(row) => (
          <div class="log-entry" aria-live="polite">
            <FindingText entry={row().entry} />
          </div>
        )}
      </Show>
    </>
  );
}

export function RunLog(props: { readonly runId: RunId }): JSX.Element {
  const { db } = useServices();
  const entries = createLiveQuery((runId: RunId) => runLogEntries(db, runId), EMPTY, { input: () => props.runId });
  const groups = createMemo(() => groupLog(entries()));
  return (
    <section aria-labelledby="run-log-title">
      <h4 id="run-log-title">Log</h4>
      <Show when={entries.loaded()} fallback={<p class="hint">Loading the log…</p>}>
        <Show
          when={groups().length > 0}
          fallback={<p>Nothing to report: every record was imported without warnings.</p>}
        >
          <For each={groups()}>
            {(group) => (
              <details class="log-group" classList={{ [`log-${group.kind}`]: true }}>
                <summary>
                  <span class="badge">{ISSUE_KIND_LABEL[group.kind]}</span> {reasonHelp(group.code, group.kind).label}:{' '}
                  <strong>{formatCount(group.entries.length)}</strong> <code class="hint">{group.code}</code>
                </summary>
                <p class="hint">{reasonHelp(group.code, group.kind).explanation}</p>
                <Show
                  when={group.entries.length > LONG_GROUP_ENTRIES}
                  fallback={
                    <ul class="log-entries">
                      <For each={group.entries}>
                        {(entry) => (
                          <li>
                            <FindingText entry={entry} />
                          </li>
                        )}
                      </For>
                    </ul>
                  }
                >
                  <LongGroup group={group} />
                </Show>
              </details>
            )}
          </For>
        </Show>
      </Show>
    </section>
  );
}
