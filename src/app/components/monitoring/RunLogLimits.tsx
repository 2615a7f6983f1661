/**
 * What a run's log does not show (U3, bounded growth): findings beyond the per-run cap, which the run
 * counted by reason only, and a log that retention removed. The counts by reason shown here come from
 * the run record, so they are complete either way.
 */
import { For, Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { reasonRows } from '../../../domain/run-findings';
import { ISSUE_KIND_LABEL, reasonHelp } from '../../reason-help';
import { formatCount, formatDateTime } from '../../format';

export function RunLogLimits(props: { readonly run: RunRecord }): JSX.Element {
  const notListed = () => props.run.findingsNotLogged ?? 0;
  const pruned = () => props.run.logPrunedAt;
  const rows = () => reasonRows(props.run.findingsByReason);
  return (
    <Show when={notListed() > 0 || pruned() !== undefined}>
      <section class="notice" aria-labelledby="run-log-limits-title" data-testid="run-log-limits">
        <h4 id="run-log-limits-title">Not in this log</h4>
        <Show when={pruned()}>
          {(at) => (
            <p>
              This run’s log was removed on {formatDateTime(at())} to keep the storage this app uses bounded (Settings,
              Run history). The run’s counts are kept.
            </p>
          )}
        </Show>
        <Show when={pruned() === undefined && notListed() > 0}>
          <p>
            {formatCount(notListed())} more {notListed() === 1 ? 'finding' : 'findings'} not listed; counts by reason
            are complete.
          </p>
        </Show>
        <Show when={rows().length > 0}>
          <table class="counts">
            <caption>Findings of this run by reason (complete)</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Reason</th>
                <th scope="col">Findings</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <td>{ISSUE_KIND_LABEL[row.kind]}</td>
                    <td>
                      {reasonHelp(row.code, row.kind).label} <code class="hint">{row.code}</code>
                    </td>
                    <td>{formatCount(row.count)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </section>
    </Show>
  );
}
