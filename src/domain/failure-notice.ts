/**
 * S10: when repeated sync failures need someone's attention. Pure rules over the run history
 * (newest first) and the stored time of the last system notification: how many runs in a row have
 * failed, whether the in-app banner and the app badge show, and whether a system notification is
 * due now. The page applies them; the check-and-set that keeps two tabs from both notifying is in
 * storage/failure-notice.ts.
 */
import { assertNever } from './assert-never';
import type { RunRecord, RunStatus } from './runs';

/** S10: this many failed runs in a row raise the banner, the badge and a system notification. */
export const FAILURE_STREAK_TO_NOTIFY = 3;

/** S10: at most one system notification per 24 hours, however long the failures go on. */
export const NOTIFY_AT_MOST_EVERY_MS = 24 * 60 * 60_000;

/**
 * Runs read to count a streak: the run history the app keeps (DB-2 proposes 200). A longer streak
 * shows as this many; it only has to be at least FAILURE_STREAK_TO_NOTIFY to matter.
 */
export const STREAK_SCAN_LIMIT = 200;

/** What a run does to the streak. */
export type StreakEffect = 'failure' | 'success' | 'neutral';

/**
 * - `failed` extends the streak; `succeeded` ends it.
 * - `cancelled` is neutral: someone chose to stop it, which says nothing about whether syncing works
 *   (S10: "a cancelled run is not a failure"); letting it end the streak would let a cancel hide a
 *   problem that is still there.
 * - `paused` is neutral: Xero's rate limit stopped it and the app resumes by itself at the time it
 *   shows (its own banner says so); nothing is broken that a person must fix.
 * - `abandoned` (interrupted by a reload, a closed tab or a crash) is neutral: it is resumed, not
 *   failed, and the resumed run's outcome is what counts.
 * - `running` is neutral: it has no outcome yet, so the banner stays until a run actually succeeds.
 */
export function streakEffect(status: RunStatus): StreakEffect {
  switch (status) {
    case 'failed':
      return 'failure';
    case 'succeeded':
      return 'success';
    case 'cancelled':
    case 'paused':
    case 'abandoned':
    case 'running':
      return 'neutral';
    default:
      return assertNever(status, 'run status');
  }
}

export interface FailureStreak {
  /** Failed runs since the last successful one (neutral runs skipped), at most STREAK_SCAN_LIMIT. */
  readonly count: number;
  /** The newest failed run: its error is the reason shown. Null when count is 0. */
  readonly latest: RunRecord | null;
}

export const NO_FAILURE_STREAK: FailureStreak = { count: 0, latest: null };

/** The failure streak at the head of a run history given newest first. */
export function failureStreak(runsNewestFirst: readonly RunRecord[]): FailureStreak {
  let count = 0;
  let latest: RunRecord | null = null;
  for (const run of runsNewestFirst) {
    const effect = streakEffect(run.status);
    if (effect === 'success') break;
    if (effect === 'neutral') continue;
    count += 1;
    latest ??= run;
    if (count >= STREAK_SCAN_LIMIT) break;
  }
  return { count, latest };
}

/** The banner shows, and the badge counts, while the streak is at least FAILURE_STREAK_TO_NOTIFY. */
export function needsAttention(streak: FailureStreak): boolean {
  return streak.count >= FAILURE_STREAK_TO_NOTIFY;
}

/** The stored memory of the last system notification (one value for every tab). */
export interface FailureNoticeState {
  /** When a system notification was last shown, by any tab (epoch ms), or null. */
  readonly lastNotifiedAt: number | null;
}

export const NEVER_NOTIFIED: FailureNoticeState = { lastNotifiedAt: null };

/** When a run ended (a failed run always has finishedAt; the heartbeat covers older records). */
export function runEndedAt(run: RunRecord): number {
  return run.finishedAt ?? run.heartbeatAt;
}

/**
 * A system notification is due now when the streak needs attention and
 * - none was ever shown, or
 * - the last one is at least NOTIFY_AT_MOST_EVERY_MS old and a run has failed since it (so a tab
 *   opened a day later does not notify again about failures already notified), or
 * - the stored time is in the future: the clock was moved back, so it no longer measures anything.
 */
export function notificationDue(streak: FailureStreak, state: FailureNoticeState, now: number): boolean {
  if (!needsAttention(streak) || streak.latest === null) return false;
  const last = state.lastNotifiedAt;
  if (last === null || last > now) return true;
  return now - last >= NOTIFY_AT_MOST_EVERY_MS && runEndedAt(streak.latest) > last;
}

/** The app badge: the number of failed runs in a row while they need attention, else none (cleared). */
export function badgeCount(streak: FailureStreak): number | null {
  return needsAttention(streak) ? streak.count : null;
}
