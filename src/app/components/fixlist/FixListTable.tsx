/**
 * The fix-list filtered to one reason (or all), as a virtualised table (a reason can hold thousands of
 * records); choosing a row shows its full message, what to change in XPM and a link to the record.
 * Read from the worker again whenever a run ends.
 */
import { createEffect, createMemo, createResource, createSignal, on, Show, type JSX } from 'solid-js';
import type { FixEntry } from '../../../domain/fix-list';
import { fixReasonOf } from '../../../domain/fix-list';
import { xpmClientLink } from '../../../domain/xpm-links';
import { useAppState } from '../../app-state';
import { callWorker, useServices } from '../../services';
import { formatCount, formatDateTime } from '../../format';
import { ISSUE_KIND_LABEL } from '../../reason-help';
import { VirtualGrid, type GridColumn } from '../../lists/VirtualGrid';
import { entrySubject } from '../monitoring/log-groups';
import { ErrorExplanation } from '../ErrorExplanation';
import { FIX_LIST_ANCHOR, filterLabel, type FixListFilter } from './outstanding-rows';
import { fixEntryKey } from '../../../domain/fix-list';
import { explainIssue } from '../../../domain/wording/findings';
import { FindingText } from '../FindingText';

interface FixRow {
  readonly id: string;
  readonly entry: FixEntry;
}

type FixColumn = 'subject' | 'field' | 'value' | 'message' | 'firstSeen';

const COLUMNS: readonly GridColumn<FixRow, FixColumn>[] = [
  { id: 'subject', header: 'Record', cell: (row) => entrySubject(row.entry) },
  { id: 'field', header: 'XPM field', cell: (row) => row.entry.field ?? '' },
  { id: 'value', header: 'Value', cell: (row) => row.entry.value ?? '' },
  { id: 'message', header: 'Message', cell: (row) => explainIssue(row.entry).message },
  { id: 'firstSeen', header: 'First seen', cell: (row) => formatDateTime(row.entry.firstSeenAt) },
];

export function FixListTable(props: { readonly filter: FixListFilter }): JSX.Element {
  const services = useServices();
  const app = useAppState();
  // Refetched when the filter changes or a run ends (the only times the fix-list changes).
  const source = createMemo(() => {
    const run = app.latestRun();
    return { filter: props.filter, run: run === undefined ? '' : `${run.id}:${run.status}` };
  });
  const [view] = createResource(source, ({ filter }) =>
    callWorker(services, (api) => api.fixList(filter === 'all' ? undefined : filter)),
  );
  const rows = createMemo((): FixRow[] => {
    const result = view();
    if (!result?.ok) return [];
    return result.value.entries.map((entry) => ({ id: `${fixReasonOf(entry)}|${fixEntryKey(entry)}`, entry }));
  });
  const total = () => {
    const result = view();
    return result?.ok ? result.value.total : 0;
  };
  const failure = () => {
    const result = view();
    return result !== undefined && !result.ok ? result.error : null;
  };
  const [selected, setSelected] = createSignal<FixRow | null>(null);
  let section: HTMLElement | undefined;
  // Following a reason's link brings its list into view and keyboard focus.
  createEffect(
    on(
      () => props.filter,
      () => {
        setSelected(null);
        section?.focus();
      },
    ),
  );
  const link = (entry: FixEntry) =>
    entry.clientId === null
      ? null
      : xpmClientLink(services.config.xpmWebUrl, {
          xpmId: entry.clientId,
          xpmNumericId: entry.clientNumericId ?? null,
        });
  return (
    <section ref={section} id={FIX_LIST_ANCHOR} aria-labelledby="fix-list-title" tabIndex={-1}>
      <h4 id="fix-list-title">Fix-list: {filterLabel(props.filter)}</h4>
      <Show when={failure()}>{(error) => <ErrorExplanation error={error()} role="alert" />}</Show>
      <Show
        when={view()?.ok}
        fallback={
          <Show when={failure() === null}>
            <p class="hint">Loading the fix-list…</p>
          </Show>
        }
      >
        <p class="hint" role="status">
          <Show
            when={total() > rows().length}
            fallback={`${formatCount(rows().length)} ${rows().length === 1 ? 'record' : 'records'}.`}
          >
            Showing the first {formatCount(rows().length)} of {formatCount(total())} records; Download Sync Summary has
            them all.
          </Show>
        </p>
        <VirtualGrid
          label={`Fix-list: ${filterLabel(props.filter)}`}
          idPrefix="fix-list"
          class="grid-fix-list"
          columns={COLUMNS}
          rows={rows()}
          selectedId={selected()?.id ?? null}
          onActivate={setSelected}
          emptyText="No records have this problem any more."
        />
        <Show
          when={selected()}
          fallback={<p class="hint">Choose a record (Enter or click) to see what to change in XPM.</p>}
        >
          {(row) => (
            <div class="log-entry" aria-live="polite">
              <FindingText entry={row().entry} kindLabel={ISSUE_KIND_LABEL[row().entry.kind]} />
              <p class="hint">
                First seen {formatDateTime(row().entry.firstSeenAt)}; last seen {formatDateTime(row().entry.lastSeenAt)}
                .
                <Show when={link(row().entry)}>
                  {(href) => (
                    <>
                      {' '}
                      <a href={href()} target="_blank" rel="noopener noreferrer">
                        Open in XPM
                      </a>
                    </>
                  )}
                </Show>
              </p>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}
