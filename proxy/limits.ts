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

/** The detailed client list costs about 3.3 KB per client (15,000 realistic clients ≈ 50 MB). */
export const DETAILED_LIST_BYTES_PER_CLIENT = 3_300;
/** The largest practices the product supports (QUALITY.md item 6): their list is about 165 MB. */
export const LARGEST_PRACTICE_CLIENTS = 50_000;
/** A slow office link the largest list must still get through (2 Mbit/s: 165 MB in about 11 minutes). */
export const SLOW_LINK_BYTES_PER_SECOND = 2_000_000 / 8;

/** A token or revocation form is well under 4 KiB (code, verifier, redirect URI, refresh token). */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * KIB;
/**
 * A guard against endless bodies, not a practice limit: the body is streamed, so its size costs no
 * memory here. 512 MiB is about 3× the 165 MB list of a 50,000-client practice, room for fatter
 * clients (long notes, many contacts) and growth; an endless body still stops after 512 MiB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * MIB;
/**
 * Xero can take minutes to START answering the detailed list (reported at 15,000 clients), and it
 * may build the whole list first. 4 minutes doubles the 2 minutes that covered 50 MB; it stays under
 * the 5-minute headers limit of Node's own fetch (undici), so the proxy's 504 fires first with its
 * code. A practice whose list takes longer to start needs client.api/paged-list.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 4 * 60_000;
/**
 * Once the body flows, Xero sends continuously and TCP recovers a lost packet within seconds: a
 * minute without a byte from Xero means it has stalled. Only waits on Xero count, so a slow office
 * link (back-pressure from the client) never trips it; the total limit bounds that case.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/**
 * The longest wait for headers (4 min) plus the largest list over a slow link (165 MB at 2 Mbit/s,
 * about 11 min) is 15 minutes; 30 minutes leaves as much again for a bigger list or a slower link.
 * Anything longer is stuck, and it holds a tenant slot.
 */
export const DEFAULT_TOTAL_TIMEOUT_MS = 30 * 60_000;
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
