/**
 * The CORS proxy as a web-standard fetch handler (PRODUCT.md §8, reliability.md PX-1…PX-6). It uses
 * only web-platform APIs, so the same module runs under Node (proxy/server.ts) and on edge runtimes
 * (proxy/edge/). Every check that can refuse a request runs before any upstream request is made.
 */
import { checkPreflight } from './cors';
import { buildClientResponseHeaders, buildUpstreamHeaders } from './headers';
import { hashTenant, loggableOrigin } from './log';
import { declaresBody, isFormContentType, readCappedBody } from './request-body';
import { RequestRecord } from './request-record';
import { checkQuery, isSafePath, matchRoute, type Route } from './routes';
import { resolveSettings, upstreamUrl, type ProxyConfig, type ProxySettings } from './settings';
import { readTenantId, TenantGate, type TenantId } from './tenant-gate';
import type { ProxyErrorCode } from './errors';
import { UpstreamExchange } from './upstream';

export type { ProxyConfig } from './settings';

/** What the hosting runtime knows about the request beyond the Request object. */
export interface ProxyRequestContext {
  /**
   * The request target exactly as received (Node adapter). URL parsing resolves `..`, `%2e%2e` and
   * `\`, so without it those are judged only in their resolved form.
   */
  readonly rawTarget?: string;
}

export type ProxyHandler = (request: Request, context?: ProxyRequestContext) => Promise<Response>;

/**
 * Why the hosting server refused a request before it could become a fetch Request (the Node adapter:
 * its HTTP parser, or a method fetch cannot represent). Edge runtimes refuse these themselves.
 */
export type HostRefusalCode = Extract<
  ProxyErrorCode,
  | 'PROXY_BAD_REQUEST'
  | 'PROXY_HEADER_TOO_LARGE'
  | 'PROXY_REQUEST_TIMEOUT'
  | 'PROXY_METHOD_NOT_SUPPORTED'
  | 'PROXY_CLIENT_ABORTED'
>;

export interface ProxyService {
  readonly handle: ProxyHandler;
  /**
   * Answers and logs (one entry, like every request) a request the host refused. `method` is the
   * method the host parsed, or null when it never got that far (logged as `(unparsed)`).
   */
  refuse(code: HostRefusalCode, method: string | null): Response;
}

/** Statuses whose responses never have a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 204, 205, 304]);
/** The client may retry a per-tenant concurrency refusal after this many seconds. */
const CONCURRENCY_RETRY_AFTER_SECONDS = 1;
/** Logged as the method of a request the host could not parse: parentheses cannot occur in a method token. */
export const UNPARSED_METHOD = '(unparsed)';

/** Creates the proxy handler. Throws on invalid configuration (see ProxyConfig). */
export function createProxy(config: ProxyConfig): ProxyHandler {
  return createProxyService(config).handle;
}

/** The handler plus the entry a host server uses for requests it refused itself (see HostRefusalCode). */
export function createProxyService(config: ProxyConfig): ProxyService {
  const settings = resolveSettings(config);
  const gate = new TenantGate(settings.limits.maxConcurrentPerTenant);
  return {
    handle: async (request, context = {}) => {
      const record = new RequestRecord(settings, request.method);
      try {
        return await handle(request, context, settings, gate, record);
      } catch {
        // Exception text may quote a URL with a query string, so it is never logged or returned.
        return record.error('PROXY_INTERNAL');
      }
    },
    refuse: (code, method) => new RequestRecord(settings, method ?? UNPARSED_METHOD).error(code),
  };
}

async function handle(
  request: Request,
  context: ProxyRequestContext,
  settings: ProxySettings,
  gate: TenantGate,
  record: RequestRecord,
): Promise<Response> {
  const origin = request.headers.get('origin');
  record.allowedOrigin = settings.origins.allowed(origin);

  const url = parseUrl(request.url);
  if (url === null || !isSafePath(url.pathname, context.rawTarget)) return record.error('PROXY_BAD_PATH');
  const match = matchRoute(url.pathname);
  if (match === null) return record.error('PROXY_ROUTE_NOT_FOUND');
  const { route } = match;
  record.route = route.id;

  const tenant = readTenantId(request.headers.get('xero-tenant-id'));
  if (tenant.ok && tenant.id !== null) record.tenant = await hashTenant(tenant.id);

  if (route.upstream === 'none') return health(request, route, url, record);

  if (record.allowedOrigin === null) {
    record.rejectedOrigin = loggableOrigin(origin);
    return record.error('PROXY_ORIGIN_FORBIDDEN');
  }
  if (request.method === 'OPTIONS') {
    const preflight = checkPreflight(route, request);
    return preflight.ok ? record.complete(204, preflight.headers, null) : record.error('PROXY_PREFLIGHT_FORBIDDEN');
  }
  if (request.method !== route.method) return record.error('PROXY_METHOD_NOT_ALLOWED', { allow: route.method });
  if (!tenant.ok) return record.error('PROXY_BAD_TENANT');
  const tenantId: TenantId | null = tenant.id;

  const query = checkQuery(route, url.search);
  if (!query.ok) return record.error(query.code);
  const headers = buildUpstreamHeaders(request, route, settings.limits.maxHeaderValueBytes, tenantId);
  if (!headers.ok) return record.error('PROXY_HEADER_TOO_LARGE');

  let body: Uint8Array<ArrayBuffer> | undefined;
  if (route.body === 'form') {
    if (!isFormContentType(request.headers.get('content-type'))) return record.error('PROXY_UNSUPPORTED_MEDIA_TYPE');
    const read = await readCappedBody(
      request,
      settings.limits.maxRequestBodyBytes,
      settings.limits.requestBodyTimeoutMs,
    );
    if (!read.ok) return record.error(read.code);
    body = read.bytes;
  } else {
    if (declaresBody(request)) return record.error('PROXY_BODY_NOT_ALLOWED');
    // Some runtimes attach an (empty) body stream to every DELETE: it must really be empty.
    const read = await readCappedBody(request, 0, settings.limits.requestBodyTimeoutMs);
    if (!read.ok) return record.error(read.code === 'PROXY_BODY_TOO_LARGE' ? 'PROXY_BODY_NOT_ALLOWED' : read.code);
  }

  const base = route.upstream === 'identity' ? settings.identityUpstream : settings.apiUpstream;
  const target = upstreamUrl(base, match.upstreamPath, query.query);
  const init: RequestInit =
    body === undefined
      ? { method: route.method, headers: headers.headers }
      : { method: route.method, headers: headers.headers, body };

  // Taken last, so nothing between here and forward() (which always releases it) can leak the slot.
  let release: () => void = () => undefined;
  if (tenantId !== null) {
    const slot = gate.tryAcquire(tenantId);
    if (slot === null)
      return record.error('PROXY_TOO_MANY_REQUESTS', { 'retry-after': String(CONCURRENCY_RETRY_AFTER_SECONDS) });
    release = slot;
  }
  return forward(settings, route, record, new UpstreamExchange(settings.limits, request.signal), target, init, release);
}

/** Sends the request upstream and streams the answer back, or refuses it (3xx, oversized, failed). */
async function forward(
  settings: ProxySettings,
  route: Route,
  record: RequestRecord,
  exchange: UpstreamExchange,
  target: string,
  init: RequestInit,
  release: () => void,
): Promise<Response> {
  const done = () => {
    exchange.dispose();
    release();
  };
  const outcome = await exchange.fetchHeaders(settings.fetch, target, init);
  if (!outcome.ok) {
    done();
    return record.error(outcome.code);
  }
  const upstream = outcome.response;
  try {
    record.upstreamStatus = upstream.status;
    if (isRedirect(upstream)) {
      discard(upstream);
      done();
      return record.error('PROXY_UPSTREAM_REDIRECT');
    }
    const declared = declaredLength(upstream);
    if (declared !== null && declared > settings.limits.maxResponseBytes) {
      discard(upstream);
      done();
      return record.error('PROXY_UPSTREAM_TOO_LARGE');
    }
    const headers = buildClientResponseHeaders(upstream, route, settings.limits.maxResponseBytes);
    if (upstream.body === null || NULL_BODY_STATUSES.has(upstream.status)) {
      discard(upstream);
      done();
      return record.complete(upstream.status, headers, null);
    }
    const body = exchange.streamBody(upstream.body, (code, bytes) => {
      done();
      record.finish(upstream.status, bytes, code);
    });
    return record.stream(upstream.status, headers, body);
  } catch (error) {
    // Something unexpected (a malformed response from an injected fetch): free the tenant slot and
    // timers, then let createProxy answer PROXY_INTERNAL.
    exchange.abort('upstream-error');
    done();
    throw error;
  }
}

/**
 * /healthz answers for load balancers and uptime checks, which send no Origin: it ignores Origin
 * (CORS headers only for allowed origins, as everywhere), reveals nothing and calls no upstream.
 */
function health(request: Request, route: Route, url: URL, record: RequestRecord): Response {
  if (request.method !== route.method) return record.error('PROXY_METHOD_NOT_ALLOWED', { allow: route.method });
  const query = checkQuery(route, url.search);
  if (!query.ok) return record.error(query.code);
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  return record.complete(200, headers, JSON.stringify({ status: 'ok' }));
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Any 3xx, or the opaque redirect a browser-like fetch returns for `redirect: 'manual'`. */
function isRedirect(response: Response): boolean {
  return (
    (response.status >= 300 && response.status < 400) || response.status === 0 || response.type === 'opaqueredirect'
  );
}

/** The upstream's declared length, encoded or not: over the cap encoded means over the cap decoded. */
function declaredLength(response: Response): number | null {
  const value = response.headers.get('content-length');
  return value !== null && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : null;
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}
