/**
 * Announces sync runs starting and ending (U6), from the run records themselves, so runs started by
 * the hourly schedule or by another tab are announced too. Failures are not announced here: the
 * "last sync failed" banner appears with role="alert" and says why.
 */
import { createEffect, on } from 'solid-js';
import type { RunRecord } from '../domain/runs';
import type { Announce } from './primitives/announcer';
import { formatCount, plural } from './format';
import type { AppState } from './app-state';

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
    case 'failed':
    case 'abandoned':
    case 'running':
      return null;
  }
}

export function watchRunOutcomes(state: Pick<AppState, 'latestRun'>, announce: Announce): void {
  let previous: { readonly id: string; readonly status: RunRecord['status'] } | null = null;
  let primed = false;
  createEffect(
    on(state.latestRun, (run) => {
      if (!state.latestRun.loaded()) return;
      const before = previous;
      previous = run === undefined ? null : { id: run.id, status: run.status };
      if (!primed) {
        primed = true; // what was already there when the page opened is not news
        return;
      }
      if (run === undefined) return;
      if (run.status === 'running' && (before === null || before.id !== run.id)) {
        announce('Sync started.');
        return;
      }
      if (before !== null && before.id === run.id && before.status === 'running' && run.status !== 'running') {
        const message = runOutcomeMessage(run);
        if (message !== null) announce(message);
      }
    }),
  );
}
