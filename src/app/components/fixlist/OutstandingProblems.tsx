/**
 * The Sync page's outstanding problems (U2): the standing fix-list counted by reason, each reason a
 * link to the fix-list filtered to it (shown below, at #fix-list, when the address asks for it).
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { OutstandingCounts } from '../../../domain/fix-list';
import { outstandingByReason } from '../../../storage/fix-list-queries';
import { useServices } from '../../services';
import { useAppState } from '../../app-state';
import { createLiveQuery } from '../../primitives/createLiveQuery';
import { formatCount, plural } from '../../format';
import { ISSUE_KIND_LABEL } from '../../reason-help';
import { TableRegion } from '../TableRegion';
import { FixListTable } from './FixListTable';
import { fixListHref, outstandingRows, parseFixListFilter, REASON_PARAM } from './outstanding-rows';

const NONE: OutstandingCounts = {};

export function OutstandingProblems(): JSX.Element {
  const { db } = useServices();
  const app = useAppState();
  // Paused while a sync runs: its every batch rewrites the keys rows this reads (the counts settle at its end).
  const counts = createLiveQuery(() => outstandingByReason(db), NONE, { paused: () => app.runActive() });
  const rows = createMemo(() => outstandingRows(counts()));
  const total = createMemo(() => rows().reduce((sum, row) => sum + row.count, 0));
  const [params] = useSearchParams();
  const filter = () => parseFixListFilter(params[REASON_PARAM]);
  return (
    <section class="panel" aria-labelledby="outstanding-title">
      <h3 id="outstanding-title">Outstanding problems</h3>
      <Show when={counts.loaded()} fallback={<p class="hint">Counting…</p>}>
        <Show
          when={rows().length > 0}
          fallback={<p>Nothing to fix: every record in XPM was imported without a warning.</p>}
        >
          <p>
            {plural(total(), 'problem in XPM needs', 'problems in XPM need')} attention. Choose a reason to see its
            records and what to change in XPM.{' '}
            <a href={fixListHref('all')} aria-current={filter() === 'all' ? 'true' : undefined}>
              Show all
            </a>
          </p>
          <TableRegion labelledBy="outstanding-caption">
            <table class="outstanding">
              <caption id="outstanding-caption">Outstanding problems by reason</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" class="num">
                    Records
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr>
                      <th scope="row">
                        {/* Plain links (the router still handles them): A would mark every /sync link as the current page. */}
                        <a href={row.href} aria-current={filter() === row.reason ? 'true' : undefined}>
                          {row.label}
                        </a>
                      </th>
                      <td>{ISSUE_KIND_LABEL[row.kind]}</td>
                      <td class="num">{formatCount(row.count)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableRegion>
        </Show>
      </Show>
      <Show when={filter()}>{(chosen) => <FixListTable filter={chosen()} />}</Show>
    </section>
  );
}
