import { describe, expect, it } from 'vitest';
import {
  decideScheduledRun,
  HOURLY_SYNC_INTERVAL_MS,
  type ScheduledRunInput,
  scheduleAfterRun,
  inCooldown,
  MANUAL_RUN_COOLDOWN_MS,
  cooldownEndsAt,
  isRunLive,
  NO_COOLDOWN,
  RUN_HEARTBEAT_INTERVAL_MS,
  RUN_HEARTBEAT_STALE_MS,
} from '../../src/domain/schedule';
import { run } from '../contracts/records';
import { isValidClockOffset, MAX_TEST_CLOCK_OFFSET_MS, offsetClock } from '../../src/domain/clock';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const HOUR = HOURLY_SYNC_INTERVAL_MS;

function input(overrides: Partial<ScheduledRunInput> = {}): ScheduledRunInput {
  return {
    scheduleEnabled: true,
    connection: { status: 'connected', firstSyncStarted: true },
    schedule: scheduleAfterRun(T0),
    state: { lastSuccessAt: T0, pausedUntil: null },
    now: T0 + HOUR,
    ...overrides,
  };
}

describe('decideScheduledRun (S2, S5, S8, C3, C5)', () => {
  it('runs once the wall-clock due time has come, not a millisecond before', () => {
    expect(decideScheduledRun(input())).toEqual({ run: true });
    expect(decideScheduledRun(input({ now: T0 + HOUR - 1 }))).toEqual({ run: false, reason: 'not-due' });
  });

  it('after hours of sleep it is simply due: one run, whose end moves the next due time an hour on', () => {
    const woke = T0 + 5 * HOUR + 17_000;
    expect(decideScheduledRun(input({ now: woke }))).toEqual({ run: true });
    const ended = woke + 40_000;
    expect(decideScheduledRun(input({ now: ended, schedule: scheduleAfterRun(ended) }))).toEqual({
      run: false,
      reason: 'not-due',
    });
  });

  it('without a stored due time, is due an hour after the last success', () => {
    expect(decideScheduledRun(input({ schedule: { nextDueAt: null } }))).toEqual({ run: true });
    expect(decideScheduledRun(input({ schedule: { nextDueAt: null }, now: T0 + HOUR - 1 })).run).toBe(false);
  });

  it('takes no account of the manual cooldown (it is not even an input)', () => {
    const cooldown = { manualRunStartedAt: T0 + HOUR - 60_000 };
    expect(inCooldown(cooldown, T0 + HOUR)).toBe(true);
    expect(MANUAL_RUN_COOLDOWN_MS).toBeLessThan(HOUR);
    expect(decideScheduledRun(input())).toEqual({ run: true });
  });

  it('waits for a daily-limit pause to end, then runs', () => {
    const pausedUntil = T0 + 3 * HOUR;
    const paused = { lastSuccessAt: T0, pausedUntil };
    expect(decideScheduledRun(input({ state: paused, now: pausedUntil - 1 }))).toEqual({
      run: false,
      reason: 'paused',
    });
    expect(decideScheduledRun(input({ state: paused, now: pausedUntil }))).toEqual({ run: true });
  });

  it('never runs when switched off, before Start sync, or while the connection needs the user', () => {
    expect(decideScheduledRun(input({ scheduleEnabled: false }))).toEqual({ run: false, reason: 'disabled' });
    expect(decideScheduledRun(input({ connection: { status: 'connected', firstSyncStarted: false } }))).toEqual({
      run: false,
      reason: 'not-connected',
    });
    for (const status of ['authorized', 'reconnect-needed', 'disconnected'] as const)
      expect(decideScheduledRun(input({ connection: { status, firstSyncStarted: true } }))).toEqual({
        run: false,
        reason: 'not-connected',
      });
  });
});

describe('the app clock (domain/clock.ts)', () => {
  it('adds the offset read at each call', () => {
    let offset = 0;
    const clock = offsetClock({ now: () => T0 }, () => offset);
    expect(clock.now()).toBe(T0);
    offset = 5 * HOUR;
    expect(clock.now()).toBe(T0 + 5 * HOUR);
  });

  it('accepts only whole, forward offsets within the limit', () => {
    expect(isValidClockOffset(0)).toBe(true);
    expect(isValidClockOffset(MAX_TEST_CLOCK_OFFSET_MS)).toBe(true);
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_TEST_CLOCK_OFFSET_MS + 1, '5', null])
      expect(isValidClockOffset(bad)).toBe(false);
  });
});

describe('the manual cooldown (S5) and run liveness', () => {
  it('lasts 5 minutes from when the manual run started, and not at all before one', () => {
    expect(cooldownEndsAt(NO_COOLDOWN)).toBeNull();
    expect(inCooldown(NO_COOLDOWN, T0)).toBe(false);
    const pressed = { manualRunStartedAt: T0 };
    expect(cooldownEndsAt(pressed)).toBe(T0 + MANUAL_RUN_COOLDOWN_MS);
    expect(inCooldown(pressed, T0 + MANUAL_RUN_COOLDOWN_MS - 1)).toBe(true);
    expect(inCooldown(pressed, T0 + MANUAL_RUN_COOLDOWN_MS)).toBe(false);
  });

  it('a running run is live while its heartbeat is fresh; several beats fit in the window', () => {
    expect(RUN_HEARTBEAT_STALE_MS / RUN_HEARTBEAT_INTERVAL_MS).toBeGreaterThanOrEqual(3);
    const running = run('r', { status: 'running', heartbeatAt: T0 });
    expect(isRunLive(running, T0 + RUN_HEARTBEAT_STALE_MS - 1)).toBe(true);
    expect(isRunLive(running, T0 + RUN_HEARTBEAT_STALE_MS)).toBe(false);
    expect(isRunLive({ ...running, status: 'succeeded' }, T0)).toBe(false);
    expect(isRunLive(undefined, T0)).toBe(false);
  });
});
