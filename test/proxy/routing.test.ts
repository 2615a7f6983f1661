/**
 * PX-1: the fixed route table. Every hostile or unknown target gets its 4xx with ZERO upstream calls;
 * every named route reaches exactly its fixed upstream URL, whatever the client claims about hosts.
 */
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CLIENT_UUID, CONNECTION_ID, makeProxy, readJson, TENANT_ID } from './helpers';

interface BadTarget {
  readonly name: string;
  /** The raw request target as the Node adapter passes it. */
  readonly raw: string;
  readonly status: number;
  readonly code: string;
}

const BAD_TARGETS: readonly BadTarget[] = [
  { name: 'unknown path', raw: '/admin', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'root', raw: '/', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'bare /xpm', raw: '/xpm', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'XPM write endpoint', raw: '/xpm/3.1/client.api/add', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'other API version', raw: '/xpm/3.2/client.api/list', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  {
    name: 'no paged-list in XPM 3.0',
    raw: '/xpm/3.0/client.api/paged-list',
    status: 404,
    code: 'PROXY_ROUTE_NOT_FOUND',
  },
  { name: 'no get in XPM 3.0', raw: '/xpm/3.0/client.api/get/24097642', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  {
    name: 'no client groups in XPM 3.0',
    raw: '/xpm/3.0/clientgroup.api/list',
    status: 404,
    code: 'PROXY_ROUTE_NOT_FOUND',
  },
  { name: 'XPM 3.0 write endpoint', raw: '/xpm/3.0/client.api/add', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'case-changed route', raw: '/XPM/3.1/client.api/list', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'raw Xero path', raw: '/practicemanager/3.1/client.api/list', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'identity path', raw: '/connect/token', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'trailing slash', raw: '/connections/', status: 400, code: 'PROXY_BAD_PATH' },
  {
    name: 'extra segment after uuid',
    raw: `/xpm/3.1/client.api/get/${CLIENT_UUID}/extra`,
    status: 404,
    code: 'PROXY_ROUTE_NOT_FOUND',
  },
  { name: 'non-uuid id', raw: '/xpm/3.1/client.api/get/123', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  {
    name: 'IP as client id',
    raw: '/xpm/3.1/client.api/get/169.254.169.254',
    status: 404,
    code: 'PROXY_ROUTE_NOT_FOUND',
  },
  { name: 'non-uuid connection id', raw: '/connections/me', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'URL in the path', raw: '/https://example.com', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'URL after a route prefix', raw: '/xpm/3.1/https://example.com/x', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'protocol-relative', raw: '//evil.example', status: 400, code: 'PROXY_BAD_PATH' },
  {
    name: 'protocol-relative with route',
    raw: '//evil.example/xpm/3.1/staff.api/list',
    status: 400,
    code: 'PROXY_BAD_PATH',
  },
  { name: 'double slash inside', raw: '/xpm//3.1/staff.api/list', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'dot-dot', raw: '/xpm/../', status: 400, code: 'PROXY_BAD_PATH' },
  {
    name: 'dot-dot to a named route',
    raw: '/xpm/3.1/client.api/../staff.api/list',
    status: 400,
    code: 'PROXY_BAD_PATH',
  },
  { name: 'single dot', raw: '/xpm/./3.1/staff.api/list', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded dot-dot', raw: '/xpm/3.1/%2e%2e/', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'upper-case encoded dot-dot', raw: '/xpm/3.1/%2E%2E/connections', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'mixed encoded dot-dot', raw: '/xpm/3.1/.%2e/connections', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded slash', raw: '/xpm/3.1/client.api%2flist', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded slash traversal', raw: `/connections/..%2f..%2fadmin`, status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'double-encoded dot-dot', raw: '/xpm/3.1/%252e%252e/connections', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded backslash', raw: '/xpm%5c3.1%5cstaff.api%5clist', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'backslashes', raw: '/xpm\\3.1\\staff.api\\list', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'backslash traversal', raw: '/xpm\\..\\connections', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded NUL', raw: '/xpm/3.1/staff.api/list%00', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'encoded CRLF', raw: '/xpm/3.1/staff.api/list%0d%0aX-Injected:%201', status: 400, code: 'PROXY_BAD_PATH' },
  {
    name: 'absolute-form target',
    raw: 'http://evil.example/xpm/3.1/staff.api/list',
    status: 400,
    code: 'PROXY_BAD_PATH',
  },
  {
    name: 'absolute-form metadata target',
    raw: 'http://169.254.169.254/latest/meta-data/',
    status: 400,
    code: 'PROXY_BAD_PATH',
  },
  { name: 'asterisk-form target', raw: '*', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'authority-form target', raw: 'api.xero.com:443', status: 400, code: 'PROXY_BAD_PATH' },
  {
    name: 'metadata IP as path',
    raw: '/169.254.169.254/latest/meta-data/iam',
    status: 404,
    code: 'PROXY_ROUTE_NOT_FOUND',
  },
  {
    name: 'metadata URL in path',
    raw: '/http://169.254.169.254/latest/meta-data',
    status: 400,
    code: 'PROXY_BAD_PATH',
  },
  { name: 'localhost with port in path', raw: '/localhost:8080/admin', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'localhost in path', raw: '/localhost/admin', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'IPv6 loopback in path', raw: '/[::1]/admin', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'decimal IP in path', raw: '/2852039166/latest/meta-data', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'octal IP in path', raw: '/0251.0376.0251.0376/latest', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'hex IP in path', raw: '/0xa9fea9fe/latest', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'short loopback in path', raw: '/127.1/admin', status: 404, code: 'PROXY_ROUTE_NOT_FOUND' },
  { name: 'userinfo trick', raw: '/xpm@evil.example/3.1/staff.api/list', status: 400, code: 'PROXY_BAD_PATH' },
  { name: 'over-long path', raw: `/${'a'.repeat(300)}`, status: 400, code: 'PROXY_BAD_PATH' },
];

/** What `new Request()` would have been given by the Node adapter for that raw target. */
function urlFor(raw: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return raw;
  try {
    return new URL(`http://proxy.test${raw.startsWith('/') ? raw : `/${raw}`}`).href;
  } catch {
    return 'http://proxy.test/__invalid-request-target__';
  }
}

describe('PX-1 hostile and unknown targets make no upstream request', () => {
  it.each(BAD_TARGETS)('$name ($raw) → $status $code', async ({ raw, status, code }) => {
    const proxy = makeProxy();
    const response = await proxy.send(urlFor(raw), {
      rawTarget: raw,
      headers: { authorization: 'Bearer t', 'xero-tenant-id': TENANT_ID },
    });
    expect(response.status).toBe(status);
    expect(await readJson(response)).toMatchObject({ error: code });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(proxy.calls).toHaveLength(0);
  });

  it.each(BAD_TARGETS)('$name is also refused for every method, and from a forbidden origin', async ({ raw }) => {
    for (const method of ['GET', 'POST', 'DELETE', 'PUT', 'OPTIONS']) {
      for (const origin of [APP_ORIGIN, 'https://evil.example', null]) {
        const proxy = makeProxy();
        const response = await proxy.send(urlFor(raw), { method, origin, rawTarget: raw });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(proxy.calls).toHaveLength(0);
      }
    }
  });

  it('judges the parsed path alone where the runtime gives no raw target (edge): still no odd path gets through', async () => {
    const proxy = makeProxy();
    for (const url of [
      'http://proxy.test//evil.example',
      'http://proxy.test/xpm/3.1/client.api%2flist',
      'http://proxy.test/[::1]/',
      'http://proxy.test/a:b',
    ]) {
      const response = await proxy.send(url);
      expect(response.status).toBe(400);
    }
    expect(proxy.calls).toHaveLength(0);
  });

  it('without a raw target, a dot-segment path the runtime already resolved can reach only that named route', async () => {
    const proxy = makeProxy();
    // new Request() resolves this to /xpm/3.1/staff.api/list before any handler sees it.
    const response = await proxy.send('http://proxy.test/xpm/3.1/client.api/../staff.api/list', {
      headers: { 'xero-tenant-id': TENANT_ID },
    });
    expect(response.status).toBe(200);
    expect(proxy.calls.map((call) => call.url)).toEqual(['https://api.xero.com/practicemanager/3.1/staff.api/list']);
  });
});

describe('PX-1 the upstream URL comes only from configuration', () => {
  const SPOOFING_HEADERS = {
    host: '169.254.169.254',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '10.0.0.1',
    'x-original-url': 'http://169.254.169.254/latest/meta-data/',
    'x-rewrite-url': '/admin',
    forwarded: 'host=evil.example;proto=http',
    'xero-tenant-id': TENANT_ID,
  };

  it('ignores Host, X-Forwarded-*, Forwarded and X-Original-URL', async () => {
    const proxy = makeProxy();
    const response = await proxy.send('/xpm/3.1/staff.api/list', {
      headers: SPOOFING_HEADERS,
      rawTarget: '/xpm/3.1/staff.api/list',
    });
    expect(response.status).toBe(200);
    expect(proxy.calls).toHaveLength(1);
    expect(proxy.calls[0]?.url).toBe('https://api.xero.com/practicemanager/3.1/staff.api/list');
    expect(Object.keys(proxy.calls[0]?.headers ?? {})).not.toEqual(expect.arrayContaining(['host']));
    for (const name of Object.keys(SPOOFING_HEADERS).filter((name) => name !== 'xero-tenant-id')) {
      expect(proxy.calls[0]?.headers).not.toHaveProperty(name);
    }
  });

  it.each([
    'http://169.254.169.254',
    'http://localhost:6379',
    'http://[::1]:8080',
    'http://2852039166',
    'http://0251.0376.0251.0376',
    'https://evil.example',
  ])('a request URL naming %s still goes to the configured upstream', async (host) => {
    const proxy = makeProxy();
    const response = await proxy.send(`${host}/xpm/3.1/staff.api/list`);
    expect(response.status).toBe(200);
    expect(proxy.calls.map((call) => call.url)).toEqual(['https://api.xero.com/practicemanager/3.1/staff.api/list']);
  });

  it('uses the sandbox on loopback when configured, including a base path', async () => {
    const proxy = makeProxy({
      identityUpstream: new URL('http://127.0.0.1:9400/identity/'),
      apiUpstream: new URL('http://127.0.0.1:9400'),
    });
    await proxy.send('/oauth/token', {
      method: 'POST',
      body: 'grant_type=refresh_token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await proxy.send('/xpm/3.1/staff.api/list');
    expect(proxy.calls.map((call) => call.url)).toEqual([
      'http://127.0.0.1:9400/identity/connect/token',
      'http://127.0.0.1:9400/practicemanager/3.1/staff.api/list',
    ]);
  });

  it('refuses non-https upstreams other than loopback, and upstreams with credentials or queries', () => {
    expect(() => makeProxy({ apiUpstream: new URL('http://api.xero.com') })).toThrow(/https/);
    expect(() => makeProxy({ apiUpstream: new URL('http://169.254.169.254') })).toThrow(/https/);
    expect(() => makeProxy({ identityUpstream: new URL('https://user:pw@identity.xero.com') })).toThrow(/credentials/);
    expect(() => makeProxy({ apiUpstream: new URL('https://api.xero.com/?x=1') })).toThrow(/query/);
  });
});

describe('PX-1 methods and query keys per route', () => {
  it.each([
    ['POST', '/xpm/3.1/staff.api/list'],
    ['PUT', '/xpm/3.1/client.api/list'],
    ['DELETE', '/xpm/3.1/client.api/list'],
    ['HEAD', '/xpm/3.1/client.api/list'],
    ['GET', '/oauth/token'],
    ['PUT', '/oauth/revoke'],
    ['DELETE', '/connections'],
    ['GET', `/connections/${CONNECTION_ID}`],
    ['PATCH', `/connections/${CONNECTION_ID}`],
    ['POST', '/xpm/3.0/client.api/list'],
    ['DELETE', '/xpm/3.0/staff.api/list'],
    ['POST', '/healthz'],
  ])('%s %s → 405 with Allow and no upstream call', async (method, path) => {
    const proxy = makeProxy();
    const response = await proxy.send(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/^(GET|POST|DELETE)$/);
    expect(proxy.calls).toHaveLength(0);
  });

  it.each([
    ['/xpm/3.1/staff.api/list?foo=1', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.1/client.api/list?detailed=true&url=http://169.254.169.254/', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.1/client.api/list?pageSize=10', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.1/client.api/paged-list?detailed=true', 'PROXY_QUERY_NOT_ALLOWED'],
    [`/xpm/3.1/client.api/get/${CLIENT_UUID}?detailed=true`, 'PROXY_QUERY_NOT_ALLOWED'],
    ['/oauth/token?code=abc', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/connections?tenantId=x', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/healthz?verbose=1', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.1/client.api/list?detailed=true&DETAILED=false', 'PROXY_BAD_QUERY'],
    ['/xpm/3.1/client.api/list?detailed=yes', 'PROXY_BAD_QUERY'],
    ['/xpm/3.1/client.api/list?modifiedsince=yesterday', 'PROXY_BAD_QUERY'],
    ['/xpm/3.1/client.api/paged-list?pageSize=ten', 'PROXY_BAD_QUERY'],
    ['/xpm/3.1/client.api/paged-list?pageToken=a%20b', 'PROXY_BAD_QUERY'],
    ['/connections?authEventId=not-a-uuid', 'PROXY_BAD_QUERY'],
    ['/xpm/3.0/client.api/list?pageSize=10', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.0/staff.api/list?detailed=true', 'PROXY_QUERY_NOT_ALLOWED'],
    ['/xpm/3.0/client.api/list?detailed=maybe', 'PROXY_BAD_QUERY'],
    ['/xpm/3.0/client.api/list?modifiedsince=yesterday', 'PROXY_BAD_QUERY'],
  ])('%s → 400 %s with no upstream call', async (path, code) => {
    const proxy = makeProxy();
    const response = await proxy.send(path, {
      method: path.startsWith('/oauth') ? 'POST' : 'GET',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(path.startsWith('/oauth') ? { body: 'x=1' } : {}),
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({ error: code });
    expect(proxy.calls).toHaveLength(0);
  });

  it('accepts query names case-insensitively and forwards them re-encoded', async () => {
    const proxy = makeProxy();
    await proxy.send('/xpm/3.1/client.api/list?Detailed=true&ModifiedSince=2026-11-24T03:00:00');
    await proxy.send('/xpm/3.1/client.api/paged-list?pageSize=500&pageToken=bGlnaHQgd29y%3D%3D');
    await proxy.send('/connections?authEventId=0dd913a9-6c7b-4060-ac4b-6ff7b41bd233');
    const queries = proxy.calls.map((call) => Object.fromEntries(new URL(call.url).searchParams));
    expect(queries).toEqual([
      { Detailed: 'true', ModifiedSince: '2026-11-24T03:00:00' },
      { pageSize: '500', pageToken: 'bGlnaHQgd29y==' },
      { authEventId: '0dd913a9-6c7b-4060-ac4b-6ff7b41bd233' },
    ]);
  });
});

describe('PX-1 each named route forwards to its fixed upstream', () => {
  const ROUTES = [
    {
      method: 'POST',
      path: '/oauth/token',
      upstream: 'https://identity.xero.com/connect/token',
      body: 'grant_type=authorization_code&code=abc&code_verifier=v',
    },
    {
      method: 'POST',
      path: '/oauth/revoke',
      upstream: 'https://identity.xero.com/connect/revocation',
      body: 'token=rt&client_id=c',
    },
    { method: 'GET', path: '/connections', upstream: 'https://api.xero.com/connections' },
    {
      method: 'DELETE',
      path: `/connections/${CONNECTION_ID.toUpperCase()}`,
      upstream: `https://api.xero.com/connections/${CONNECTION_ID}`,
    },
    {
      method: 'GET',
      path: '/xpm/3.1/client.api/list?detailed=true',
      upstream: 'https://api.xero.com/practicemanager/3.1/client.api/list?detailed=true',
    },
    {
      method: 'GET',
      path: '/xpm/3.1/client.api/paged-list?pageSize=50',
      upstream: 'https://api.xero.com/practicemanager/3.1/client.api/paged-list?pageSize=50',
    },
    {
      method: 'GET',
      path: `/xpm/3.1/client.api/get/${CLIENT_UUID}`,
      upstream: `https://api.xero.com/practicemanager/3.1/client.api/get/${CLIENT_UUID}`,
    },
    {
      method: 'GET',
      path: '/xpm/3.1/staff.api/list',
      upstream: 'https://api.xero.com/practicemanager/3.1/staff.api/list',
    },
    {
      method: 'GET',
      path: '/xpm/3.1/clientgroup.api/list',
      upstream: 'https://api.xero.com/practicemanager/3.1/clientgroup.api/list',
    },
    {
      method: 'GET',
      path: '/xpm/3.0/client.api/list?detailed=true&modifiedsince=2026-11-24T03:00:00',
      upstream:
        'https://api.xero.com/practicemanager/3.0/client.api/list?detailed=true&modifiedsince=2026-11-24T03%3A00%3A00',
    },
    {
      method: 'GET',
      path: '/xpm/3.0/staff.api/list',
      upstream: 'https://api.xero.com/practicemanager/3.0/staff.api/list',
    },
  ] as const;

  it.each(ROUTES)('$method $path → $upstream', async (route) => {
    const proxy = makeProxy();
    const isForm = route.method === 'POST';
    const response = await proxy.send(route.path, {
      method: route.method,
      rawTarget: route.path,
      headers: {
        authorization: 'Bearer access-token',
        'xero-tenant-id': TENANT_ID,
        accept: 'application/xml',
        ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } : {}),
        cookie: 'session=abc',
        'user-agent': 'Mozilla/5.0 browser',
        referer: 'http://localhost:5173/sync',
        'accept-encoding': 'gzip',
        'accept-language': 'en-AU',
        connection: 'keep-alive, x-secret',
        'x-secret': 'hop',
        'proxy-authorization': 'Basic abc',
        te: 'trailers',
        'x-forwarded-for': '10.0.0.1',
        'x-requested-with': 'XMLHttpRequest',
      },
      ...('body' in route ? { body: route.body } : {}),
    });
    expect(response.status).toBe(200);
    expect(proxy.calls).toHaveLength(1);
    const call = proxy.calls[0];
    expect(call?.url).toBe(route.upstream);
    expect(call?.method).toBe(route.method);
    expect(call?.redirect).toBe('manual');
    expect(call?.body).toBe('body' in route ? route.body : null);
    expect(call?.headers).toEqual({
      authorization: 'Bearer access-token',
      'xero-tenant-id': TENANT_ID,
      accept: 'application/xml',
      'user-agent': 'xpm-contact-sync-proxy/0.1',
      ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } : {}),
    });
    // The log entry is written when the streamed body ends.
    expect(proxy.logs).toHaveLength(0);
    await response.text();
    expect(proxy.logs).toHaveLength(1);
    expect(proxy.logs[0]).toMatchObject({ status: 200, upstreamStatus: 200, error: null });
  });

  it('/healthz answers without any upstream call, with or without an Origin', async () => {
    const proxy = makeProxy();
    for (const origin of [null, 'https://uptime-monitor.example', APP_ORIGIN]) {
      const response = await proxy.send('/healthz', { origin });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect(response.headers.get('vary')).toBe('Origin');
      expect(response.headers.get('access-control-allow-origin')).toBe(origin === APP_ORIGIN ? APP_ORIGIN : null);
    }
    expect(proxy.calls).toHaveLength(0);
    expect(proxy.logs.map((entry) => entry.route)).toEqual(['healthz', 'healthz', 'healthz']);
  });
});
