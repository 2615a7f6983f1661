/** A finished run's summary (S1): contacts, clients and staff × imported, updated, unchanged, rejected, skipped, missing. */
import { connectionView, isResolvedConnectionError } from '../../../domain/connection';
import { createUniqueId, For, Show, type JSX } from 'solid-js';
import type { EntityCounts, RunRecord } from '../../../domain/runs';
import { formatCount, formatDateTime, formatDuration } from '../../format';
import { ErrorExplanation } from '../ErrorExplanation';
import { TableRegion } from '../TableRegion';
import { useAppState } from '../../app-state';
import { createPauseEnd, pausedMeaning } from './rate-limit-pause';
import {
  ENTITY_KINDS,
  ENTITY_LABEL,
  RUN_KIND_LABEL,
  RUN_TRIGGER_LABEL,
  runAppliedText,
  runStatusText,
} from './run-labels';

const COLUMNS: readonly { readonly key: keyof EntityCounts; readonly label: string }[] = [
  { key: 'imported', label: 'Imported' },
  { key: 'updated', label: 'Updated' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'rejected', label: 'Not imported' },
  { key: 'skipped', label: 'Skipped' },
  { key: 'missing', label: 'Missing in XPM' },
];

export function RunCountsTable(props: { readonly run: RunRecord; readonly caption: string }): JSX.Element {
  const captionId = createUniqueId();
  return (
    <TableRegion labelledBy={captionId}>
      <table class="counts">
        <caption id={captionId}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Records</th>
            <For each={COLUMNS}>{(column) => <th scope="col">{column.label}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={ENTITY_KINDS}>
            {(entity) => (
              <tr>
                <th scope="row">{ENTITY_LABEL[entity]}</th>
                <For each={COLUMNS}>
                  {(column) => <td class="num">{formatCount(props.run.counts[entity][column.key])}</td>}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableRegion>
  );
}

export function RunSummary(props: { readonly run: RunRecord }): JSX.Element {
  const app = useAppState();
  const finished = () => props.run.finishedAt;
  // The reconnect panel above already explains a lost connection; here it is named only.
  // After a reconnect the lost connection is history: named only, with no "reconnect" advice next to
  // "Connected" (domain/connection.ts).
  const explainedAbove = () =>
    (props.run.error?.code === 'auth/reconnect-needed' && connectionView(app.connection()).reconnectNeeded) ||
    isResolvedConnectionError(props.run, app.connection());
  // S8: a rate-limit-paused run says once what the pause means (its status line says until when).
  const pauseEnd = createPauseEnd();
  const meaning = () =>
    props.run.status === 'paused' && props.run.error?.code === 'xpm/rate-limited'
      ? pausedMeaning(pauseEnd())
      : undefined;
  return (
    <section class="panel" aria-labelledby="run-summary-title">
      <h3 id="run-summary-title">Last sync</h3>
      <p>
        {RUN_KIND_LABEL[props.run.kind]} ({RUN_TRIGGER_LABEL[props.run.trigger]}) ·{' '}
        <strong>{runStatusText(props.run)}</strong> · started {formatDateTime(props.run.startedAt)}
        <Show when={finished()}>{(end) => <> · took {formatDuration(end() - props.run.startedAt)}</>}</Show>
      </p>
      <Show when={props.run.error}>
        {(error) => (
          <ErrorExplanation
            error={error()}
            lead="This sync ended early: "
            compact={explainedAbove()}
            outcome={runAppliedText(props.run)}
            retryShownNearby={props.run.status === 'paused'}
            meaning={meaning()}
          />
        )}
      </Show>
      <RunCountsTable run={props.run} caption="What the last sync did" />
      <dl class="facts">
        <div>
          <dt>API calls used by this sync</dt>
          <dd>{formatCount(props.run.apiCalls)}</dd>
        </div>
        <div>
          <dt>Calls left today (as Xero reported it)</dt>
          <dd>{props.run.dayLimitRemaining === null ? 'Not reported' : formatCount(props.run.dayLimitRemaining)}</dd>
        </div>
      </dl>
    </section>
  );
}
