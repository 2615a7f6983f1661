/**
 * The one closed list of error codes. Every failure that crosses a module or worker boundary carries
 * one of these codes; the UI maps each to a plain-language explanation and fix.
 */
export const APP_ERROR_CODES = [
  // Connecting (C1–C5)
  'auth/callback-invalid', // the OAuth callback was replayed, tampered or malformed
  'auth/access-denied', // the user declined consent on Xero's page
  'auth/no-practice', // consent gave no PRACTICEMANAGER connection
  'auth/reconnect-needed', // invalid_grant, revoked grant, or 401 after a refresh
  'auth/not-connected', // an operation needs a connection and there is none
  'auth/clock-skew', // this computer's clock is too far from Xero's for sign-in
  // XPM responses
  'xpm/api-error', // HTTP 200 with <Status>ERROR</Status>
  'xpm/forbidden', // 403: the practice is no longer connected or the tenant id is wrong
  'xpm/rate-limited', // 429 with a wait longer than the run may sleep: the run is paused
  'xpm/server-error', // 5xx after the retries ran out
  'xpm/http-error', // another unexpected HTTP status (not retried)
  'xpm/unexpected-content', // an HTML error page or other non-XML body
  // XML reading (reliability.md §3)
  'xml/malformed',
  'xml/dtd-forbidden',
  'xml/forbidden-name',
  'xml/too-deep',
  'xml/too-large',
  'xml/unsupported-encoding', // a character encoding the browser cannot decode
  // Transport
  'network/failed', // fetch rejected (offline, DNS, connection reset) after the retries ran out
  'network/timeout',
  'proxy/rejected', // the CORS proxy refused the request (its own 4xx/5xx with a code)
  // Local storage
  'storage/quota',
  'storage/failed',
  'storage/version-changed', // another tab upgraded the local database: this tab's code is out of date
  // Sync control
  'sync/cancelled',
  'sync/busy', // another run holds the lock
  'sync/cooldown', // a manual run was asked for inside the 5-minute cooldown
  'sync/taken-over', // this tab stopped responding mid-run and another tab resumed the run (S7)
  'sync/interrupted', // a run interrupted by a reload, crash or frozen tab that could not be resumed (S7)
  'sync/unsupported-browser', // no Web Locks: runs cannot be kept to one at a time across tabs
  // Input to the command line or settings
  'input/invalid',
  // Anything unexpected; always logged with its detail at the boundary
  'internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value);
}

/** Extra facts that travel with an error; plain data only (it crosses the worker boundary). */
export interface AppErrorDetail {
  readonly status?: number;
  /** When a paused run may resume (epoch ms). */
  readonly retryAt?: number;
  /** Which limit Xero reported (X-Rate-Limit-Problem). */
  readonly limit?: string;
  /** Upstream or proxy error text, never containing tokens. */
  readonly upstream?: string;
}

/** The single error class used across the code base. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly detail: AppErrorDetail;

  constructor(code: AppErrorCode, message: string, detail: AppErrorDetail = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.detail = detail;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** An error as plain data: what crosses the worker boundary and what run history stores. */
export interface WireError {
  readonly code: AppErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly detail: AppErrorDetail;
}

const RETRYABLE_CODES: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>([
  'xpm/rate-limited',
  'xpm/server-error',
  'network/failed',
  'network/timeout',
  'storage/failed',
  'sync/busy',
  'sync/cooldown',
]);

/** Maps anything thrown to a WireError. Unknown errors become 'internal' with a generic message. */
export function toWireError(error: unknown): WireError {
  if (isAppError(error)) {
    return {
      code: error.code,
      message: error.message,
      retryable: RETRYABLE_CODES.has(error.code),
      detail: { ...error.detail },
    };
  }
  if (isQuotaError(error)) {
    return {
      code: 'storage/quota',
      message: 'The browser ran out of storage space for this site, so the batch being saved was not written.',
      retryable: false,
      detail: {},
    };
  }
  if (isAbortError(error)) {
    return { code: 'sync/cancelled', message: 'The run was cancelled.', retryable: false, detail: {} };
  }
  return { code: 'internal', message: 'An unexpected error occurred.', retryable: false, detail: {} };
}

/** QuotaExceededError directly, or wrapped by Dexie as AbortError/.inner. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && e !== null) {
      const name = (e as { name?: unknown }).name;
      if (name === 'QuotaExceededError') return true;
      e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
    } else break;
  }
  return false;
}

/**
 * An AbortSignal's rejection (a DOMException named AbortError in browsers and Node). Recognised by
 * name, so this core needs no DOM types.
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
