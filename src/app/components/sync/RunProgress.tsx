/** A running sync's progress (S6), read from its run record, so it survives a reload and shows in every tab. */
import { Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { useAppState } from '../../app-state';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../format';
import { RUN_KIND_LABEL, RUN_PHASE_LABEL, RUN_TRIGGER_LABEL } from './run-labels';

export function RunProgress(props: { readonly run: RunRecord }): JSX.Element {
  const app = useAppState();
  const counts = () => props.run.counts;
  const processed = () => counts().contact.imported + counts().contact.updated + counts().contact.unchanged;
  return (
    <section class="panel run-progress" aria-labelledby="run-progress-title" aria-busy="true">
      <h3 id="run-progress-title">
        {RUN_KIND_LABEL[props.run.kind]} in progress ({RUN_TRIGGER_LABEL[props.run.trigger]})
      </h3>
      <p>
        <strong>{RUN_PHASE_LABEL[props.run.phase]}</strong> · running for{' '}
        {formatDuration(Math.max(0, app.now() - props.run.startedAt))}
      </p>
      <Show when={!app.runActive()}>
        <p class="notice warning">
          This sync has not reported progress since {formatTime(props.run.heartbeatAt)}. It may be waiting for Xero’s
          rate limit, or the tab running it was closed; the next sync takes over if so.
        </p>
      </Show>
      <Show
        when={props.run.bytesExpected}
        fallback={
          <p>
            <progress class="progress" aria-label="Download progress" /> {formatBytes(props.run.bytesReceived)} received
          </p>
        }
      >
        {(expected) => (
          <p>
            <progress
              class="progress"
              aria-label="Download progress"
              max={expected()}
              value={Math.min(props.run.bytesReceived, expected())}
            />{' '}
            {formatBytes(props.run.bytesReceived)} of {formatBytes(expected())} received
          </p>
        )}
      </Show>
      <dl class="facts">
        <div>
          <dt>Clients processed</dt>
          <dd>{formatCount(props.run.clientsProcessed)}</dd>
        </div>
        <div>
          <dt>Contacts so far</dt>
          <dd>{formatCount(processed())}</dd>
        </div>
        <div>
          <dt>Not imported so far</dt>
          <dd>{formatCount(counts().contact.rejected + counts().client.rejected + counts().staff.rejected)}</dd>
        </div>
        <div>
          <dt>API calls</dt>
          <dd>{formatCount(props.run.apiCalls)}</dd>
        </div>
      </dl>
      <button type="button" class="button" disabled={app.runs.cancelling()} onClick={() => void app.runs.cancel()}>
        Cancel sync
      </button>
    </section>
  );
}
