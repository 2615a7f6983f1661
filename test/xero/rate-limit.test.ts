/** Rate-limit headers (xpm-api.md §5.2; reliability.md §10 rows 15–17). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter, readRateLimitHeaders } from '../../src/xero/rate-limit-headers';

const NOW = Date.UTC(2026, 10, 24, 3, 0, 0);

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', null, NOW)).toBe(30_000);
    expect(parseRetryAfter(' 22 ', null, NOW)).toBe(22_000);
    expect(parseRetryAfter('0', null, NOW)).toBe(0);
    expect(parseRetryAfter('66975', null, NOW)).toBe(66_975_000);
  });

  it('reads an HTTP-date against the response Date header, not the local clock', () => {
    const date = 'Tue, 24 Nov 2026 03:00:00 GMT';
    expect(parseRetryAfter('Tue, 24 Nov 2026 03:00:45 GMT', date, NOW + 3_600_000)).toBe(45_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 04:00:00 GMT', 'Tue, 24 Nov 2026 03:30:00 GMT', 0)).toBe(1_800_000);
  });

  it('falls back to now when the Date header is missing or garbage', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 03:01:00 GMT', null, NOW)).toBe(60_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 03:01:00 GMT', 'yesterday', NOW)).toBe(60_000);
  });

  it('gives 0 for a date already passed', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 02:00:00 GMT', 'Tue, 24 Nov 2026 03:00:00 GMT', NOW)).toBe(0);
  });

  it('gives null for garbage, negatives, fractions and absurd lengths', () => {
    for (const value of [
      '',
      'soon',
      '-5',
      '1.5',
      '1e3',
      '0x10',
      '12345678901',
      '30 seconds',
      'Tue, 31 Feb 2026 03:00:00 GMT',
      '2026-11-24T03:00:00Z',
    ]) {
      expect(parseRetryAfter(value, null, NOW)).toBeNull();
    }
    expect(parseRetryAfter(null, null, NOW)).toBeNull();
  });

  it('never throws and is null or a non-negative finite number for any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: null }), (value, date) => {
        const ms = parseRetryAfter(value, date, NOW);
        expect(ms === null || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
    );
  });
});

describe('HTTP-date', () => {
  it('reads the three RFC 9110 forms', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
  });

  it('rejects what Date.parse would wrongly accept', () => {
    for (const value of [
      '1',
      '2026',
      'Nov 6',
      'Sun, 06 Nov 1994 08:49:37 +0100',
      'Sun, 06 Nov 1994 25:00:00 GMT',
      'Sun, 06 Foo 1994 08:49:37 GMT',
    ]) {
      expect(parseHttpDate(value)).toBeNull();
    }
  });
});

describe('rate-limit headers', () => {
  it('reads the real 429 captured from XPM', () => {
    const headers = new Headers({
      'retry-after': '22',
      'x-rate-limit-problem': 'minute',
      'x-minlimit-remaining': '0',
      'x-daylimit-remaining': '4539',
      'x-appminlimit-remaining': '9938',
    });
    expect(readRateLimitHeaders(headers, NOW)).toEqual({
      retryAfterMs: 22_000,
      minuteRemaining: 0,
      dayRemaining: 4539,
      appMinuteRemaining: 9938,
      problem: 'minute',
    });
  });

  it('gives null for absent or garbage values and lower-cases the problem', () => {
    const headers = new Headers({
      'x-minlimit-remaining': '-1',
      'x-daylimit-remaining': 'lots',
      'X-Rate-Limit-Problem': 'Day',
    });
    expect(readRateLimitHeaders(headers, NOW)).toEqual({
      retryAfterMs: null,
      minuteRemaining: null,
      dayRemaining: null,
      appMinuteRemaining: null,
      problem: 'day',
    });
    expect(readRateLimitHeaders(new Headers({ 'x-rate-limit-problem': '<script>' }), NOW).problem).toBeNull();
  });

  it('uses the response Date header for an HTTP-date Retry-After', () => {
    const headers = new Headers({
      'retry-after': 'Tue, 24 Nov 2026 09:00:00 GMT',
      date: 'Tue, 24 Nov 2026 08:00:00 GMT',
    });
    expect(readRateLimitHeaders(headers, 0).retryAfterMs).toBe(3_600_000);
  });
});
