/**
 * The sandbox's one clock. Token lifetimes, rate-limit windows, modification times, `Date` headers
 * and `modifiedsince` all read it, so a test can move them together with one control
 * (`POST /__sandbox/clock`) instead of waiting.
 */

export interface SandboxClock {
  /** Milliseconds since the epoch, as the sandbox sees them. */
  now(): number;
  /** Moves the clock forward; time never goes backwards (tokens and windows would behave oddly). */
  advance(ms: number): void;
  /** Drops every advance made so far (used by reset). */
  reset(): void;
}

/** A clock over `base` (real time by default) plus the advances made through the control. */
export function createClock(base: () => number = Date.now): SandboxClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The sandbox clock only moves forward.');
      offset += ms;
    },
    reset(): void {
      offset = 0;
    },
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `yyyy-MM-ddTHH:mm:ss` in UTC: XPM's query and payload date format (xpm-api.md §2.6). */
export function formatXpmDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

/** `MM/dd/yyyy HH:mm:ss` in UTC: the format in Xero's `TokenExpired: token expired at …` (xpm-api.md §1.4). */
export function formatUsDateTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

/** `2019-12-07T18:46:19.5165400`: the seven-digit, zone-less form of `/connections` dates (xpm-api.md §6.4). */
export function formatConnectionDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}
