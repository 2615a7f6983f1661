import { describe, expect, it } from 'vitest';
import {
  clockSkewError,
  clockSkewSeconds,
  describeDuration,
  isAcceptableClockSkew,
  MAX_CLOCK_SKEW_MS,
  measureClockSkew,
} from '../../src/worker/clock-skew';

const T = Date.UTC(2026, 0, 15, 9, 30, 0);

describe('measuring the clock skew from a Date header', () => {
  it('is Xero’s time minus the midpoint of the request, with the header’s cut-off half second added back', () => {
    const date = new Date(T).toUTCString();
    // Sent 200 ms and received 100 ms before T on this computer: midpoint T-150; Xero stamped T..T+999.
    expect(measureClockSkew(date, T - 200, T - 100)).toBe(650);
    // This computer an hour ahead: a negative skew.
    expect(measureClockSkew(date, T + 3_600_000, T + 3_600_000)).toBe(500 - 3_600_000);
  });

  it('is unknown without a readable header', () => {
    expect(measureClockSkew(null, T, T)).toBeNull();
    expect(measureClockSkew('yesterday', T, T)).toBeNull();
  });

  it('accepts up to the tolerance either way, in whole seconds for oauth4webapi', () => {
    expect(isAcceptableClockSkew(MAX_CLOCK_SKEW_MS)).toBe(true);
    expect(isAcceptableClockSkew(-MAX_CLOCK_SKEW_MS)).toBe(true);
    expect(isAcceptableClockSkew(MAX_CLOCK_SKEW_MS + 1)).toBe(false);
    expect(isAcceptableClockSkew(-MAX_CLOCK_SKEW_MS - 1)).toBe(false);
    expect(clockSkewSeconds(45_400)).toBe(45);
    expect(clockSkewSeconds(-599_600)).toBe(-600);
  });

  it('describes the difference in words a person reads at a glance', () => {
    expect(describeDuration(45_000)).toBe('about 45 seconds');
    expect(describeDuration(-10 * 60_000 - 4_000)).toBe('about 10 minutes');
    expect(describeDuration(3_600_000 + 20_000)).toBe('about 1 hour');
    expect(describeDuration(3 * 86_400_000)).toBe('about 3 days');
    expect(describeDuration(400)).toBe('less than a second');
    expect(describeDuration(3_599_800)).toBe('about 1 hour');
    expect(describeDuration(59_700)).toBe('about 1 minute');
  });

  it('says which way the clock is off and what to do', () => {
    expect(clockSkewError(3_600_000, false).message).toMatch(
      /^This computer’s clock is about 1 hour behind Xero’s\. .*less than 5 minutes, so Xero’s sign-in page was not opened\. Correct the computer’s date, time and time zone/,
    );
    expect(clockSkewError(-600_000, true).message).toContain('about 10 minutes ahead of Xero’s');
    expect(clockSkewError(-600_000, true).message).toContain('so this sign-in was not used');
    expect(clockSkewError(-600_000, true).code).toBe('auth/clock-skew');
  });
});
