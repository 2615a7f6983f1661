/**
 * Rejections per run across recent runs (U3), as an SVG bar chart. Exposed as one image with a text
 * summary (the exact numbers are in the run table next to it); each bar also has a tooltip title.
 */
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { formatCount, formatDateTime, plural } from '../../format';
import { runTotal } from './run-totals';

/** Runs shown: about a day of hourly syncs, which is what a trend needs to show a change. */
export const TREND_RUNS = 30;
const CHART_WIDTH = 600;
const CHART_HEIGHT = 120;
const BAR_GAP = 2;

export function RejectionTrend(props: { readonly runs: readonly RunRecord[] }): JSX.Element {
  // Oldest on the left, like every time axis.
  const points = createMemo(() =>
    props.runs
      .filter((run) => run.status !== 'running')
      .slice(0, TREND_RUNS)
      .reverse()
      .map((run) => ({ run, rejected: runTotal(run, 'rejected') })),
  );
  const max = () => Math.max(1, ...points().map((point) => point.rejected));
  // One slot per possible run, newest at the right: a single run is a bar, not a filled box.
  const barWidth = CHART_WIDTH / TREND_RUNS;
  const offset = () => (TREND_RUNS - points().length) * barWidth;
  const summary = () => {
    const list = points();
    const last = list[list.length - 1];
    if (last === undefined) return 'No finished runs yet.';
    const values = list.map((point) => point.rejected);
    return (
      `Records not imported in the last ${plural(list.length, 'run', 'runs')}: lowest ${formatCount(Math.min(...values))}, ` +
      `highest ${formatCount(Math.max(...values))}, latest ${formatCount(last.rejected)}.`
    );
  };
  return (
    <figure class="trend">
      <figcaption id="trend-title">Records not imported per run</figcaption>
      <Show when={points().length > 0} fallback={<p class="hint">{summary()}</p>}>
        <svg
          class="trend-chart"
          viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby="trend-title trend-desc"
        >
          <desc id="trend-desc">{summary()}</desc>
          <For each={points()}>
            {(point, index) => {
              const height = () => (point.rejected / max()) * (CHART_HEIGHT - 1);
              return (
                <rect
                  class="trend-bar"
                  x={offset() + index() * barWidth + BAR_GAP / 2}
                  y={CHART_HEIGHT - height()}
                  width={barWidth - BAR_GAP}
                  height={Math.max(height(), point.rejected > 0 ? 1 : 0)}
                >
                  <title>
                    {formatDateTime(point.run.startedAt)}: {formatCount(point.rejected)} not imported
                  </title>
                </rect>
              );
            }}
          </For>
        </svg>
      </Show>
    </figure>
  );
}
