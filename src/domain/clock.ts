/**
 * The app's one clock (issue M5 item 5). The page and the sync worker read time only through it, so
 * every rule that depends on time — the hourly schedule (S2), the manual cooldown (S5), a daily-limit
 * pause (S8), stale data, run liveness — sees the same "now". In production it is the system clock.
 * A test stack (config.json `testClock`, written only by `npm start -- --test-controls`) lets an
 * end-to-end test move it forward: the offset is added to the system clock on both sides of the
 * worker boundary, so an hour passes for every rule at once without waiting an hour.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/**
 * The furthest a test may move the clock in total: far enough for a day's pause or a long sleep,
 * near enough that a typo cannot push the app's dates into another decade.
 */
export const MAX_TEST_CLOCK_OFFSET_MS = 30 * 24 * 60 * 60_000;

/** A test clock offset is a whole number of milliseconds, never negative (time only moves forward). */
export function isValidClockOffset(offsetMs: unknown): offsetMs is number {
  return (
    typeof offsetMs === 'number' &&
    Number.isSafeInteger(offsetMs) &&
    offsetMs >= 0 &&
    offsetMs <= MAX_TEST_CLOCK_OFFSET_MS
  );
}

/** `base` moved forward by whatever `offset()` says at the moment of reading. */
export function offsetClock(base: Clock, offset: () => number): Clock {
  return { now: () => base.now() + offset() };
}
