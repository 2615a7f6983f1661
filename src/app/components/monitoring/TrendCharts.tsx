/**
 * Monitoring's charts (U3), loaded lazily with the page: "Outstanding problems by reason" (the
 * fix-list's size per reason after each run) and "API calls per day" against Xero's daily limit, each
 * with its numbers as a table for anyone who does not read charts.
 */
import { createMemo, For, Index, Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { XPM_DAILY_CALL_LIMIT } from '../../../domain/api-limits';
import { useAppState } from '../../app-state';
import { formatCount, formatDate, formatDateTime, plural } from '../../format';
import { TableRegion } from '../TableRegion';
import { RUN_KIND_LABEL } from '../sync/run-labels';
import { BarChart } from './BarChart';
import { callsPerDay, outstandingTrend } from './trend-data';

const SHORT_DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const SHORT_TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function OutstandingChart(props: { readonly runs: readonly RunRecord[] }): JSX.Element {
  const trend = createMemo(() => outstandingTrend(props.runs));
  const summary = () => {
    const points = trend().points;
    const first = points[0];
    const last = points[points.length - 1];
    if (first === undefined || last === undefined) {
      return 'No run has recorded its outstanding problems yet: each sync that finishes from now on adds a bar.';
    }
    return (
      `Problems in XPM still needing attention after each of the last ${plural(points.length, 'sync', 'syncs')}: ` +
      `${formatCount(first.total)} after the first shown, ${formatCount(last.total)} now.`
    );
  };
  const bars = createMemo(() =>
    trend().points.map((point) => ({
      tick: `${SHORT_DAY.format(point.at)} ${SHORT_TIME.format(point.at)}`,
      title: `${RUN_KIND_LABEL[point.kind]} of ${formatDateTime(point.at)}`,
      values: point.values,
    })),
  );
  return (
    <section class="panel" aria-labelledby="outstanding-trend-caption">
      <BarChart
        id="outstanding-trend"
        caption="Outstanding problems by reason"
        summary={summary()}
        series={trend().series.map((s) => s.label)}
        bars={bars()}
        unit="records"
      />
      <Show when={trend().points.length > 0}>
        <details class="chart-table">
          <summary>Show the numbers as a table</summary>
          <TableRegion labelledBy="outstanding-table-caption">
            <table>
              <caption id="outstanding-table-caption">Outstanding problems by reason after each sync</caption>
              <thead>
                <tr>
                  <th scope="col">Sync</th>
                  <For each={trend().series}>{(s) => <th scope="col">{s.label}</th>}</For>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                <For each={[...trend().points].reverse()}>
                  {(point) => (
                    <tr>
                      <th scope="row">
                        {RUN_KIND_LABEL[point.kind]} of {formatDateTime(point.at)}
                      </th>
                      <Index each={point.values}>{(value) => <td class="num">{formatCount(value())}</td>}</Index>
                      <td class="num">{formatCount(point.total)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableRegion>
        </details>
      </Show>
      <Show when={trend().withoutCounts > 0}>
        <p class="hint">
          {plural(trend().withoutCounts, 'recent sync is', 'recent syncs are')} not shown: a sync that failed or was
          cancelled, or one from before this chart existed, recorded no count.
        </p>
      </Show>
    </section>
  );
}

function CallsChart(props: { readonly runs: readonly RunRecord[] }): JSX.Element {
  const app = useAppState();
  const days = createMemo(() => callsPerDay(props.runs, app.now()));
  const busiest = () => Math.max(0, ...days().map((d) => d.calls));
  const summary = () =>
    `API calls to Xero each day over the last ${days().length} days; the busiest day used ${formatCount(busiest())} ` +
    `of the ${formatCount(XPM_DAILY_CALL_LIMIT)} a practice may make per day.`;
  return (
    <section class="panel" aria-labelledby="calls-chart-caption">
      <BarChart
        id="calls-chart"
        caption="API calls per day"
        summary={summary()}
        series={['API calls']}
        bars={days().map((d) => ({ tick: SHORT_DAY.format(d.day), title: formatDate(d.day), values: [d.calls] }))}
        unit="calls"
        reference={{ value: XPM_DAILY_CALL_LIMIT, label: `Daily limit ${formatCount(XPM_DAILY_CALL_LIMIT)}` }}
      />
      <details class="chart-table">
        <summary>Show the numbers as a table</summary>
        <TableRegion labelledBy="calls-table-caption">
          <table>
            <caption id="calls-table-caption">
              API calls per day (daily limit {formatCount(XPM_DAILY_CALL_LIMIT)})
            </caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">API calls</th>
              </tr>
            </thead>
            <tbody>
              <For each={[...days()].reverse()}>
                {(d) => (
                  <tr>
                    <th scope="row">{formatDate(d.day)}</th>
                    <td class="num">{formatCount(d.calls)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableRegion>
      </details>
    </section>
  );
}

export default function TrendCharts(props: { readonly runs: readonly RunRecord[] }): JSX.Element {
  return (
    <div class="charts">
      <OutstandingChart runs={props.runs} />
      <CallsChart runs={props.runs} />
    </div>
  );
}
