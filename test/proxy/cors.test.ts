/**
 * PX-3: exact-match Origin allowlist, Vary: Origin everywhere, never `*`, no credentials; preflights
 * allow only the route's method and the needed headers. Refusals make no upstream request.
 */
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_REQUEST_HEADERS,
  createOriginPolicy,
  EXPOSED_RESPONSE_HEADERS,
  parseAllowedOrigin,
  PREFLIGHT_MAX_AGE_SECONDS,
} from '../../proxy/cors';
import { APP_ORIGIN, CLIENT_UUID, CONNECTION_ID, makeProxy, readJson } from './helpers';

const API_ROUTES = [
  { method: 'POST', path: '/oauth/token' },
  { method: 'POST', path: '/oauth/revoke' },
  { method: 'GET', path: '/connections' },
  { method: 'DELETE', path: `/connections/${CONNECTION_ID}` },
  { method: 'GET', path: '/xpm/3.1/client.api/list' },
  { method: 'GET', path: '/xpm/3.1/client.api/paged-list' },
  { method: 'GET', path: `/xpm/3.1/client.api/get/${CLIENT_UUID}` },
  { method: 'GET', path: '/xpm/3.1/staff.api/list' },
  { method: 'GET', path: '/xpm/3.1/clientgroup.api/list' },
] as const;

function bodyFor(method: string): RequestInit {
  return method === 'POST' ? { body: 'token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {};
}

const FORBIDDEN_ORIGINS: readonly (string | null)[] = [
  null, // no Origin header (curl, a server, a same-origin GET)
  'null', // sandboxed iframes, file:// pages, some redirects
  'https://evil.example',
  'http://localhost:5174', // other port
  'https://localhost:5173', // other scheme
  'http://127.0.0.1:5173', // same machine, other spelling
  'http://localhost:5173.evil.example', // suffix trick
  'http://evil.localhost:5173',
  'http://LOCALHOST:5173', // not canonical (browsers send lower case)
  'http://localhost:5173/', // trailing slash
  '*',
  '',
];

describe('PX-3 origin allowlist on API routes', () => {
  it.each(API_ROUTES)(
    'an allowed origin on $method $path gets its origin echoed, Vary and the expose list',
    async ({ method, path }) => {
      const proxy = makeProxy();
      const response = await proxy.send(path, { method, ...bodyFor(method) });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('vary')).toBe('Origin');
      expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED_RESPONSE_HEADERS);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(proxy.calls).toHaveLength(1);
    },
  );

  it.each(
    FORBIDDEN_ORIGINS.map((origin) => ({ origin: origin === null ? '(none)' : JSON.stringify(origin), value: origin })),
  )('origin $origin → 403 PROXY_ORIGIN_FORBIDDEN on every API route, with no upstream call', async ({ value }) => {
    for (const { method, path } of API_ROUTES) {
      const proxy = makeProxy();
      const response = await proxy.send(path, { method, origin: value, ...bodyFor(method) });
      expect(response.status).toBe(403);
      expect(await readJson(response)).toMatchObject({ error: 'PROXY_ORIGIN_FORBIDDEN' });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toBe('Origin');
      expect(proxy.calls).toHaveLength(0);
    }
  });

  it('supports several allowed origins, each echoed only for itself', async () => {
    const proxy = makeProxy({ allowedOrigins: [APP_ORIGIN, 'https://contacts.example.com'] });
    const a = await proxy.send('/connections', { origin: 'https://contacts.example.com' });
    const b = await proxy.send('/connections', { origin: APP_ORIGIN });
    expect(a.headers.get('access-control-allow-origin')).toBe('https://contacts.example.com');
    expect(b.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('proxy-made errors are readable by the allowed origin (CORS headers on 4xx and 5xx)', async () => {
    const proxy = makeProxy({ respond: () => Promise.reject(new TypeError('connect ECONNREFUSED')) });
    const notFound = await proxy.send('/nope');
    const badQuery = await proxy.send('/xpm/3.1/staff.api/list?x=1');
    const unavailable = await proxy.send('/xpm/3.1/staff.api/list');
    for (const response of [notFound, badQuery, unavailable]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('vary')).toBe('Origin');
    }
    expect(unavailable.status).toBe(502);
    expect(await readJson(unavailable)).toMatchObject({ error: 'PROXY_UPSTREAM_UNAVAILABLE' });
  });

  it('never answers with a wildcard, whatever the request', async () => {
    const proxy = makeProxy();
    const responses = [
      await proxy.send('/connections'),
      await proxy.send('/connections', { origin: '*' }),
      await proxy.send('/connections', { method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } }),
      await proxy.send('/healthz', { origin: null }),
      await proxy.send('/unknown'),
    ];
    for (const response of responses) {
      expect(response.headers.get('access-control-allow-origin')).not.toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('PX-3 preflight', () => {
  it.each(API_ROUTES)(
    'OPTIONS $path for $method → 204 allowing that method and the needed headers',
    async ({ method, path }) => {
      const proxy = makeProxy();
      const response = await proxy.send(path, {
        method: 'OPTIONS',
        headers: {
          'access-control-request-method': method,
          'access-control-request-headers': 'Authorization, Xero-Tenant-Id, Accept, Content-Type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toBe(method);
      expect(response.headers.get('access-control-allow-headers')).toBe(ALLOWED_REQUEST_HEADERS.join(', '));
      expect(response.headers.get('access-control-max-age')).toBe(String(PREFLIGHT_MAX_AGE_SECONDS));
      expect(response.headers.get('vary')).toMatch(/^Origin\b/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(proxy.calls).toHaveLength(0);
    },
  );

  it.each(['x-custom', 'cookie', 'x-forwarded-host', 'authorization, x-api-key', 'host', 'xero-tenant-id,,dpop'])(
    'a preflight asking for %s → 403 PROXY_PREFLIGHT_FORBIDDEN',
    async (requested) => {
      const proxy = makeProxy();
      const response = await proxy.send('/xpm/3.1/staff.api/list', {
        method: 'OPTIONS',
        headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': requested },
      });
      expect(response.status).toBe(403);
      expect(await readJson(response)).toMatchObject({ error: 'PROXY_PREFLIGHT_FORBIDDEN' });
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      expect(proxy.calls).toHaveLength(0);
    },
  );

  it.each([
    ['/xpm/3.1/staff.api/list', 'POST'],
    ['/xpm/3.1/staff.api/list', 'PUT'],
    ['/oauth/token', 'GET'],
    [`/connections/${CONNECTION_ID}`, 'GET'],
    ['/connections', 'DELETE'],
  ])('a preflight for %s asking for %s → 403', async (path, method) => {
    const proxy = makeProxy();
    const response = await proxy.send(path, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': method },
    });
    expect(response.status).toBe(403);
    expect(proxy.calls).toHaveLength(0);
  });

  it('a preflight without Access-Control-Request-Method is refused', async () => {
    const proxy = makeProxy();
    const response = await proxy.send('/xpm/3.1/staff.api/list', { method: 'OPTIONS' });
    expect(response.status).toBe(403);
  });

  it('a preflight from a forbidden or missing origin → 403 PROXY_ORIGIN_FORBIDDEN', async () => {
    const proxy = makeProxy();
    for (const origin of ['https://evil.example', 'null', null]) {
      const response = await proxy.send('/xpm/3.1/staff.api/list', {
        method: 'OPTIONS',
        origin,
        headers: { 'access-control-request-method': 'GET' },
      });
      expect(response.status).toBe(403);
      expect(await readJson(response)).toMatchObject({ error: 'PROXY_ORIGIN_FORBIDDEN' });
    }
    expect(proxy.calls).toHaveLength(0);
  });

  it('preflights only known routes', async () => {
    const proxy = makeProxy();
    const response = await proxy.send('/practicemanager/3.1/client.api/list', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(404);
    const health = await proxy.send('/healthz', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'GET' },
    });
    expect(health.status).toBe(405);
    expect(proxy.calls).toHaveLength(0);
  });
});

describe('PX-3 Vary: Origin on every kind of response', () => {
  it('200, 204, 400, 403, 404, 405, 413, 429 passthrough, 502 and healthz all vary on Origin', async () => {
    const proxy = makeProxy({
      respond: (call) =>
        call.url.includes('staff')
          ? new Response(null, { status: 429, headers: { 'retry-after': '5' } })
          : new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }),
    });
    const responses = [
      await proxy.send('/healthz'),
      await proxy.send('/connections', { method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } }),
      await proxy.send('//evil.example'),
      await proxy.send('/connections', { origin: 'https://evil.example' }),
      await proxy.send('/nope'),
      await proxy.send('/connections', { method: 'PUT' }),
      await proxy.send('/oauth/token', {
        method: 'POST',
        body: 'x'.repeat(20_000),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await proxy.send('/xpm/3.1/staff.api/list'),
      await proxy.send('/connections'),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 204, 400, 403, 404, 405, 413, 429, 502]);
    for (const response of responses) {
      expect(response.headers.get('vary')).toMatch(/^Origin\b/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('origin allowlist configuration', () => {
  it('accepts canonical https origins and loopback http origins only', () => {
    expect(parseAllowedOrigin('https://contacts.example.com')).toBe('https://contacts.example.com');
    expect(parseAllowedOrigin('https://contacts.example.com:8443')).toBe('https://contacts.example.com:8443');
    expect(parseAllowedOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(parseAllowedOrigin('http://127.0.0.1:4173')).toBe('http://127.0.0.1:4173');
    expect(parseAllowedOrigin('http://[::1]:4173')).toBe('http://[::1]:4173');
    for (const bad of [
      '*',
      'null',
      '',
      'http://contacts.example.com',
      'https://contacts.example.com/',
      'https://contacts.example.com/app',
      'https://Contacts.example.com',
      'https://contacts.example.com:443',
      'file:///x',
      'https://*.example.com',
    ]) {
      expect(parseAllowedOrigin(bad), bad).toBeNull();
    }
  });

  it('createOriginPolicy refuses an empty or invalid list', () => {
    expect(() => createOriginPolicy([])).toThrow();
    expect(() => createOriginPolicy(['*'])).toThrow();
    expect(createOriginPolicy([APP_ORIGIN]).allowed(APP_ORIGIN)).toBe(APP_ORIGIN);
    expect(createOriginPolicy([APP_ORIGIN]).allowed(null)).toBeNull();
  });

  it('keeps the tenant header in the allowed preflight headers (XPM calls need it)', () => {
    expect(ALLOWED_REQUEST_HEADERS).toEqual(['authorization', 'content-type', 'xero-tenant-id', 'accept']);
  });
});
