/** Run history (U3): every run with its kind and trigger, start, duration, counts, API calls, outcome and error. */
import { For, Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { errorHelp } from '../../error-help';
import { formatCount, formatDateTime, formatDuration } from '../../format';
import { RUN_KIND_LABEL, RUN_TRIGGER_LABEL, runStatusText } from '../sync/run-labels';
import { runTotal } from './run-totals';

/** An error code with a line-break opportunity after each slash. */
function codeWithBreaks(code: string): JSX.Element {
  const parts = code.split('/');
  return parts.map((part, i) => (i < parts.length - 1 ? [`${part}/`, <wbr />] : part));
}

export function RunsTable(props: {
  readonly runs: readonly RunRecord[];
  readonly selectedId: string | null;
  readonly onSelect: (run: RunRecord) => void;
}): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-labelledby="runs-caption" tabIndex={0}>
      <table class="runs">
        <caption id="runs-caption">Sync runs, newest first. Choose a run’s start time to see its log.</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Kind</th>
            <th scope="col">Duration</th>
            <th scope="col">Imported</th>
            <th scope="col">Updated</th>
            <th scope="col">Not imported</th>
            <th scope="col">Skipped</th>
            <th scope="col">API calls</th>
            <th scope="col">Outcome</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.runs}>
            {(run) => (
              <tr classList={{ 'is-selected': run.id === props.selectedId, 'is-failed': run.status === 'failed' }}>
                <th scope="row">
                  <button
                    type="button"
                    class="link-button"
                    aria-pressed={run.id === props.selectedId}
                    onClick={() => props.onSelect(run)}
                  >
                    {formatDateTime(run.startedAt)}
                  </button>
                </th>
                {/* The trigger under the kind, one column for both: the table fits 1280 px without scrolling. */}
                <td>
                  {RUN_KIND_LABEL[run.kind]}
                  <span class="visually-hidden">, </span>
                  <span class="run-trigger">{RUN_TRIGGER_LABEL[run.trigger]}</span>
                </td>
                <td>{run.finishedAt === null ? '—' : formatDuration(run.finishedAt - run.startedAt)}</td>
                <td class="num">{formatCount(runTotal(run, 'imported'))}</td>
                <td class="num">{formatCount(runTotal(run, 'updated'))}</td>
                <td class="num">{formatCount(runTotal(run, 'rejected'))}</td>
                <td class="num">{formatCount(runTotal(run, 'skipped'))}</td>
                <td class="num">{formatCount(run.apiCalls)}</td>
                <td>{runStatusText(run)}</td>
                <td>
                  {/* A cancel is the user's choice, not an error: its outcome says Cancelled and no code is shown. */}
                  <Show when={run.status !== 'cancelled' && run.error} fallback="—">
                    {(error) => (
                      <>
                        {/* The code may break after its slash ("auth/" above "reconnect-needed"), not mid-word. */}
                        <code>{codeWithBreaks(error().code)}</code>: {errorHelp(error().code).title}
                      </>
                    )}
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
