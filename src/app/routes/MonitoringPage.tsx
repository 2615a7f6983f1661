/**
 * Monitoring (U3): run history, each run's log grouped by reason, the outstanding problems by reason
 * over runs and the API calls per day (the charts load lazily, after the history).
 */
import { createMemo, createSignal, lazy, Show, Suspense, type JSX } from 'solid-js';
import { DEFAULT_RUN_HISTORY, recentRuns } from '../../storage/queries';
import type { RunRecord } from '../../domain/runs';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { usePageTitle } from '../primitives/usePageTitle';
import { RunsTable } from '../components/monitoring/RunsTable';
import { RunLog } from '../components/monitoring/RunLog';
import { RunLogLimits } from '../components/monitoring/RunLogLimits';
import { RunCountsTable } from '../components/sync/RunSummary';
import { DownloadSummaryButton } from '../components/sync/DownloadSummaryButton';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { RUN_KIND_LABEL, runAppliedText } from '../components/sync/run-labels';
import { formatDateTime } from '../format';

const EMPTY: readonly RunRecord[] = [];

const TrendCharts = lazy(() => import('../components/monitoring/TrendCharts'));

export default function MonitoringPage(): JSX.Element {
  usePageTitle('Monitoring');
  const { db } = useServices();
  const runs = createLiveQuery(() => recentRuns(db, DEFAULT_RUN_HISTORY), EMPTY);
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = createMemo(() => runs().find((run) => run.id === selectedId()));

  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Monitoring</h2>
      <Show when={runs.loaded()} fallback={<p class="hint">Loading run history…</p>}>
        <Show when={runs().length > 0} fallback={<p>No syncs have run yet.</p>}>
          <Suspense fallback={<p class="hint">Loading the charts…</p>}>
            <TrendCharts runs={runs()} />
          </Suspense>
          <RunsTable runs={runs()} selectedId={selectedId()} onSelect={(run) => setSelectedId(run.id)} />
          <Show when={selected()}>
            {(run) => (
              <section class="panel" aria-labelledby="run-detail-title">
                <h3 id="run-detail-title">
                  {RUN_KIND_LABEL[run().kind]} of {formatDateTime(run().startedAt)}
                </h3>
                <Show when={run().error}>
                  {(error) => (
                    <ErrorExplanation
                      error={error()}
                      lead="This sync ended early: "
                      outcome={runAppliedText(run())}
                      retryShownNearby={run().status === 'paused'}
                    />
                  )}
                </Show>
                <RunCountsTable run={run()} caption="What this sync did" />
                <DownloadSummaryButton runId={run().id} label="Download this run’s summary" />
                <RunLogLimits run={run()} />
                {/* A log removed by retention would read as "nothing to report". */}
                <Show when={run().logPrunedAt === undefined}>
                  <RunLog runId={run().id} />
                </Show>
              </section>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
