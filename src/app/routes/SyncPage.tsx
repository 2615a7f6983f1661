/**
 * Sync: the connection (connect, first sync, reconnect, disconnect), Resync Now / Resync All with the
 * shared cooldown, the running sync's progress, the last run's summary and Download Sync Summary.
 */
import { createMemo, Match, Show, Switch, type JSX } from 'solid-js';
import { type ConnectionInfo, connectionView } from '../../domain/connection';
import { recentRuns } from '../../storage/queries';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { usePageTitle } from '../primitives/usePageTitle';
import { DialogFocusFallback } from '../primitives/modal';
import { ConnectButton } from '../components/ConnectButton';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { ResyncControls } from '../components/sync/ResyncControls';
import { RunProgress } from '../components/sync/RunProgress';
import { RunSummary } from '../components/sync/RunSummary';
import { DownloadSummaryButton } from '../components/sync/DownloadSummaryButton';
import { DisconnectSection } from '../components/sync/DisconnectSection';
import { OutstandingProblems } from '../components/fixlist/OutstandingProblems';
import { START_SYNC_LABEL } from '../components/sync/FirstSyncPreview';
import { createPauseEnd, pausedSentence } from '../components/sync/rate-limit-pause';
import { XPM_PERMISSION_STEPS, errorHelp } from '../error-help';
import { formatCount } from '../format';

/** Runs read to add up today's API calls; more than any day's runs (24 hourly + manual ones). */
const RUNS_FOR_DAILY_CALLS = 100;

function practiceLabel(connection: ConnectionInfo): string {
  return connection.practiceName ?? connection.name ?? 'your practice';
}

function NotConnected(): JSX.Element {
  const { config } = useServices();
  return (
    <section class="panel" aria-labelledby="connect-title">
      <h3 id="connect-title">Connect your practice</h3>
      <p>
        This app keeps a read-only copy of your Xero Practice Manager contacts, clients and staff in this browser, and
        updates it every hour while the app is open. It never changes anything in XPM.
      </p>
      <p>
        You sign in on {config.upstreamLabel === 'Xero' ? 'Xero’s' : `the ${config.upstreamLabel}’s`} own page, then
        choose your practice. Your Xero user needs the XPM permission “Connect third-party add-ons”.
      </p>
      <details>
        <summary>How an XPM administrator grants that permission</summary>
        <ol class="steps">
          {XPM_PERMISSION_STEPS.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
      </details>
      <ConnectButton />
    </section>
  );
}

function ConnectionFacts(props: { readonly connection: ConnectionInfo }): JSX.Element {
  return (
    <dl class="facts">
      <div>
        <dt>Practice</dt>
        <dd>{props.connection.practiceName ?? '—'}</dd>
      </div>
      <div>
        <dt>Connection name</dt>
        <dd>{props.connection.name ?? '—'}</dd>
      </div>
    </dl>
  );
}

export default function SyncPage(): JSX.Element {
  usePageTitle('Sync');
  const { db } = useServices();
  const app = useAppState();
  const connection = () => app.connection();
  const runs = createLiveQuery(() => recentRuns(db, RUNS_FOR_DAILY_CALLS), []);
  const callsToday = createMemo(() => {
    const midnight = new Date(app.now());
    midnight.setHours(0, 0, 0, 0);
    return runs()
      .filter((run) => run.startedAt >= midnight.getTime())
      .reduce((sum, run) => sum + run.apiCalls, 0);
  });
  const latest = () => app.latestRun();
  const running = () => {
    const run = latest();
    return run !== undefined && run.status === 'running' ? run : undefined;
  };
  const finished = () => {
    const run = latest();
    return run !== undefined && run.status !== 'running' ? run : undefined;
  };
  // The one view of the connection (domain/connection.ts) the header, banners and buttons all read.
  const view = () => connectionView(connection());
  const firstSyncPending = () => view().firstSyncPending;
  // S8: Start sync, like the Resync buttons, is off until a rate-limit pause ends, and says so.
  const pauseEnd = createPauseEnd();

  let heading: HTMLHeadingElement | undefined;
  return (
    // A dialog whose opener went away (Disconnect: the section goes) returns focus to the heading.
    <DialogFocusFallback target={() => heading}>
      <section class="page" aria-labelledby="page-title">
        <h2 id="page-title" tabIndex={-1} ref={heading}>
          Sync
        </h2>
        <Show when={app.connection.loaded()} fallback={<p class="hint">Loading…</p>}>
          <Switch>
            <Match when={connection().status === 'disconnected'}>
              <NotConnected />
            </Match>
            <Match when={connection().status === 'authorized'}>
              <section class="panel" aria-labelledby="unfinished-title">
                <h3 id="unfinished-title">Connecting was not finished</h3>
                <p>You signed in to Xero but did not choose a practice. Connect again to choose it.</p>
                <ConnectButton />
              </section>
            </Match>
            <Match when={connection().status === 'reconnect-needed'}>
              <section class="panel notice warning" aria-labelledby="reconnect-title">
                <h3 id="reconnect-title">{errorHelp('auth/reconnect-needed').title}</h3>
                <ConnectionFacts connection={connection()} />
                <Show when={connection().reason}>{(reason) => <p>{reason()}</p>}</Show>
                <p>{errorHelp('auth/reconnect-needed').whatToDo}</p>
                <ConnectButton />
              </section>
            </Match>
            <Match when={connection().status === 'connected'}>
              <section class="panel" aria-labelledby="connection-title">
                <h3 id="connection-title">Connected to {practiceLabel(connection())}</h3>
                <ConnectionFacts connection={connection()} />
                <Show when={firstSyncPending()} fallback={<ResyncControls disabled={!view().canResync} />}>
                  <p>The connection is set up, but the first sync has not started yet.</p>
                  <button
                    type="button"
                    class="button primary"
                    disabled={app.runs.requested() !== null || app.runActive() || !app.online() || pauseEnd() !== null}
                    aria-describedby="start-sync-hint"
                    onClick={() => void app.runs.start('full', 'first')}
                  >
                    {START_SYNC_LABEL}
                    {/* Hidden from the accessible name (which stays exactly the label); the hint says it in words. */}
                    <Show when={pauseEnd()}>
                      {(text) => (
                        <span class="countdown" aria-hidden="true" data-testid="paused-first">
                          until {text()}
                        </span>
                      )}
                    </Show>
                  </button>
                  <Show when={!app.online() || pauseEnd() !== null}>
                    <p id="start-sync-hint" class="hint">
                      <Show when={app.online()} fallback="You are offline: the first sync needs a connection to Xero.">
                        <Show when={pauseEnd()}>{(text) => pausedSentence(text())}</Show>
                      </Show>
                    </p>
                  </Show>
                </Show>
              </section>
            </Match>
          </Switch>
        </Show>

        <Show when={app.runs.error()}>
          {(error) => (
            <ErrorExplanation error={error()} role="alert">
              <button type="button" class="button" onClick={() => app.runs.clearError()}>
                Dismiss
              </button>
            </ErrorExplanation>
          )}
        </Show>

        <Show when={running()}>{(run) => <RunProgress run={run()} />}</Show>
        <Show when={finished()}>{(run) => <RunSummary run={run()} />}</Show>

        <Show when={latest() !== undefined}>
          <section class="panel" aria-labelledby="summary-title">
            <h3 id="summary-title">Records not imported</h3>
            <p>
              A contact is imported when it has a full name, a valid email address and a valid mobile number (or no
              mobile). The Sync Summary is a CSV of every record in XPM that is currently not imported, imported with a
              warning or skipped — not only what the latest sync touched — with the reason, what to change in XPM and
              when the problem was first seen.
            </p>
            <DownloadSummaryButton />
            <p class="hint">
              API calls used today: {formatCount(callsToday())} (Xero allows 5,000 a day per practice).
            </p>
          </section>
          <OutstandingProblems />
        </Show>

        <Show when={connection().status === 'connected' || connection().status === 'reconnect-needed'}>
          <DisconnectSection practiceName={practiceLabel(connection())} />
        </Show>
      </section>
    </DialogFocusFallback>
  );
}
