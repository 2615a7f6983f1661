/**
 * Xero's rate-limit headers (xpm-api.md §5.2): `Retry-After` on 429, the remaining-call counters on
 * every response, and `X-Rate-Limit-Problem` naming the limit that was hit. Anything unparseable is
 * null, so the caller falls back to its own backoff instead of trusting garbage.
 */

export interface RateLimitHeaders {
  /** How long to wait before the next call, from Retry-After; null when absent or unusable. */
  readonly retryAfterMs: number | null;
  /** X-MinLimit-Remaining: calls left this minute for this practice. */
  readonly minuteRemaining: number | null;
  /** X-DayLimit-Remaining: calls left today for this practice. */
  readonly dayRemaining: number | null;
  /** X-AppMinLimit-Remaining: calls left this minute for the app across all tenants. */
  readonly appMinuteRemaining: number | null;
  /** X-Rate-Limit-Problem, lower-cased: 'minute', 'day', 'concurrent', 'appminute', … */
  readonly problem: string | null;
}

/** Ten digits of seconds is over 300 years: anything longer is garbage, not a wait. */
const SECONDS = /^\d{1,10}$/;
const COUNT = /^\d{1,9}$/;
const PROBLEM = /^[a-z][a-z-]{0,31}$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 9110 §5.6.7: IMF-fixdate, plus the two obsolete forms a recipient must also accept.
const IMF_FIXDATE = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function utc(
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const month = MONTHS.indexOf(monthName.toLowerCase());
  if (month === -1 || hour > 23 || minute > 59 || second > 60) return null;
  const time = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls 31 Feb over into March; a real date survives the round trip.
  return new Date(time).getUTCDate() === day ? time : null;
}

/** Epoch ms of an HTTP-date, or null. Date.parse is not used: it accepts far too much. */
export function parseHttpDate(value: string): number | null {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m) return utc(Number(m[3]), m[2] ?? '', Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850_DATE.exec(v);
  if (m) {
    const yy = Number(m[3]);
    return utc(yy < 70 ? 2000 + yy : 1900 + yy, m[2] ?? '', Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME_DATE.exec(v);
  if (m) return utc(Number(m[6]), m[1] ?? '', Number((m[2] ?? '').trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return null;
}

/**
 * Milliseconds to wait from a Retry-After value: delay-seconds, or an HTTP-date measured against the
 * response's Date header (the server's clock, so a wrong local clock does not matter), falling back
 * to `now`. A date already passed means 0; garbage or a negative number means null.
 */
export function parseRetryAfter(value: string | null, dateHeader: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (SECONDS.test(v)) return Number(v) * 1000;
  const at = parseHttpDate(v);
  if (at === null) return null;
  const base = (dateHeader === null ? null : parseHttpDate(dateHeader)) ?? now;
  return Math.max(0, at - base);
}

function count(value: string | null): number | null {
  if (value === null) return null;
  const v = value.trim();
  return COUNT.test(v) ? Number(v) : null;
}

/** Reads every rate-limit header of a response; `now` (epoch ms) is used only when Date is missing. */
export function readRateLimitHeaders(headers: Headers, now: number): RateLimitHeaders {
  const problem = headers.get('x-rate-limit-problem')?.trim().toLowerCase() ?? '';
  return {
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), headers.get('date'), now),
    minuteRemaining: count(headers.get('x-minlimit-remaining')),
    dayRemaining: count(headers.get('x-daylimit-remaining')),
    appMinuteRemaining: count(headers.get('x-appminlimit-remaining')),
    problem: PROBLEM.test(problem) ? problem : null,
  };
}
