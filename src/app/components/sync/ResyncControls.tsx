/**
 * Resync Now / Resync All (S3–S5) with the shared 5-minute cooldown shown as a live countdown on
 * both buttons. The countdown is read from the scheduler state in IndexedDB (so every tab agrees);
 * the worker enforces the same cooldown. While Xero's rate limit has paused syncing (S8) both buttons
 * are off until the time the pause ends, and say so: nothing may be sent before then.
 */
import { Show, type JSX } from 'solid-js';
import type { RunKind } from '../../../domain/runs';
import { useAppState } from '../../app-state';
import { createCountdown } from '../../primitives/createCountdown';
import { formatCountdown, formatCountdownWords } from '../../format';
import { useClock } from '../../services';
import { createPauseEnd, pausedSentence } from './rate-limit-pause';

/** The countdown shows seconds, so it ticks every second (only while a cooldown is running). */
const COUNTDOWN_TICK_MS = 1_000;

export const RESYNC_LABEL: Readonly<Record<RunKind, string>> = { incremental: 'Resync Now', full: 'Resync All' };

export function ResyncControls(props: { readonly disabled?: boolean }): JSX.Element {
  const app = useAppState();
  const clock = useClock();
  const remaining = createCountdown(app.cooldownUntil, COUNTDOWN_TICK_MS, clock.now);
  const coolingDown = () => remaining() > 0;
  // S8: a rate-limit pause (read from IndexedDB, like the cooldown): when it ends ("9:24 PM"), while it lasts.
  const pauseEnd = createPauseEnd();
  const busy = () => app.runActive() || app.runs.requested() !== null;
  const offline = () => !app.online();
  const disabled = () => props.disabled === true || busy() || coolingDown() || pauseEnd() !== null || offline();

  const button = (kind: RunKind) => (
    <button
      type="button"
      class="button"
      classList={{ primary: kind === 'incremental' }}
      disabled={disabled()}
      aria-describedby="resync-cooldown"
      onClick={() => void app.runs.start(kind, 'manual')}
    >
      {RESYNC_LABEL[kind]}
      {/* Hidden from the accessible name (which stays exactly the label); the description says it in words. */}
      <Show
        when={pauseEnd()}
        fallback={
          <Show when={coolingDown()}>
            <span class="countdown" aria-hidden="true" data-testid={`countdown-${kind}`}>
              {formatCountdown(remaining())}
            </span>
          </Show>
        }
      >
        {(text) => (
          <span class="countdown" aria-hidden="true" data-testid={`paused-${kind}`}>
            until {text()}
          </span>
        )}
      </Show>
    </button>
  );

  return (
    <div class="resync">
      <div class="actions">
        {button('incremental')}
        {button('full')}
      </div>
      <p id="resync-cooldown" class="hint">
        <Show
          when={!offline()}
          fallback="You are offline: resyncing needs a connection to Xero. The buttons work again when you are back online."
        >
          <Show
            when={pauseEnd()}
            fallback={
              <Show
                when={coolingDown()}
                fallback={
                  <Show when={busy()} fallback="Each button can be used once every 5 minutes.">
                    A sync is running.
                  </Show>
                }
              >
                Available again in {formatCountdownWords(remaining())}. Each button can be used once every 5 minutes;
                hourly syncs are not affected.
              </Show>
            }
          >
            {(text) => pausedSentence(text())}
          </Show>
        </Show>
      </p>
      <table class="compact">
        <caption>Which resync to use</caption>
        <thead>
          <tr>
            <th scope="col">Resync option</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Resync Now</th>
            <td>
              Only clients, contacts and staff changed in XPM since the last successful sync are updated. Quick; use it
              after editing a few records in XPM.
            </td>
          </tr>
          <tr>
            <th scope="row">Resync All</th>
            <td>
              The entire XPM record base is read again and every record updated. Also finds records deleted in XPM and
              marks them “missing in XPM”.
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
