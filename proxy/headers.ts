/**
 * Header hygiene (PX-4): allowlists in both directions. Everything not named here — cookies,
 * X-Forwarded-*, Host, hop-by-hop headers, Set-Cookie, server banners — never crosses the proxy.
 */
import type { Route } from './routes';
import type { TenantId } from './tenant-gate';

/** Identifies the proxy to Xero instead of passing on the browser's User-Agent. */
export const PROXY_USER_AGENT = 'xpm-contact-sync-proxy/0.1';

/** Response headers passed back to the app; content-length is handled separately (it may be wrong). */
const RESPONSE_HEADER_ALLOWLIST: readonly string[] = Object.freeze([
  'content-type',
  'date',
  'retry-after',
  'x-minlimit-remaining',
  'x-daylimit-remaining',
  'x-appminlimit-remaining',
  'x-rate-limit-problem',
  'xero-correlation-id',
  'www-authenticate',
  'cache-control',
]);

/**
 * Added to every response: no MIME sniffing, and a response opened directly in a browser tab can run
 * nothing (a proxied HTML error page must not become script on the proxy's origin).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'referrer-policy': 'no-referrer',
});

export type UpstreamHeaders = { readonly ok: true; readonly headers: Headers } | { readonly ok: false };

/**
 * Copies only the allowlisted request headers, each within the size cap, and sets a fixed User-Agent.
 * The tenant id is the validated, lower-cased one (tenant-gate.ts), never the raw header: what Xero
 * sees is exactly what the proxy checked and counted.
 */
export function buildUpstreamHeaders(
  request: Request,
  route: Route,
  maxHeaderValueBytes: number,
  tenantId: TenantId | null,
): UpstreamHeaders {
  const names = route.body === 'form' ? ['authorization', 'content-type', 'accept'] : ['authorization', 'accept'];
  const headers = new Headers();
  for (const name of names) {
    const value = request.headers.get(name);
    if (value === null) continue;
    if (utf8Length(value) > maxHeaderValueBytes) return { ok: false };
    headers.set(name, value);
  }
  if (tenantId !== null) headers.set('xero-tenant-id', tenantId);
  headers.set('user-agent', PROXY_USER_AGENT);
  return { ok: true, headers };
}

/**
 * The allowlisted upstream response headers. Content-Length is kept only when it describes the bytes
 * the client will get: fetch decodes gzip/br bodies but keeps the encoded length, so an encoded
 * response loses it (and its Content-Encoding), as does any length above the cap.
 */
export function buildClientResponseHeaders(upstream: Response, route: Route, maxResponseBytes: number): Headers {
  const headers = new Headers();
  for (const name of RESPONSE_HEADER_ALLOWLIST) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const length = trustworthyContentLength(upstream);
  if (length !== null && length <= maxResponseBytes) headers.set('content-length', String(length));
  // Tokens are never cached; other answers are personal data, so no-store unless Xero said otherwise.
  if (route.noStore || !headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return headers;
}

/** The upstream Content-Length when it is a plain number for an unencoded body, else null. */
export function trustworthyContentLength(upstream: Response): number | null {
  const encoding = upstream.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return null;
  const value = upstream.headers.get('content-length');
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Adds the headers every response carries. */
export function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
}

function utf8Length(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}
