/**
 * Caller restriction and CORS (PX-3, PX-4). Origins are compared as exact strings against an
 * allowlist of canonical origins; the answer echoes the one allowed origin, never `*`, and never
 * allows credentials (the app sends tokens in headers, not cookies).
 */
import type { Route } from './routes';

/** The request headers the app needs and the proxy forwards; a preflight asking for more is refused. */
export const ALLOWED_REQUEST_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'content-type',
  'xero-tenant-id',
  'accept',
]);

/**
 * Response headers the app must read but CORS hides by default: the rate-limit headers (S8),
 * Retry-After (S9), Date (the modifiedsince watermark, S3) and the correlation id for support.
 */
export const EXPOSED_RESPONSE_HEADERS =
  'Retry-After, X-MinLimit-Remaining, X-DayLimit-Remaining, X-AppMinLimit-Remaining, X-Rate-Limit-Problem, Date, Xero-Correlation-Id';

/**
 * How long a browser may cache a preflight answer. Ten minutes spares a round trip per call during a
 * sync while a narrowed allowlist still takes effect quickly (Chromium caps this at two hours anyway).
 */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Parses an allowlist entry. Only canonical origins are accepted (`scheme://host[:port]`, lower-case,
 * no path, no default port), because the browser's Origin header is compared byte for byte.
 * Plain http is accepted only for loopback hosts: the app needs a secure context anywhere else.
 */
export function parseAllowedOrigin(entry: string): string | null {
  if (entry === '' || entry === 'null' || entry.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  if (url.origin !== entry) return null;
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.origin;
  return null;
}

/** localhost, 127.0.0.0/8 and ::1, as URL.hostname spells them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

export interface OriginPolicy {
  /** The request's Origin when it is allowed, else null (missing, `null`, or not on the list). */
  allowed(origin: string | null): string | null;
}

export function createOriginPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const set = new Set<string>();
  for (const entry of allowedOrigins) {
    const origin = parseAllowedOrigin(entry);
    if (origin === null)
      throw new TypeError(`Not a canonical https (or loopback http) origin: ${JSON.stringify(entry)}`);
    set.add(origin);
  }
  if (set.size === 0) throw new TypeError('At least one allowed origin is required.');
  return { allowed: (origin) => (origin !== null && set.has(origin) ? origin : null) };
}

/** CORS headers for an actual (non-preflight) response. `Vary: Origin` goes on every response. */
export function applyCorsHeaders(headers: Headers, allowedOrigin: string | null): void {
  const vary = headers.get('vary');
  if (vary === null) headers.set('vary', 'Origin');
  else if (!/(?:^|,)\s*origin\s*(?:,|$)/i.test(vary)) headers.set('vary', `${vary}, Origin`);
  if (allowedOrigin === null) return;
  headers.set('access-control-allow-origin', allowedOrigin);
  headers.set('access-control-expose-headers', EXPOSED_RESPONSE_HEADERS);
}

export type PreflightCheck = { readonly ok: true; readonly headers: Headers } | { readonly ok: false };

/**
 * Answers a preflight for a known route (the caller has checked the origin): only the route's method and only
 * the allowlisted request headers. Anything else is refused, so the browser never sends the request.
 */
export function checkPreflight(route: Route, request: Request): PreflightCheck {
  const method = request.headers.get('access-control-request-method');
  if (method !== route.method) return { ok: false };
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (!asked.every((name) => ALLOWED_REQUEST_HEADERS.includes(name))) return { ok: false };
  // The allow-origin header is added with every other response's CORS headers.
  const headers = new Headers();
  headers.set('vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  headers.set('access-control-allow-methods', route.method);
  headers.set('access-control-allow-headers', ALLOWED_REQUEST_HEADERS.join(', '));
  headers.set('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
  return { ok: true, headers };
}
