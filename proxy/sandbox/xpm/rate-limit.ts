/**
 * Xero's per-tenant rate limits (xpm-api.md §5): 5 calls in flight, 60 per minute, a daily quota,
 * and 10,000 per minute for the whole app. Minute windows are fixed and start with a tenant's first
 * call, so different tenants reset at different times, as Xero's do; the day is the UTC day.
 *
 * Order of checks when several limits are hit at once is not documented; the sandbox reports the one
 * that lasts longest first (day, minute, app minute) and then concurrency.
 */
import type { SandboxClock } from '../clock';

/** Xero: at most 5 calls in flight per tenant. */
export const CONCURRENT_LIMIT = 5;
/** Xero: 60 calls per minute per tenant. */
export const MINUTE_LIMIT = 60;
/** Xero: 5,000 calls per day per tenant (1,000 on the Starter tier; see --daily-limit). */
export const DEFAULT_DAILY_LIMIT = 5000;
/** The largest --daily-limit accepted: far above any Xero tier, bounded to catch typos. */
export const MAX_DAILY_LIMIT = 10_000_000;
/** Xero: 10,000 calls per minute across all of an app's tenants. */
export const APP_MINUTE_LIMIT = 10_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** `X-Rate-Limit-Problem` values (`minute`, `day` seen live; `concurrent`, `appminute` from secondary sources). */
export type LimitProblem = 'concurrent' | 'minute' | 'day' | 'appminute';

export interface Remaining {
  readonly minute: number;
  readonly day: number;
  readonly appMinute: number;
}

export type Admission =
  | { readonly ok: true; readonly remaining: Remaining; readonly release: () => void }
  | {
      readonly ok: false;
      readonly problem: LimitProblem;
      readonly retryAfter: number | null;
      readonly remaining: Remaining;
    };

interface Window {
  start: number;
  count: number;
}

interface TenantState {
  inFlight: number;
  minute: Window;
  day: Window;
}

export class RateLimiter {
  private tenants = new Map<string, TenantState>();
  private app: Window = { start: -Infinity, count: 0 };

  constructor(
    private readonly clock: SandboxClock,
    private readonly dailyLimit: number,
  ) {}

  reset(): void {
    this.tenants.clear();
    this.app = { start: -Infinity, count: 0 };
  }

  private state(tenant: string, now: number): TenantState {
    let state = this.tenants.get(tenant);
    if (!state) {
      state = { inFlight: 0, minute: { start: -Infinity, count: 0 }, day: { start: -Infinity, count: 0 } };
      this.tenants.set(tenant, state);
    }
    if (now >= state.minute.start + MINUTE_MS) state.minute = { start: now, count: 0 };
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    if (state.day.start !== today) state.day = { start: today, count: 0 };
    if (now >= this.app.start + MINUTE_MS) this.app = { start: now, count: 0 };
    return state;
  }

  private remainingOf(state: TenantState): Remaining {
    return {
      minute: Math.max(0, MINUTE_LIMIT - state.minute.count),
      day: Math.max(0, this.dailyLimit - state.day.count),
      appMinute: Math.max(0, APP_MINUTE_LIMIT - this.app.count),
    };
  }

  /** The remaining counts without using a call (for 429s made by faults). */
  remaining(tenant: string): Remaining {
    return this.remainingOf(this.state(tenant, this.clock.now()));
  }

  /** The app-wide minute allowance left (the only limit header on 401 and 403). */
  appRemaining(): number {
    const now = this.clock.now();
    if (now >= this.app.start + MINUTE_MS) this.app = { start: now, count: 0 };
    return Math.max(0, APP_MINUTE_LIMIT - this.app.count);
  }

  /** Seconds until the tenant's minute window ends (at least 1). */
  secondsToMinuteReset(tenant: string): number {
    const now = this.clock.now();
    return Math.max(1, Math.ceil((this.state(tenant, now).minute.start + MINUTE_MS - now) / 1000));
  }

  /** Seconds until the next UTC midnight (at least 1). */
  secondsToDayReset(): number {
    const now = this.clock.now();
    return Math.max(1, Math.ceil((Math.floor(now / DAY_MS + 1) * DAY_MS - now) / 1000));
  }

  /** Counts a call, or says which limit refuses it. `release` must be called when the response ends. */
  admit(tenant: string): Admission {
    const now = this.clock.now();
    const state = this.state(tenant, now);
    const before = this.remainingOf(state);
    if (state.day.count >= this.dailyLimit)
      return { ok: false, problem: 'day', retryAfter: this.secondsToDayReset(), remaining: before };
    if (state.minute.count >= MINUTE_LIMIT) {
      return { ok: false, problem: 'minute', retryAfter: this.secondsToMinuteReset(tenant), remaining: before };
    }
    if (this.app.count >= APP_MINUTE_LIMIT) {
      return {
        ok: false,
        problem: 'appminute',
        retryAfter: Math.max(1, Math.ceil((this.app.start + MINUTE_MS - now) / 1000)),
        remaining: before,
      };
    }
    // Whether Xero sends Retry-After for the concurrent limit is unknown (xpm-api.md §10); the sandbox does not.
    if (state.inFlight >= CONCURRENT_LIMIT)
      return { ok: false, problem: 'concurrent', retryAfter: null, remaining: before };
    state.minute.count += 1;
    state.day.count += 1;
    this.app.count += 1;
    state.inFlight += 1;
    let released = false;
    return {
      ok: true,
      remaining: this.remainingOf(state),
      release: () => {
        if (released) return;
        released = true;
        state.inFlight -= 1;
      },
    };
  }

  /** Calls in flight for a tenant (for tests). */
  inFlight(tenant: string): number {
    return this.tenants.get(tenant)?.inFlight ?? 0;
  }
}
