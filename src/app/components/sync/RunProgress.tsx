/** A running sync's progress (S6), read from its run record, so it survives a reload and shows in every tab. */
import { Show, type JSX } from 'solid-js';
import type { RunRecord } from '../../../domain/runs';
import { useAppState } from '../../app-state';
import { createNow } from '../../primitives/createNow';
import { useClock } from '../../services';
import { formatBytes, formatCount, formatCountdown, formatDuration, formatTime } from '../../format';
import { runActivity, RUN_KIND_LABEL, RUN_TRIGGER_LABEL } from './run-labels';
import { errorHelp } from '../../error-help';

/** The elapsed time and a wait's countdown move every second while a run is shown. */
export const PROGRESS_TICK_MS = 1_000;

export function RunProgress(props: { readonly run: RunRecord }): JSX.Element {
  const app = useAppState();
  const now = createNow(PROGRESS_TICK_MS, () => true, useClock());
  const counts = () => props.run.counts;
  const resumedAt = () => props.run.checkpoint?.resumedAt.at(-1);
  const processed = () => counts().contact.imported + counts().contact.updated + counts().contact.unchanged;
  // This tab's request for this run failed on storage and nothing has written the record since.
  const stopped = () => {
    const stop = app.runs.stoppedUnrecorded();
    return stop !== null && stop.runId === props.run.id && stop.heartbeatAt === props.run.heartbeatAt ? stop : null;
  };
  return (
    <section class="panel run-progress" aria-labelledby="run-progress-title" aria-busy={stopped() === null}>
      <h3 id="run-progress-title">
        {RUN_KIND_LABEL[props.run.kind]} {stopped() === null ? 'in progress' : 'stopped'} (
        {RUN_TRIGGER_LABEL[props.run.trigger]})
      </h3>
      <Show
        when={stopped()}
        fallback={
          <p>
            <strong data-testid="run-activity">{runActivity(props.run)}</strong>
            <Show when={props.run.wait}>
              {(wait) => <span data-testid="run-wait"> — {waitText(wait(), now())}</span>}
            </Show>{' '}
            · running for{' '}
            <span data-testid="run-elapsed">{formatDuration(Math.max(0, now() - props.run.startedAt))}</span>
          </p>
        }
      >
        {(stop) => (
          <p class="notice warning" data-testid="run-stopped">
            It stopped at {formatTime(stop().at)}: {errorHelp(stop().error.code).title.toLowerCase()}. It could not
            record that it stopped (that needs storage too), so it is still listed as running. What it had saved is
            kept; once the browser can save again, it resumes from there by itself.
          </p>
        )}
      </Show>
      <Show when={resumedAt()}>
        {(at) => (
          <p class="hint" data-testid="run-resumed">
            Resumed at {formatTime(at())}: the tab running it was reloaded, closed or stopped responding. What it had
            saved was kept.
          </p>
        )}
      </Show>
      <Show when={!app.runActive() && stopped() === null}>
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
          <dt>Clients read</dt>
          <dd data-testid="clients-read">{formatCount(props.run.clientsRead ?? props.run.clientsProcessed)}</dd>
        </div>
        <div>
          <dt>Clients saved</dt>
          <dd data-testid="clients-saved">{formatCount(props.run.clientsProcessed)}</dd>
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

/** "resumes in 0:42" / "attempt 2 of 5 in 0:03", counting down by the page's clock. */
function waitText(wait: NonNullable<RunRecord['wait']>, now: number): string {
  const left = formatCountdown(wait.until - now);
  return wait.reason === 'rate-limit'
    ? `resumes in ${left}`
    : `attempt ${wait.attempt} of ${wait.maxAttempts} in ${left}`;
}
