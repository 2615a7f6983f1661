import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  badgeCount,
  FAILURE_STREAK_TO_NOTIFY,
  failureStreak,
  NEVER_NOTIFIED,
  NO_FAILURE_STREAK,
  NOTIFY_AT_MOST_EVERY_MS,
  needsAttention,
  notificationDue,
  STREAK_SCAN_LIMIT,
  streakEffect,
} from '../../src/domain/failure-notice';
import type { RunRecord, RunStatus } from '../../src/domain/runs';
import { run } from '../contracts/records';

const HOUR = 60 * 60_000;
const T = 1_800_000_000_000;

/** Runs newest first, from statuses written oldest first (as one reads a history left to right). */
function history(...statuses: RunStatus[]): RunRecord[] {
  return statuses
    .map((status, i) =>
      run(`r${i}`, {
        status,
        startedAt: T + i * HOUR,
        finishedAt: status === 'running' ? null : T + i * HOUR + 60_000,
        heartbeatAt: T + i * HOUR + 60_000,
        error:
          status === 'failed'
            ? { code: 'xpm/http-error', message: `failure ${i}`, retryable: false, detail: { status: 400 } }
            : null,
      }),
    )
    .reverse();
}

const ended = (runs: readonly RunRecord[]) => runs[0]?.finishedAt ?? 0;

describe('failure streak (S10)', () => {
  it('counts failed runs since the last success, newest first, and names the newest failure', () => {
    expect(failureStreak([])).toEqual(NO_FAILURE_STREAK);
    expect(failureStreak(history('succeeded'))).toEqual(NO_FAILURE_STREAK);
    const runs = history('failed', 'succeeded', 'failed', 'failed');
    const streak = failureStreak(runs);
    expect(streak.count).toBe(2);
    expect(streak.latest?.id).toBe(runs[0]?.id);
    expect(failureStreak(history('failed', 'failed', 'failed', 'succeeded')).count).toBe(0);
  });

  it('reaches the threshold at exactly 3 failures in a row', () => {
    expect(FAILURE_STREAK_TO_NOTIFY).toBe(3);
    expect(needsAttention(failureStreak(history('succeeded', 'failed', 'failed')))).toBe(false);
    expect(needsAttention(failureStreak(history('succeeded', 'failed', 'failed', 'failed')))).toBe(true);
  });

  it('neither counts nor breaks on cancelled, paused, interrupted or running runs', () => {
    for (const neutral of ['cancelled', 'paused', 'abandoned', 'running'] as const) {
      expect(streakEffect(neutral)).toBe('neutral');
      const runs = history('succeeded', 'failed', neutral, 'failed', neutral, neutral, 'failed', neutral);
      expect(failureStreak(runs).count, neutral).toBe(3);
      // The newest *failed* run is the reason shown, not the neutral one after it.
      expect(failureStreak(runs).latest?.status).toBe('failed');
      expect(failureStreak(history('failed', 'failed', neutral)).count).toBe(2);
    }
    expect(streakEffect('failed')).toBe('failure');
    expect(streakEffect('succeeded')).toBe('success');
  });

  it('a success clears it: banner and badge go', () => {
    const failing = failureStreak(history('failed', 'failed', 'failed', 'failed'));
    expect(badgeCount(failing)).toBe(4);
    const cleared = failureStreak(history('failed', 'failed', 'failed', 'failed', 'succeeded'));
    expect(needsAttention(cleared)).toBe(false);
    expect(badgeCount(cleared)).toBeNull();
    expect(badgeCount(failureStreak(history('succeeded', 'failed', 'failed')))).toBeNull();
  });

  it('stops counting at the scan limit', () => {
    const runs = history(...Array.from({ length: STREAK_SCAN_LIMIT + 5 }, (): RunStatus => 'failed'));
    expect(failureStreak(runs).count).toBe(STREAK_SCAN_LIMIT);
  });

  it('matches a plain count over any history (property)', () => {
    const status = fc.constantFrom<RunStatus>('running', 'succeeded', 'failed', 'cancelled', 'paused', 'abandoned');
    fc.assert(
      fc.property(fc.array(status, { maxLength: 30 }), (statuses) => {
        const runs = history(...statuses);
        const newestSuccess = runs.findIndex((r) => r.status === 'succeeded');
        const since = newestSuccess < 0 ? runs : runs.slice(0, newestSuccess);
        const failed = since.filter((r) => r.status === 'failed');
        const streak = failureStreak(runs);
        expect(streak.count).toBe(failed.length);
        expect(streak.latest).toBe(failed[0] ?? null);
      }),
    );
  });
});

describe('when to notify (S10: at most one per 24 hours)', () => {
  const three = history('succeeded', 'failed', 'failed', 'failed');
  const streakOf = (runs: RunRecord[]) => failureStreak(runs);

  it('notifies when the streak reaches 3 and none was ever shown', () => {
    const now = ended(three) + 1_000;
    expect(notificationDue(streakOf(three), NEVER_NOTIFIED, now)).toBe(true);
    expect(notificationDue(streakOf(history('succeeded', 'failed', 'failed')), NEVER_NOTIFIED, now)).toBe(false);
    expect(notificationDue(NO_FAILURE_STREAK, NEVER_NOTIFIED, now)).toBe(false);
  });

  it('shows none for a 4th failure within 24 hours of the last one shown', () => {
    const notifiedAt = ended(three) + 1_000;
    const four = history('succeeded', 'failed', 'failed', 'failed', 'failed');
    expect(notificationDue(streakOf(four), { lastNotifiedAt: notifiedAt }, ended(four) + 1_000)).toBe(false);
    expect(notificationDue(streakOf(three), { lastNotifiedAt: notifiedAt }, notifiedAt)).toBe(false);
  });

  it('is due again exactly 24 hours after the last one, once a run has failed since', () => {
    const notifiedAt = ended(three) + 1_000;
    const later = [
      run('later', {
        status: 'failed',
        startedAt: notifiedAt + NOTIFY_AT_MOST_EVERY_MS - 120_000,
        finishedAt: notifiedAt + NOTIFY_AT_MOST_EVERY_MS - 60_000,
      }),
      ...three,
    ];
    const state = { lastNotifiedAt: notifiedAt };
    expect(notificationDue(streakOf(later), state, notifiedAt + NOTIFY_AT_MOST_EVERY_MS - 1)).toBe(false);
    expect(notificationDue(streakOf(later), state, notifiedAt + NOTIFY_AT_MOST_EVERY_MS)).toBe(true);
  });

  it('does not repeat itself for failures already notified, however long ago (a tab opened a day later)', () => {
    const notifiedAt = ended(three) + 1_000;
    expect(
      notificationDue(streakOf(three), { lastNotifiedAt: notifiedAt }, notifiedAt + 3 * NOTIFY_AT_MOST_EVERY_MS),
    ).toBe(false);
  });

  it('a new streak within 24 hours of the last notification waits for the window (banner only)', () => {
    // Notified for an earlier streak 2 hours before this one began; a success came in between.
    const state = { lastNotifiedAt: T - 2 * HOUR };
    expect(needsAttention(streakOf(three))).toBe(true);
    expect(notificationDue(streakOf(three), state, ended(three) + 1_000)).toBe(false);
    expect(notificationDue(streakOf(three), state, T - 2 * HOUR + NOTIFY_AT_MOST_EVERY_MS)).toBe(true);
  });

  it('treats a stored time in the future (the clock was moved back) as no notification shown', () => {
    const now = ended(three) + 1_000;
    expect(notificationDue(streakOf(three), { lastNotifiedAt: now + HOUR }, now)).toBe(true);
  });

  it('cancelled and paused runs after the third failure neither trigger nor block it', () => {
    const runs = history('succeeded', 'failed', 'failed', 'failed', 'cancelled', 'paused');
    expect(notificationDue(streakOf(runs), NEVER_NOTIFIED, T + 10 * HOUR)).toBe(true);
    expect(notificationDue(streakOf(runs), { lastNotifiedAt: T + 4 * HOUR }, T + 10 * HOUR)).toBe(false);
  });
});
