/**
 * The fixed route table (PX-1). The proxy serves these named routes and nothing else; the upstream
 * URL is always a configured origin plus a path written here, never anything the client sent.
 * @see ../../shared/reference/xpm-api.md §1.1 (API versions), §2 (XPM paths), §6.1/6.3–6.5 (identity endpoints)
 */

export type RouteId =
  | 'healthz'
  | 'oauth-token'
  | 'oauth-revoke'
  | 'connections-list'
  | 'connections-delete'
  | 'xpm-client-list'
  | 'xpm-client-paged-list'
  | 'xpm-client-get'
  | 'xpm-staff-list'
  | 'xpm-clientgroup-list'
  | 'xpm30-client-list'
  | 'xpm30-staff-list';

export type RouteMethod = 'GET' | 'POST' | 'DELETE';

/** Which configured upstream a route goes to; `none` is answered by the proxy itself. */
export type UpstreamName = 'identity' | 'api' | 'none';

/** Checks one query value; the key itself is matched case-insensitively (XPM's are, ASP.NET). */
type QueryValueCheck = (value: string) => boolean;

export interface Route {
  readonly id: RouteId;
  /** The public path; `{uuid}` matches one strictly formatted UUID. */
  readonly pattern: string;
  readonly method: RouteMethod;
  readonly upstream: UpstreamName;
  /** The upstream path; `{uuid}` is filled with the validated UUID from the public path. */
  readonly upstreamPath: string;
  /** Allowed query keys, lower-case, each with its value check. */
  readonly query: Readonly<Record<string, QueryValueCheck>>;
  /** `form`: an application/x-www-form-urlencoded body is required; `none`: no body at all. */
  readonly body: 'form' | 'none';
  /** Token and revocation answers carry secrets: never cached anywhere (Cache-Control: no-store). */
  readonly noStore: boolean;
}

export interface RouteMatch {
  readonly route: Route;
  /** The upstream path with its parameters filled in (still relative to the upstream base). */
  readonly upstreamPath: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest public path is ~45 characters; anything far longer is not one of ours. */
const MAX_PATH_LENGTH = 256;
/** Opaque continuation tokens and timestamps are short; this bounds what reaches Xero. */
const MAX_QUERY_VALUE_LENGTH = 2048;
/** Only what the fixed paths use: letters, digits, dot, dash, underscore, and single slashes. */
const SAFE_PATH = /^\/(?:[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)?$/;

const isUuid: QueryValueCheck = (value) => UUID.test(value);
const isBoolean: QueryValueCheck = (value) => /^(?:true|false)$/i.test(value);
/** XPM documents `yyyy-MM-ddTHH:mm:ss` (UTC); a fraction or a trailing Z is tolerated. */
const isTimestamp: QueryValueCheck = (value) =>
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?Z?$/.test(value);
const isPageSize: QueryValueCheck = (value) => /^\d{1,4}$/.test(value);
/** Opaque tokens: printable ASCII only; it is re-encoded before it reaches the upstream URL. */
const isOpaqueToken: QueryValueCheck = (value) =>
  value.length <= MAX_QUERY_VALUE_LENGTH && /^[\x21-\x7e]+$/.test(value);

const NO_QUERY: Readonly<Record<string, QueryValueCheck>> = Object.freeze({});

const ROUTE_TABLE: Route[] = [
  {
    id: 'healthz',
    pattern: '/healthz',
    method: 'GET',
    upstream: 'none',
    upstreamPath: '',
    query: NO_QUERY,
    body: 'none',
    noStore: true,
  },
  {
    id: 'oauth-token',
    pattern: '/oauth/token',
    method: 'POST',
    upstream: 'identity',
    upstreamPath: '/connect/token',
    query: NO_QUERY,
    body: 'form',
    noStore: true,
  },
  {
    id: 'oauth-revoke',
    pattern: '/oauth/revoke',
    method: 'POST',
    upstream: 'identity',
    upstreamPath: '/connect/revocation',
    query: NO_QUERY,
    body: 'form',
    noStore: true,
  },
  {
    id: 'connections-list',
    pattern: '/connections',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/connections',
    // Xero's optional filter to the tenants of one consent (xpm-api.md §6.4).
    query: { autheventid: isUuid },
    body: 'none',
    noStore: false,
  },
  {
    id: 'connections-delete',
    pattern: '/connections/{uuid}',
    method: 'DELETE',
    upstream: 'api',
    upstreamPath: '/connections/{uuid}',
    query: NO_QUERY,
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm-client-list',
    pattern: '/xpm/3.1/client.api/list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.1/client.api/list',
    query: { detailed: isBoolean, modifiedsince: isTimestamp },
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm-client-paged-list',
    pattern: '/xpm/3.1/client.api/paged-list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.1/client.api/paged-list',
    query: { pagesize: isPageSize, pagetoken: isOpaqueToken },
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm-client-get',
    pattern: '/xpm/3.1/client.api/get/{uuid}',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.1/client.api/get/{uuid}',
    query: NO_QUERY,
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm-staff-list',
    pattern: '/xpm/3.1/staff.api/list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.1/staff.api/list',
    query: NO_QUERY,
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm-clientgroup-list',
    pattern: '/xpm/3.1/clientgroup.api/list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.1/clientgroup.api/list',
    query: NO_QUERY,
    body: 'none',
    noStore: false,
  },
  // XPM API 3.0, still served to integrations that call it (xpm-api.md §1.1): its answers carry the
  // integer <ID> beside (or instead of) <UUID>. Only the two calls the sync makes exist here; 3.0
  // has no paged-list, and its get/{id} takes integer ids the app never sends.
  {
    id: 'xpm30-client-list',
    pattern: '/xpm/3.0/client.api/list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.0/client.api/list',
    query: { detailed: isBoolean, modifiedsince: isTimestamp },
    body: 'none',
    noStore: false,
  },
  {
    id: 'xpm30-staff-list',
    pattern: '/xpm/3.0/staff.api/list',
    method: 'GET',
    upstream: 'api',
    upstreamPath: '/practicemanager/3.0/staff.api/list',
    query: NO_QUERY,
    body: 'none',
    noStore: false,
  },
];

export const ROUTES: readonly Route[] = Object.freeze(ROUTE_TABLE);

/**
 * True when the path is one the proxy is willing to look up. `rawTarget` is the request target as
 * received (when the runtime provides it): URL parsing resolves `..`, `%2e%2e` and `\`, so the raw
 * form is compared too, and anything the parser changed is refused.
 */
export function isSafePath(pathname: string, rawTarget?: string): boolean {
  if (rawTarget !== undefined) {
    // Origin-form only: absolute-form (`http://host/...`), authority-form and `*` are refused.
    if (!rawTarget.startsWith('/') || rawTarget.includes('#')) return false;
    const queryAt = rawTarget.indexOf('?');
    const rawPath = queryAt === -1 ? rawTarget : rawTarget.slice(0, queryAt);
    if (rawPath !== pathname) return false;
  }
  if (pathname.length > MAX_PATH_LENGTH || !SAFE_PATH.test(pathname)) return false;
  // Decoded and raw must agree; SAFE_PATH already excludes '%', this keeps the rule explicit.
  if (safeDecode(pathname) !== pathname) return false;
  return pathname.split('/').every((segment) => !/^\.+$/.test(segment));
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** Finds the route for a path already accepted by isSafePath. */
export function matchRoute(pathname: string): RouteMatch | null {
  const segments = pathname.split('/');
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern.split('/'), segments);
    if (params === null) continue;
    const upstreamPath =
      params.uuid === undefined ? route.upstreamPath : route.upstreamPath.replace('{uuid}', params.uuid);
    return { route, upstreamPath };
  }
  return null;
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): { uuid?: string } | null {
  if (pattern.length !== segments.length) return null;
  const params: { uuid?: string } = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    const segment = segments[i] ?? '';
    if (part === '{uuid}') {
      if (!UUID.test(segment)) return null;
      params.uuid = segment.toLowerCase();
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

export type QueryCheck =
  | { readonly ok: true; readonly query: string }
  | { readonly ok: false; readonly code: 'PROXY_QUERY_NOT_ALLOWED' | 'PROXY_BAD_QUERY' };

/**
 * Accepts only the route's query keys (case-insensitive names), each once and with a valid value,
 * and re-encodes them; the result is the only query that reaches the upstream.
 */
export function checkQuery(route: Route, search: string): QueryCheck {
  const params = new URLSearchParams(search);
  const seen = new Set<string>();
  const kept: [string, string][] = [];
  for (const [key, value] of params) {
    const name = key.toLowerCase();
    const check = Object.hasOwn(route.query, name) ? route.query[name] : undefined;
    if (check === undefined) return { ok: false, code: 'PROXY_QUERY_NOT_ALLOWED' };
    if (seen.has(name) || value.length > MAX_QUERY_VALUE_LENGTH || !check(value))
      return { ok: false, code: 'PROXY_BAD_QUERY' };
    seen.add(name);
    kept.push([key, value]);
  }
  return { ok: true, query: new URLSearchParams(kept).toString() };
}
