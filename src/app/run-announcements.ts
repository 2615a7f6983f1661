/**
 * Announces sync runs starting, changing phase, being resumed and ending (U6, S6), from the run
 * records themselves, so runs started by the hourly schedule or by another tab are announced too.
 * Progress figures are never announced (they change several times a second); phases are. A failure
 * is announced here at once (assertive), with its reason's title, on whichever page is open: the
 * Sync page's Last sync says why and what to do, and other pages' "last sync failed" banner does (it is
 * not a live region itself, so a failure is announced once). A failure that broke the connection (C5)
 * also says what to do, since it is the one announcement of it: the "Reconnect" banner that then
 * appears on other pages is not an alert either.
 */
import { createEffect, on } from 'solid-js';
import { runAttempt, type RunRecord } from '../domain/runs';
import { isConnectionErrorCode } from '../domain/connection';
import type { Announce } from './primitives/announcer';
import { formatCount, formatTime, plural } from './format';
import type { AppState } from './app-state';
import { runActivity } from './components/sync/run-labels';
import { errorHelp } from './error-help';

/** What is said when a running run's activity changes (null: nothing worth saying). */
export function runActivityMessage(run: RunRecord): string | null {
  const wait = run.wait ?? null;
  if (wait !== null) return `Sync: ${runActivity(run)}; it continues at ${formatTime(wait.until)}.`;
  if (run.phase === 'connecting' || run.phase === 'done') return null;
  return `Sync: ${runActivity(run)}.`;
}

export function runOutcomeMessage(run: RunRecord): string | null {
  switch (run.status) {
    case 'succeeded': {
      const c = run.counts.contact;
      const rejected = run.counts.contact.rejected + run.counts.client.rejected + run.counts.staff.rejected;
      return (
        `Sync finished: ${plural(c.imported, 'contact', 'contacts')} imported, ${formatCount(c.updated)} updated, ` +
        `${plural(rejected, 'record', 'records')} not imported.`
      );
    }
    case 'cancelled':
      return 'Sync cancelled.';
    case 'paused':
      return 'Sync paused: Xero’s API limit was reached. It continues by itself later.';
    case 'failed': {
      if (run.error === null) return 'Sync failed.';
      const help = errorHelp(run.error.code);
      return isConnectionErrorCode(run.error.code)
        ? `Sync failed: ${help.title}. ${help.whatToDo}`
        : `Sync failed: ${help.title}.`;
    }
    case 'abandoned':
    case 'running':
      return null;
  }
}

export function watchRunOutcomes(state: Pick<AppState, 'latestRun'>, announce: Announce): void {
  let previous: {
    readonly id: string;
    readonly status: RunRecord['status'];
    readonly activity: string;
    readonly attempt: number;
  } | null = null;
  let primed = false;
  createEffect(
    on(state.latestRun, (run) => {
      if (!state.latestRun.loaded()) return;
      const before = previous;
      previous =
        run === undefined
          ? null
          : { id: run.id, status: run.status, activity: runActivity(run), attempt: runAttempt(run) };
      if (!primed) {
        primed = true; // what was already there when the page opened is not news
        return;
      }
      if (run === undefined) return;
      if (run.status === 'running' && (before === null || before.id !== run.id)) {
        announce('Sync started.');
        return;
      }
      if (run.status === 'running' && before !== null && before.id === run.id) {
        if (runAttempt(run) > before.attempt) announce('Sync resumed: it continues where it was interrupted.');
        else if (runActivity(run) !== before.activity) {
          const message = runActivityMessage(run);
          if (message !== null) announce(message);
        }
        return;
      }
      if (before !== null && before.id === run.id && before.status === 'running' && run.status !== 'running') {
        const message = runOutcomeMessage(run);
        if (message !== null) announce(message, run.status === 'failed' ? 'assertive' : 'polite');
      }
    }),
  );
}
