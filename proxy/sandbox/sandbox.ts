/**
 * The sandbox as a web-standard fetch handler: `createSandbox(options)` builds the simulated Xero
 * identity service and XPM API over one seeded data set and returns the handler, its state and
 * the test controls. `server.ts` serves it over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { createClock, type SandboxClock } from './clock';
import type { Exchange, Practice, SandboxContext, SandboxSettings } from './context';
import type { SandboxControls } from './controls/controls';
import { createControls, handleControl } from './controls/controls';
import { FaultQueue } from './controls/faults';
import { RequestLog } from './controls/request-log';
import { PracticeStore } from './data/practice-store';
import type { Organisation, PracticeProfile } from './data/tenants';
import { organisations } from './data/tenants';
import { htmlResponse, jsonResponse, statusText } from './http';
import { handleAuthorize, handleConsent, handleLogin } from './identity/authorize';
import { handleConnectionDelete, handleConnections } from './identity/connections';
import { JWKS_PATH, handleDiscovery, handleJwks, handleUserinfo } from './identity/discovery';
import { GrantStore } from './identity/grants';
import { handleRevocation } from './identity/revocation';
import { handleToken } from './identity/token';
import { errorFaultResponse } from './controls/fault-bodies';
import { sleep } from './xpm/body-stream';
import type { ApiShape } from './xpm/api-shape';
import { DEFAULT_API_SHAPE, parseApiShape, pathVersion } from './xpm/api-shape';
import { ClientFragmentCache, DEFAULT_FRAGMENT_CACHE_BYTES, FragmentBudget } from './xpm/client-xml';
import { DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT, RateLimiter } from './xpm/rate-limit';
import { handleXpm, matchXpmRoute } from './xpm/routes';
import { clientPage, indexPage, notFoundPage } from './web/pages';

/** The default practice size (PRODUCT.md §7). */
export const DEFAULT_CLIENTS = 2000;
/** The largest practice the sandbox generates: 100,000 clients is ~330 MB of XML, far past any real practice. */
export const MAX_CLIENTS = 100_000;
/** The client id the sandbox accepts unless told otherwise (README, "Connecting"). */
export const DEFAULT_CLIENT_ID = 'xpm-contact-sync-sandbox';
export const DEFAULT_APP_NAME = 'XPM Contact Sync';
/** The largest fragment cache: 4 GiB bounds a typo, not a real need. */
const MAX_CACHE_BYTES = 4 * 1024 ** 3;

export interface SandboxOptions {
  /** Clients in the main practice (default 2,000). */
  readonly clients?: number;
  /** Data seed (default 1): same seed and size, same practice. */
  readonly seed?: number;
  /** Serve `/__sandbox/…` (default false). */
  readonly testControls?: boolean;
  readonly clientId?: string;
  /** Redirect URIs accepted exactly, in addition to any loopback URL. */
  readonly redirectUris?: readonly string[];
  readonly appName?: string;
  /** Calls per tenant per UTC day (default 5,000; Xero's Starter tier is 1,000). */
  readonly dailyLimit?: number;
  /** Base time source; the clock control advances on top of it (default Date.now). */
  readonly now?: () => number;
  /** The public origin, when it differs from the origin requests arrive on (e.g. behind a reverse proxy). */
  readonly publicUrl?: string;
  /** The shape `/practicemanager/3.1/` answers in (default `3.1`; `3.0`: ids as in XPM v3.0). */
  readonly apiShape?: ApiShape;
  /** Bytes of serialized client XML kept between requests (default 64 MiB; 0 keeps none). */
  readonly fragmentCacheBytes?: number;
}

export interface SandboxState {
  readonly settings: SandboxSettings;
  readonly clock: SandboxClock;
  readonly organisations: readonly Organisation[];
  readonly practices: ReadonlyMap<string, Practice>;
  /** The main (large) practice. */
  readonly mainPractice: Practice;
}

export interface Sandbox {
  readonly handler: (request: Request) => Promise<Response>;
  readonly state: SandboxState;
  /** Test controls as functions; available whether or not the HTTP controls are on. */
  readonly controls: SandboxControls;
}

function checkCount(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}.`);
  return value;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const apiShape = parseApiShape(options.apiShape ?? DEFAULT_API_SHAPE);
  if (apiShape === null) throw new RangeError(`apiShape must be "3.0" or "3.1", not ${String(options.apiShape)}.`);
  const settings: SandboxSettings = {
    clients: checkCount('clients', options.clients ?? DEFAULT_CLIENTS, 0, MAX_CLIENTS),
    seed: checkCount('seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER),
    testControls: options.testControls ?? false,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    redirectUris: options.redirectUris ?? [],
    appName: options.appName ?? DEFAULT_APP_NAME,
    dailyLimit: checkCount('dailyLimit', options.dailyLimit ?? DEFAULT_DAILY_LIMIT, 1, MAX_DAILY_LIMIT),
    publicUrl: options.publicUrl ? new URL(options.publicUrl).origin : null,
    apiShape,
  };
  const budget = new FragmentBudget(
    checkCount('fragmentCacheBytes', options.fragmentCacheBytes ?? DEFAULT_FRAGMENT_CACHE_BYTES, 0, MAX_CACHE_BYTES),
  );
  const clock = createClock(options.now);
  // Generated modification times lie before the start, on whole seconds; reset keeps the same anchor.
  const anchor = Math.floor(clock.now() / 1000) * 1000;
  const orgs = organisations(settings.seed, settings.clients);
  const practices = new Map<string, Practice>();
  for (const org of orgs) {
    if (org.practice === null) continue;
    const store = new PracticeStore({ ...org, practice: org.practice satisfies PracticeProfile }, clock, anchor);
    const fragments = new ClientFragmentCache(
      {
        contact: (uuid) => store.getContact(uuid),
        group: (uuid) => store.getGroup(uuid),
        client: (uuid) => store.getClient(uuid),
        version: () => store.version,
      },
      budget,
    );
    practices.set(org.tenantId, { store, fragments });
  }
  const ctx: SandboxContext = {
    settings,
    clock,
    organisations: orgs,
    practices,
    apiShape: { current: settings.apiShape },
    grants: new GrantStore(clock),
    limiter: new RateLimiter(clock, settings.dailyLimit),
    faults: new FaultQueue(),
    requests: new RequestLog(),
  };
  const mainPractice = [...practices.values()][0];
  if (!mainPractice) throw new Error('The sandbox has no XPM practice.');
  const controls = createControls(ctx);

  const handler = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    const exchange: Exchange = { request, url, origin: settings.publicUrl ?? url.origin, endpoint: 'not-found' };
    if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
      // Controls are not counted or logged: they are the test talking to the sandbox, not the app.
      const response = settings.testControls ? await handleControl(exchange, controls) : notFound();
      response.headers.set('date', new Date(clock.now()).toUTCString());
      return response;
    }
    let response: Response;
    try {
      response = await route(exchange, ctx);
    } catch (error) {
      console.error(JSON.stringify({ event: 'sandbox-error', endpoint: exchange.endpoint, error: String(error) }));
      response = jsonResponse(500, { error: 'internal', message: 'The sandbox failed to handle the request.' });
    }
    response.headers.set('date', new Date(clock.now()).toUTCString());
    ctx.requests.record({
      time: new Date(clock.now()).toISOString(),
      method: request.method,
      path: url.pathname,
      endpoint: exchange.endpoint,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });
    return response;
  };

  return { handler, state: { settings, clock, organisations: orgs, practices, mainPractice }, controls };
}

function notFound(): Response {
  return htmlResponse(404, notFoundPage());
}

const IDENTITY_FAULT_ROUTES: Readonly<Record<string, 'token' | 'revocation' | 'connections'>> = {
  '/connect/token': 'token',
  '/connect/revocation': 'revocation',
  '/connections': 'connections',
};

/** Latency, 5xx or an HTML page scheduled for an identity endpoint; null when none applies. */
async function identityFault(
  ctx: SandboxContext,
  routeName: 'token' | 'revocation' | 'connections',
): Promise<Response | null> {
  const fault = ctx.faults.peek(routeName, 'identity');
  if (!fault) return null;
  ctx.faults.consume(fault);
  const { action } = fault;
  if (action.kind === 'latency') {
    await sleep(action.ms);
    return null;
  }
  if (action.kind === 'html-error' || action.kind === 'status') return errorFaultResponse(action, randomUUID());
  return null;
}

async function route(exchange: Exchange, ctx: SandboxContext): Promise<Response> {
  const { request, url } = exchange;
  const path = url.pathname;
  if (pathVersion(path) !== null) {
    const xpm = matchXpmRoute(path);
    exchange.endpoint = xpm?.endpoint ?? 'xpm:unknown';
    return xpm ? handleXpm(exchange, ctx, xpm) : new Response(null, { status: 404, statusText: statusText(404) });
  }
  const faultRoute = IDENTITY_FAULT_ROUTES[path] ?? (path.startsWith('/connections/') ? 'connections' : undefined);
  if (faultRoute) {
    const faulted = await identityFault(ctx, faultRoute);
    if (faulted) {
      // The body is not read, so a faulted token call is counted without its grant type.
      exchange.endpoint =
        faultRoute === 'token'
          ? 'token:other'
          : faultRoute === 'connections'
            ? request.method === 'DELETE'
              ? 'connections:delete'
              : 'connections:list'
            : faultRoute;
      return faulted;
    }
  }
  const get = request.method === 'GET';
  const post = request.method === 'POST';
  switch (path) {
    case '/':
      exchange.endpoint = 'web:index';
      return htmlResponse(200, indexPage(ctx, exchange.origin));
    case '/identity/connect/authorize':
      exchange.endpoint = 'authorize';
      return get ? handleAuthorize(exchange, ctx) : methodNotAllowed('GET');
    case '/identity/connect/authorize/login':
      exchange.endpoint = 'authorize:login';
      return post ? handleLogin(exchange, ctx) : methodNotAllowed('POST');
    case '/identity/connect/authorize/consent':
      exchange.endpoint = 'authorize:consent';
      return post ? handleConsent(exchange, ctx) : methodNotAllowed('POST');
    case '/connect/token':
      exchange.endpoint = 'token:other';
      return handleToken(exchange, ctx);
    case '/connect/revocation':
      exchange.endpoint = 'revocation';
      return handleRevocation(exchange, ctx);
    case '/connect/userinfo':
      exchange.endpoint = 'userinfo';
      return handleUserinfo(exchange, ctx);
    case '/connections':
      exchange.endpoint = 'connections:list';
      return handleConnections(exchange, ctx);
    case '/.well-known/openid-configuration':
      exchange.endpoint = 'discovery';
      return handleDiscovery(exchange);
    case JWKS_PATH:
      exchange.endpoint = 'jwks';
      return handleJwks();
    default:
      break;
  }
  const connection = /^\/connections\/([^/]+)$/.exec(path);
  if (connection?.[1]) {
    exchange.endpoint = 'connections:delete';
    return handleConnectionDelete(exchange, ctx, connection[1]);
  }
  // The XPM web page a link points at: by UUID (v3.1's WebUrl) or by the documented integer id.
  const client = /^\/Client\/([0-9a-fA-F-]{36}|[1-9]\d{0,9})\/Detail$/.exec(path);
  if (client?.[1] && get) {
    exchange.endpoint = 'web:client';
    const key = client[1];
    for (const practice of ctx.practices.values()) {
      const record =
        key.length === 36 ? practice.store.getClient(key.toLowerCase()) : practice.store.getClientById(Number(key));
      if (record) return htmlResponse(200, clientPage(practice.store, record));
    }
  }
  return notFound();
}

function methodNotAllowed(allow: string): Response {
  return new Response(null, { status: 405, statusText: statusText(405), headers: { allow } });
}
