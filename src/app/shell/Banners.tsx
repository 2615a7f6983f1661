/**
 * Things that need the user's attention, above every page: offline, a new version of the app,
 * storage upgraded in another tab, the worker could not start, reconnect needed, syncing failed
 * several times in a row (S10) or the last sync failed, syncing paused by Xero's limit, and the
 * first sync not started yet.
 *
 * One place per fact on the Sync page: its own panels say there what a banner says elsewhere — the
 * reconnect panel, the Last sync card (the last run's outcome, its reason and what to do) and the
 * Resync or Start sync buttons (paused until when). So the reconnect, "last sync failed" and "paused" banners are
 * not shown there, and the S10 banner names the last error only by its title when the Last sync card
 * below explains that same run.
 */
import { createResource, Show, type JSX } from 'solid-js';
import { A, useLocation, useNavigate } from '@solidjs/router';
import { useAppState } from '../app-state';
import { connectionView, isResolvedConnectionError } from '../../domain/connection';
import { useClock, useServices } from '../services';
import { ConnectButton } from '../components/ConnectButton';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { rateLimitedUntilText, runAppliedText } from '../components/sync/run-labels';
import { errorHelp } from '../error-help';
import { formatDateTime, isoTime } from '../format';
import { UpdateBanner } from './UpdateBanner';
import { createFailureNotices, startFailureNotifier } from '../failure-notices';
import { browserNotifications } from '../system-notifications';
import { FailureStreakBanner } from './FailureStreakBanner';

function StorageBanner(): JSX.Element {
  const { storageNotice } = useServices();
  return (
    <>
      <Show when={storageNotice() === 'version-changed'}>
        <div class="banner warning" role="alert">
          <p>
            <strong>This app was updated in another tab.</strong> Reload to use the new version; this tab can no longer
            read the local data.
          </p>
          <button type="button" class="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </Show>
      <Show when={storageNotice() === 'blocked'}>
        <div class="banner warning" role="alert">
          <p>
            <strong>Finishing an update.</strong> Close the other tabs of this app so the local data can be upgraded.
          </p>
        </div>
      </Show>
    </>
  );
}

function WorkerBanner(): JSX.Element {
  const { configured } = useServices();
  const [result] = createResource(() => configured);
  const failure = () => {
    const answer = result();
    return answer !== undefined && !answer.ok ? answer.error : null;
  };
  return (
    <Show when={failure()}>
      {(error) => (
        <div class="banner error">
          <ErrorExplanation error={error()} role="alert" lead="Syncing is unavailable: " />
        </div>
      )}
    </Show>
  );
}

/** U5: offline, the app shows what this browser holds, and says how current it is. */
export function OfflineBanner(): JSX.Element {
  const app = useAppState();
  return (
    <Show when={!app.online()}>
      <div class="banner info" role="status" data-testid="offline-notice">
        <p>
          <Show
            when={app.syncState().lastSuccessAt}
            fallback={
              <>
                <strong>Offline</strong> — nothing has been synced to this browser yet.
              </>
            }
          >
            {(at) => (
              <>
                <strong>Offline</strong> — showing data from{' '}
                <time datetime={isoTime(at())}>{formatDateTime(at())}</time>.
              </>
            )}
          </Show>
        </p>
      </div>
    </Show>
  );
}

export function Banners(): JSX.Element {
  const app = useAppState();
  const { db } = useServices();
  const location = useLocation();
  const navigate = useNavigate();
  const connection = () => app.connection();
  // The one view of the connection (domain/connection.ts) the header, banners and buttons all read.
  const view = () => connectionView(connection());
  // S10: mounted once with the app's frame, so every open tab watches for repeated failures.
  const failures = createFailureNotices(db, app);
  const clock = useClock();
  startFailureNotifier(
    db,
    failures,
    app,
    browserNotifications,
    () => {
      window.focus();
      navigate('/sync');
    },
    clock.now,
  );
  const onSyncPage = () => location.pathname === '/sync' || location.pathname === '/callback';
  // The Sync page itself (not the callback's steps): its Last sync card and Resync buttons are there.
  const syncPageShown = () => location.pathname === '/sync';
  // Resync Now / Resync All, or Start sync before the first sync: either says when a pause ends (S8).
  const syncButtonsShown = () => syncPageShown() && connection().status === 'connected';
  const failedRun = () => {
    const run = app.latestRun();
    if (run === undefined || run.status !== 'failed' || run.error === null) return null;
    // The Sync page's Last sync card explains this run: its outcome, reason and what to do.
    if (syncPageShown()) return null;
    // The failure-streak banner already names this error, with when syncing last worked.
    if (failures.active()) return null;
    // The reconnect banner already says this, with the button to fix it.
    if (run.error.code === 'auth/reconnect-needed' && view().reconnectNeeded) return null;
    // The connection was made again since: a successful reconnect clears "reconnect needed" (C5).
    if (isResolvedConnectionError(run, connection())) return null;
    return { error: run.error, outcome: runAppliedText(run) };
  };
  const pausedUntil = () => {
    // The Resync (or Start sync) buttons say it there, disabled until the pause ends (S8).
    if (syncButtonsShown()) return null;
    const until = app.syncState().pausedUntil;
    return until !== null && until > app.now() ? until : null;
  };
  // S10 on the Sync page: when the Last sync card shows the streak's last failed run, it carries the
  // reason and the fix; the banner names it only.
  const streakExplainedBelow = () => {
    const latest = app.latestRun();
    return syncPageShown() && latest !== undefined && failures.streak().latest?.id === latest.id;
  };

  return (
    <div class="banners" aria-label="Notices" role="region">
      <OfflineBanner />
      <UpdateBanner />
      <StorageBanner />
      <WorkerBanner />
      <Show when={view().reconnectNeeded && !onSyncPage()}>
        {/* Not an alert: only a failed run breaks the connection, and its end is announced, with what to do (run-announcements.ts). */}
        <div class="banner warning">
          <p>
            <strong>{errorHelp('auth/reconnect-needed').title}.</strong>{' '}
            {connection().reason ?? errorHelp('auth/reconnect-needed').whatToDo}
          </p>
          <ConnectButton label="Reconnect" />
        </div>
      </Show>
      <FailureStreakBanner notices={failures} compact={streakExplainedBelow()} />
      <Show when={failedRun()}>
        {(failed) => (
          <div class="banner error">
            {/* Not an alert itself: the run's end is announced once, on any page (run-announcements.ts). */}
            <ErrorExplanation error={failed().error} outcome={failed().outcome} lead="The last sync failed: ">
              <A href="/monitoring">See the run log</A>
            </ErrorExplanation>
          </div>
        )}
      </Show>
      <Show when={pausedUntil()}>
        {(until) => (
          <div class="banner warning" role="status">
            <p>
              <strong>Syncing is paused — {rateLimitedUntilText(until(), app.now())}.</strong> Xero’s API limit for this
              practice was reached, so nothing is sent to Xero before then; syncing resumes by itself.
            </p>
          </div>
        )}
      </Show>
      <Show when={view().firstSyncPending && !onSyncPage()}>
        <div class="banner info" role="status">
          <p>
            <strong>The first sync has not started.</strong> Your practice is connected; start the sync when you are
            ready.
          </p>
          <A href="/sync" class="button">
            Go to Sync
          </A>
        </div>
      </Show>
    </div>
  );
}
