/**
 * Every size and time limit the proxy enforces (PX-5). Each default says why it has its value; all of
 * them can be overridden through `createProxy({ limits })` or the PROXY_* environment variables.
 */

export interface ProxyLimits {
  /** Largest request body accepted on the token and revocation routes, in bytes. */
  readonly maxRequestBodyBytes: number;
  /** Largest upstream response body streamed to the client, in bytes. */
  readonly maxResponseBytes: number;
  /** Time allowed from sending the upstream request to receiving its response headers. */
  readonly headersTimeoutMs: number;
  /** Longest silence allowed while waiting for the next upstream body chunk. */
  readonly idleTimeoutMs: number;
  /** Time allowed for the whole exchange, from the request arriving to the last body byte. */
  readonly totalTimeoutMs: number;
  /** Time allowed for the client to deliver a (small, capped) request body. */
  readonly requestBodyTimeoutMs: number;
  /** Largest value accepted for any one forwarded request header, in bytes. */
  readonly maxHeaderValueBytes: number;
  /** Upstream calls in flight at once for one xero-tenant-id; more get a 429 from the proxy. */
  readonly maxConcurrentPerTenant: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** A token or revocation form is well under 4 KiB (code, verifier, redirect URI, refresh token). */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * KIB;
/** The largest real client list is about 50 MB (15,000 clients); 60 MiB leaves headroom, then stops. */
export const DEFAULT_MAX_RESPONSE_BYTES = 60 * MIB;
/** Xero can take minutes to START answering the 50 MB detailed client list. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 120_000;
/** Once a body is flowing, a minute without a byte means the upstream has stalled. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** A multi-minute list download must fit; anything longer is stuck and holds a tenant slot. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 10 * 60_000;
/** A 16 KiB form arrives in milliseconds; a client dribbling it for longer is a slow-loris. */
export const DEFAULT_REQUEST_BODY_TIMEOUT_MS = 10_000;
/** A Xero access token (a JWT) is 1–2 KiB; 8 KiB is generous and still bounds memory per request. */
export const DEFAULT_MAX_HEADER_VALUE_BYTES = 8 * KIB;
/** Xero allows 5 concurrent calls per tenant; more would only earn 429s from Xero itself. */
export const DEFAULT_MAX_CONCURRENT_PER_TENANT = 5;

export const DEFAULT_LIMITS: ProxyLimits = Object.freeze({
  maxRequestBodyBytes: DEFAULT_MAX_REQUEST_BODY_BYTES,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
  idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
  totalTimeoutMs: DEFAULT_TOTAL_TIMEOUT_MS,
  requestBodyTimeoutMs: DEFAULT_REQUEST_BODY_TIMEOUT_MS,
  maxHeaderValueBytes: DEFAULT_MAX_HEADER_VALUE_BYTES,
  maxConcurrentPerTenant: DEFAULT_MAX_CONCURRENT_PER_TENANT,
});

/** Merges overrides onto the defaults and rejects values that would disable a limit. */
export function resolveLimits(overrides: Partial<ProxyLimits> = {}): ProxyLimits {
  const limits: ProxyLimits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`Proxy limit ${name} must be a positive integer, got ${String(value)}.`);
    }
  }
  return Object.freeze(limits);
}
