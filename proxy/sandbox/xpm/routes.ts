/**
 * The XPM pipeline, in the order Xero's gateway applies it (xpm-api.md §9): the bearer token
 * (401), the `xero-tenant-id` (403), the scope (401 insufficient_scope), the rate limits (429), then
 * the endpoint. Scheduled faults apply after the checks, so a test's fault hits an otherwise valid call.
 * Both `/practicemanager/3.0/` and `/practicemanager/3.1/` are served, with the same endpoints, limits,
 * faults and request counts; only the shape of the XML differs (xpm/api-shape.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Exchange, Practice, SandboxContext } from '../context';
import {
  BOM_DECLARATION_PREFIX,
  doctypeXml,
  errorFaultResponse,
  malformedXml,
  oversizeParts,
  protoTagsXml,
} from '../controls/fault-bodies';
import type { Fault } from '../controls/faults';
import { queryParams, statusText } from '../http';
import { authenticateBearer } from '../identity/connections';
import { CLIENT_READ_SCOPES, STAFF_READ_SCOPES } from '../identity/scopes';
import { sleep, streamParts, throttle, truncate, utf8 } from './body-stream';
import type { EndpointResult, XpmEndpoint } from './endpoints';
import { appErrorBody, runEndpoint } from './endpoints';
import type { ApiShape } from './api-shape';
import { pathVersion, xpmBasePath } from './api-shape';
import { FORBIDDEN_TENANT, INSUFFICIENT_SCOPE, problemResponse } from './problems';
import type { LimitProblem, Remaining } from './rate-limit';
import type { ApiMethod } from './xml';

export interface XpmRoute {
  readonly endpoint: XpmEndpoint;
  /** The `{identifier}` of `client.api/get/{identifier}` (lower-cased). */
  readonly identifier: string | null;
  /** The API version named in the path. */
  readonly version: ApiShape;
}

const ROUTES: ReadonlyMap<string, XpmEndpoint> = new Map<string, XpmEndpoint>([
  ['client.api/list', 'client.api/list'],
  ['client.api/paged-list', 'client.api/paged-list'],
  ['staff.api/list', 'staff.api/list'],
  ['clientgroup.api/list', 'clientgroup.api/list'],
]);

/** The endpoint for a path under /practicemanager/3.0/ or /3.1/ (paths are case-insensitive, as in ASP.NET). */
export function matchXpmRoute(pathname: string): XpmRoute | null {
  const version = pathVersion(pathname);
  if (version === null) return null;
  const lower = pathname.toLowerCase();
  const prefix = `${xpmBasePath(version)}/`;
  if (!lower.startsWith(prefix)) return null;
  const rest = lower.slice(prefix.length).replace(/\/$/, '');
  const endpoint = ROUTES.get(rest);
  if (endpoint) return { endpoint, identifier: null, version };
  const get = /^client\.api\/get\/([^/]+)$/.exec(rest);
  return get?.[1] ? { endpoint: 'client.api/get', identifier: get[1], version } : null;
}

const API_METHOD: Readonly<Record<XpmEndpoint, ApiMethod>> = {
  'client.api/list': 'List',
  'client.api/paged-list': 'PagedList',
  'client.api/get': 'Get',
  'staff.api/list': 'List',
  'clientgroup.api/list': 'List',
};

function limitHeaders(remaining: Remaining): Record<string, string> {
  return {
    'x-minlimit-remaining': String(remaining.minute),
    'x-daylimit-remaining': String(remaining.day),
    'x-appminlimit-remaining': String(remaining.appMinute),
  };
}

function xmlHeaders(correlationId: string, remaining: Remaining, now: number): Record<string, string> {
  return {
    'content-type': 'text/xml; charset=utf-8',
    ...limitHeaders(remaining),
    'xero-correlation-id': correlationId,
    'cache-control': 'max-age=0, no-cache, no-store',
    pragma: 'no-cache',
    expires: new Date(now).toUTCString(),
    server: 'Kestrel',
  };
}

/** 429 with an empty body, `Retry-After` and `X-Rate-Limit-Problem` (xpm-api.md §5.2). */
function tooManyRequests(
  correlationId: string,
  problem: LimitProblem,
  retryAfter: number | null,
  remaining: Remaining,
): Response {
  const zeroed: Remaining = {
    minute: problem === 'minute' ? 0 : remaining.minute,
    day: problem === 'day' ? 0 : remaining.day,
    appMinute: problem === 'appminute' ? 0 : remaining.appMinute,
  };
  return new Response(null, {
    status: 429,
    statusText: statusText(429),
    headers: {
      'content-length': '0',
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
      'x-rate-limit-problem': problem,
      ...limitHeaders(zeroed),
      'xero-correlation-id': correlationId,
    },
  });
}

export async function handleXpm(exchange: Exchange, ctx: SandboxContext, route: XpmRoute): Promise<Response> {
  const correlationId = randomUUID();
  // 401 and 403 carry only the app-wide limit header: the tenant is not known (or not allowed) yet.
  const appOnly = (): Record<string, string> => ({ 'x-appminlimit-remaining': String(ctx.limiter.appRemaining()) });
  const { request } = exchange;
  if (request.method !== 'GET')
    return new Response(null, {
      status: 405,
      statusText: statusText(405),
      headers: { allow: 'GET', 'xero-correlation-id': correlationId },
    });

  const grant = authenticateBearer(request, ctx, correlationId);
  if (grant instanceof Response) {
    for (const [k, v] of Object.entries(appOnly())) grant.headers.set(k, v);
    return grant;
  }
  const tenantId = (request.headers.get('xero-tenant-id') ?? '').trim().toLowerCase();
  const connection = grant.connections.find((c) => c.tenantId === tenantId && c.tenantType === 'PRACTICEMANAGER');
  const practice = connection ? ctx.practices.get(connection.tenantId) : undefined;
  if (!practice) return problemResponse(FORBIDDEN_TENANT, correlationId, appOnly());
  const needed = route.endpoint === 'staff.api/list' ? STAFF_READ_SCOPES : CLIENT_READ_SCOPES;
  if (!grant.scopes.some((s) => needed.includes(s)))
    return problemResponse(INSUFFICIENT_SCOPE, correlationId, appOnly());

  const limiterKey = `${grant.clientId}:${tenantId}`;
  const fault = ctx.faults.peek(route.endpoint, 'xpm');
  if (fault?.action.kind === 'rate-limit') {
    const { problem, retryAfter } = fault.action;
    ctx.faults.consume(fault);
    const fallback =
      problem === 'day'
        ? ctx.limiter.secondsToDayReset()
        : problem === 'concurrent'
          ? null
          : ctx.limiter.secondsToMinuteReset(limiterKey);
    return tooManyRequests(correlationId, problem, retryAfter ?? fallback, ctx.limiter.remaining(limiterKey));
  }
  const admission = ctx.limiter.admit(limiterKey);
  if (!admission.ok)
    return tooManyRequests(correlationId, admission.problem, admission.retryAfter, admission.remaining);
  // The call is in flight until its body ends, is cancelled, or the client goes away.
  request.signal.addEventListener('abort', admission.release, { once: true });
  if (fault) ctx.faults.consume(fault);
  try {
    if (fault?.action.kind === 'latency') await sleep(fault.action.ms);
    // A 3.0 path always answers in 3.0; a 3.1 path in the shape the sandbox is switched to.
    const shape: ApiShape = route.version === '3.0' ? '3.0' : ctx.apiShape.current;
    const result = runEndpoint(practice, {
      endpoint: route.endpoint,
      query: queryParams(exchange.url),
      identifier: route.identifier,
      origin: exchange.origin,
      pathVersion: route.version,
      shape,
    });
    return respond(
      result,
      fault,
      practice,
      shape,
      route.endpoint,
      correlationId,
      admission.remaining,
      admission.release,
      ctx.clock.now(),
    );
  } catch (error) {
    admission.release();
    throw error;
  }
}

function respond(
  result: EndpointResult,
  fault: Fault | undefined,
  practice: Practice,
  shape: ApiShape,
  endpoint: XpmEndpoint,
  correlationId: string,
  remaining: Remaining,
  release: () => void,
  now: number,
): Response {
  const method = API_METHOD[endpoint];
  const headers = xmlHeaders(correlationId, remaining, now);
  const action = fault?.action;
  // Every XML answer is HTTP 200, Status ERROR included; the body is held in flight until it ends.
  const xml = (parts: Iterable<Uint8Array>): Response => {
    let body = streamParts(parts, release);
    if (action?.kind === 'bandwidth') body = throttle(body, action.bytesPerSecond);
    if (action?.kind === 'truncate') body = truncate(body, action.afterBytes, action.mode);
    return new Response(body, { status: 200, statusText: statusText(200), headers });
  };
  switch (action?.kind) {
    case 'status':
    case 'html-error':
      release();
      return errorFaultResponse(action, correlationId, limitHeaders(remaining));
    case 'status-error':
      return xml([appErrorBody(method, action.description)]);
    case 'malformed-xml':
      return xml([utf8(malformedXml(method, action.variant))]);
    case 'doctype':
      return xml([utf8(doctypeXml(method, action.variant))]);
    case 'proto-tags':
      return xml([utf8(protoTagsXml(method))]);
    case 'oversize':
      return xml(oversizeParts(practice, method, shape, action.bytes));
    default:
      break;
  }
  switch (result.kind) {
    case 'problem':
      release();
      return problemResponse(result.problem, correlationId, limitHeaders(remaining));
    case 'app-error':
      return xml([appErrorBody(result.method, result.description)]);
    case 'xml':
      return xml(action?.kind === 'bom-declaration' ? prefixed(result.parts) : result.parts);
  }
}

function* prefixed(parts: Iterable<Uint8Array>): Generator<Uint8Array> {
  yield utf8(BOM_DECLARATION_PREFIX);
  yield* parts;
}
