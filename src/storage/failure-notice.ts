/**
 * S10 in IndexedDB: the runs a failure streak is counted from, and the one "last notified at" value
 * every tab shares. Claiming a notification is a check-and-set in one read-write transaction on the
 * kv table: IndexedDB runs overlapping read-write transactions one after another, across tabs too,
 * so when several tabs see the same third failure exactly one of them wins the claim and notifies.
 */
import type { RunRecord } from '../domain/runs';
import {
  type FailureNoticeState,
  type FailureStreak,
  NEVER_NOTIFIED,
  notificationDue,
  STREAK_SCAN_LIMIT,
} from '../domain/failure-notice';
import type { AppDB } from './db';
import { readKv, readSettings, writeKv } from './kv';

/**
 * The newest runs up to and including the newest successful one (at most STREAK_SCAN_LIMIT), newest
 * first: all failureStreak() needs, usually one or two records.
 */
export function streakRuns(db: AppDB): Promise<RunRecord[]> {
  return db.runs
    .orderBy('startedAt')
    .reverse()
    .until((run) => run.status === 'succeeded', true)
    .limit(STREAK_SCAN_LIMIT)
    .toArray();
}

export function isFailureNoticeState(value: unknown): value is FailureNoticeState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const last: unknown = (value as Readonly<Record<string, unknown>>)['lastNotifiedAt'];
  return last === null || (typeof last === 'number' && Number.isFinite(last));
}

export function readFailureNotice(db: AppDB): Promise<FailureNoticeState> {
  return readKv(db, 'failureNotice', NEVER_NOTIFIED, isFailureNoticeState);
}

/**
 * Records that a notification about `streak` is being shown at `now`, if one is still due and
 * notifications are still on — decided and written in one transaction. True means this caller won
 * and must show it; false means it is not due (another tab has just shown it, or it was turned off).
 */
export function claimFailureNotification(db: AppDB, streak: FailureStreak, now: number): Promise<boolean> {
  return db.transaction('rw', db.kv, async () => {
    const [state, settings] = await Promise.all([readFailureNotice(db), readSettings(db)]);
    if (!settings.notificationsEnabled || !notificationDue(streak, state, now)) return false;
    await writeKv<FailureNoticeState>(db, 'failureNotice', { lastNotifiedAt: now });
    return true;
  });
}
