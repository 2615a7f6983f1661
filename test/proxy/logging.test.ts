/**
 * PX-6: one structured entry per request, and no secret ever reaches a log line. Marker tokens go
 * through every route and every error path — in Authorization, form bodies, query strings, cookies,
 * paths, upstream bodies and headers, upstream error messages — and are then searched for in every
 * log entry and everything written to the console.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  escapeControlChars,
  formatLogLine,
  loggableOrigin,
  sanitizeEntry,
  TENANT_HASH_HEX_CHARS,
  type ProxyLogEntry,
} from '../../proxy/log';
import {
  APP_ORIGIN,
  CLIENT_UUID,
  CONNECTION_ID,
  drain,
  makeProxy,
  TENANT_ID,
  untilAborted,
  type Responder,
  type SendInit,
} from './helpers';

const MARKER = `MARKER-SECRET-${Math.random().toString(36).slice(2)}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Headers carrying the marker everywhere a client could put a secret. */
function secretHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${MARKER}-access`,
    'xero-tenant-id': TENANT_ID,
    cookie: `session=${MARKER}-cookie`,
    'x-api-key': `${MARKER}-key`,
    referer: `http://localhost:5173/callback?code=${MARKER}-code`,
    ...extra,
  };
}

const TOKEN_BODY = `grant_type=authorization_code&code=${MARKER}-code&code_verifier=${MARKER}-verifier&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&client_id=app&refresh_token=${MARKER}-refresh`;

/** An upstream that answers like Xero but with the marker in its body and headers. */
const secretUpstream: Responder = (call) =>
  new Response(
    JSON.stringify({
      access_token: `${MARKER}-at`,
      refresh_token: `${MARKER}-rt`,
      id_token: `${MARKER}-id`,
      echoed: call.url,
    }),
    {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'set-cookie': `s=${MARKER}-set-cookie`,
        'www-authenticate': `Bearer realm="${MARKER}"`,
        'xero-correlation-id': `${MARKER}-correlation`,
        location: `https://evil.example/?t=${MARKER}`,
      },
    },
  );

interface Scenario {
  readonly name: string;
  /** The error code the log entry must carry (null: an upstream answer passed through). */
  readonly code: string | null;
  readonly path: string;
  readonly init: SendInit;
  readonly respond?: Responder;
  readonly limits?: Record<string, number>;
}

const ROUTE_REQUESTS: readonly Scenario[] = [
  {
    name: 'token',
    code: null,
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
  },
  {
    name: 'revoke',
    code: null,
    path: '/oauth/revoke',
    init: { method: 'POST', body: `token=${MARKER}-refresh&client_id=app`, headers: secretHeaders(FORM) },
  },
  {
    name: 'connections',
    code: null,
    path: '/connections?authEventId=0dd913a9-6c7b-4060-ac4b-6ff7b41bd233',
    init: { headers: secretHeaders() },
  },
  {
    name: 'connection delete',
    code: null,
    path: `/connections/${CONNECTION_ID}`,
    init: { method: 'DELETE', headers: secretHeaders() },
  },
  {
    name: 'client list',
    code: null,
    path: '/xpm/3.1/client.api/list?detailed=true&modifiedsince=2026-11-24T02:50:00',
    init: { headers: secretHeaders() },
  },
  {
    name: 'client paged list (marker as page token)',
    code: null,
    path: `/xpm/3.1/client.api/paged-list?pageSize=50&pageToken=${MARKER}-page`,
    init: { headers: secretHeaders() },
  },
  {
    name: 'client get',
    code: null,
    path: `/xpm/3.1/client.api/get/${CLIENT_UUID}`,
    init: { headers: secretHeaders() },
  },
  { name: 'staff list', code: null, path: '/xpm/3.1/staff.api/list', init: { headers: secretHeaders() } },
  { name: 'client group list', code: null, path: '/xpm/3.1/clientgroup.api/list', init: { headers: secretHeaders() } },
  {
    name: 'XPM 3.0 client list',
    code: null,
    path: '/xpm/3.0/client.api/list?detailed=true&modifiedsince=2026-11-24T02:50:00',
    init: { headers: secretHeaders() },
  },
  { name: 'XPM 3.0 staff list', code: null, path: '/xpm/3.0/staff.api/list', init: { headers: secretHeaders() } },
  { name: 'healthz', code: null, path: '/healthz', init: { headers: secretHeaders() } },
];

const ERROR_REQUESTS: readonly Scenario[] = [
  {
    name: 'unknown route with marker path',
    code: 'PROXY_ROUTE_NOT_FOUND',
    path: `/${MARKER}/x`,
    init: { headers: secretHeaders() },
  },
  {
    name: 'bad path with marker',
    code: 'PROXY_BAD_PATH',
    path: `/xpm/3.1/${MARKER}%2f..`,
    init: { headers: secretHeaders(), rawTarget: `/xpm/3.1/${MARKER}%2f..` },
  },
  {
    name: 'absolute target with marker',
    code: 'PROXY_BAD_PATH',
    path: `http://${MARKER.toLowerCase()}.example/x?code=${MARKER}`,
    init: { rawTarget: `http://${MARKER.toLowerCase()}.example/x?code=${MARKER}` },
  },
  {
    name: 'code in token query',
    code: 'PROXY_QUERY_NOT_ALLOWED',
    path: `/oauth/token?code=${MARKER}-code`,
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
  },
  {
    name: 'code in XPM query',
    code: 'PROXY_QUERY_NOT_ALLOWED',
    path: `/xpm/3.1/client.api/list?code=${MARKER}-code`,
    init: { headers: secretHeaders() },
  },
  {
    name: 'bad value in query',
    code: 'PROXY_BAD_QUERY',
    path: `/xpm/3.1/client.api/list?modifiedsince=${MARKER}`,
    init: { headers: secretHeaders() },
  },
  {
    name: 'forbidden origin',
    code: 'PROXY_ORIGIN_FORBIDDEN',
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, origin: 'https://evil.example', headers: secretHeaders(FORM) },
  },
  {
    name: 'malformed origin carrying the marker',
    code: 'PROXY_ORIGIN_FORBIDDEN',
    path: '/connections',
    init: { origin: `${MARKER}`, headers: secretHeaders() },
  },
  {
    name: 'missing origin',
    code: 'PROXY_ORIGIN_FORBIDDEN',
    path: '/oauth/revoke',
    init: { method: 'POST', body: `token=${MARKER}`, origin: null, headers: secretHeaders(FORM) },
  },
  {
    name: 'preflight with marker header name',
    code: 'PROXY_PREFLIGHT_FORBIDDEN',
    path: '/xpm/3.1/staff.api/list',
    init: {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'GET',
        'access-control-request-headers': `x-${MARKER.toLowerCase()}`,
      },
    },
  },
  {
    name: 'wrong method',
    code: 'PROXY_METHOD_NOT_ALLOWED',
    path: '/oauth/token',
    init: { method: 'PUT', body: TOKEN_BODY, headers: secretHeaders(FORM) },
  },
  {
    name: 'oversize token body',
    code: 'PROXY_BODY_TOO_LARGE',
    path: '/oauth/token',
    init: { method: 'POST', body: `${TOKEN_BODY}&pad=${'x'.repeat(20_000)}`, headers: secretHeaders(FORM) },
  },
  {
    name: 'wrong content type',
    code: 'PROXY_UNSUPPORTED_MEDIA_TYPE',
    path: '/oauth/token',
    init: {
      method: 'POST',
      body: JSON.stringify({ code: MARKER }),
      headers: secretHeaders({ 'content-type': 'application/json' }),
    },
  },
  {
    name: 'over-long header',
    code: 'PROXY_HEADER_TOO_LARGE',
    path: '/xpm/3.1/staff.api/list',
    init: { headers: secretHeaders({ authorization: `Bearer ${MARKER}${'x'.repeat(9000)}` }) },
  },
  {
    name: 'tenant id that is not a GUID (the marker itself)',
    code: 'PROXY_BAD_TENANT',
    path: '/xpm/3.1/client.api/list?detailed=true',
    init: { headers: secretHeaders({ 'xero-tenant-id': `${TENANT_ID}-${MARKER}` }) },
  },
  {
    name: 'GET with body',
    code: 'PROXY_BODY_NOT_ALLOWED',
    path: '/xpm/3.1/staff.api/list',
    init: { headers: secretHeaders({ 'content-length': '40' }) },
  },
  {
    name: 'redirect to marker',
    code: 'PROXY_UPSTREAM_REDIRECT',
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
    respond: () =>
      new Response(`go to ${MARKER}`, { status: 302, headers: { location: `http://169.254.169.254/?t=${MARKER}` } }),
  },
  {
    name: 'network error quoting the URL',
    code: 'PROXY_UPSTREAM_UNAVAILABLE',
    path: `/xpm/3.1/client.api/paged-list?pageToken=${MARKER}`,
    init: { headers: secretHeaders() },
    respond: (call) => Promise.reject(new TypeError(`fetch failed: ${call.url} ${MARKER}`)),
  },
  {
    name: 'fetch throwing synchronously',
    code: 'PROXY_UPSTREAM_UNAVAILABLE',
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
    respond: () => {
      throw new Error(`boom ${MARKER}`);
    },
  },
  {
    name: 'headers timeout',
    code: 'PROXY_UPSTREAM_TIMEOUT',
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
    respond: (call) => untilAborted(call.signal),
    limits: { headersTimeoutMs: 20 },
  },
  {
    name: 'declared too large',
    code: 'PROXY_UPSTREAM_TOO_LARGE',
    path: '/xpm/3.1/client.api/list',
    init: { headers: secretHeaders() },
    respond: () => new Response(MARKER, { headers: { 'content-length': String(2 ** 40) } }),
  },
  {
    name: 'streamed too large',
    code: 'PROXY_UPSTREAM_TOO_LARGE',
    path: '/xpm/3.1/client.api/list',
    init: { headers: secretHeaders() },
    respond: () => new Response(`${MARKER}`.repeat(100)),
    limits: { maxResponseBytes: 64 },
  },
  {
    name: 'body broken mid-way with a marker error',
    code: 'PROXY_UPSTREAM_UNAVAILABLE',
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
    respond: () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`{"refresh_token":"${MARKER}`));
          },
          pull(controller) {
            controller.error(new Error(`reset ${MARKER}`));
          },
        }),
      ),
  },
  {
    name: 'upstream 401 with marker',
    code: null,
    path: '/xpm/3.1/staff.api/list',
    init: { headers: secretHeaders() },
    respond: () =>
      new Response(`{"Detail":"${MARKER}"}`, {
        status: 401,
        headers: { 'www-authenticate': `Bearer error="${MARKER}"` },
      }),
  },
  {
    name: 'upstream 400 invalid_grant',
    code: null,
    path: '/oauth/token',
    init: { method: 'POST', body: TOKEN_BODY, headers: secretHeaders(FORM) },
    respond: () => new Response(`{"error":"invalid_grant","error_description":"${MARKER}"}`, { status: 400 }),
  },
  {
    name: 'malformed upstream response object',
    code: 'PROXY_INTERNAL',
    path: '/xpm/3.1/staff.api/list',
    init: { headers: secretHeaders() },
    respond: () => ({ status: 200, marker: MARKER }) as unknown as Response,
  },
];

describe('PX-6 no secret reaches the logs', () => {
  const consoleLines: string[] = [];
  beforeEach(() => {
    consoleLines.length = 0;
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(
          args.map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg)))).join(' '),
        );
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([...ROUTE_REQUESTS, ...ERROR_REQUESTS])(
    '$name: markers never appear in the log entry or on the console',
    async (scenario) => {
      const proxy = makeProxy({
        respond: scenario.respond ?? secretUpstream,
        ...(scenario.limits ? { limits: scenario.limits } : {}),
      });
      const response = await proxy.send(scenario.path, scenario.init);
      await drain(response.body);
      expect(proxy.logs).toHaveLength(1);
      expect(proxy.logs[0]?.error).toBe(scenario.code);
      const lines = [...proxy.logs.map(formatLogLine), ...consoleLines];
      for (const line of lines) {
        expect(line).not.toContain('MARKER-SECRET');
        expect(line.toLowerCase()).not.toContain(MARKER.toLowerCase());
        expect(line).not.toContain('Bearer');
        expect(line).not.toContain(TENANT_ID);
        expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
      }
    },
  );

  it('proxy-made error bodies never echo the request', async () => {
    let checked = 0;
    for (const scenario of ERROR_REQUESTS) {
      const proxy = makeProxy({
        respond: scenario.respond ?? secretUpstream,
        ...(scenario.limits ? { limits: scenario.limits } : {}),
      });
      const response = await proxy.send(scenario.path, scenario.init);
      const text = await response.text().catch(() => '');
      if (!/^\{"error":"PROXY_/.test(text)) continue; // an upstream answer, passed through as it is
      checked++;
      expect(text, scenario.name).not.toContain('MARKER-SECRET');
    }
    expect(checked).toBeGreaterThan(15);
  });
});

describe('PX-6 the log entry', () => {
  it('has the documented fields, a hashed tenant and exactly one line per request', async () => {
    let clock = 1_764_000_000_000;
    const proxy = makeProxy({
      now: () => clock,
      respond: () => {
        clock += 42;
        return new Response('<Response><Status>OK</Status></Response>', { headers: { 'content-type': 'text/xml' } });
      },
    });
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true', {
      headers: { 'xero-tenant-id': TENANT_ID },
    });
    await response.text();
    await proxy.send('/nope');
    expect(proxy.logs).toHaveLength(2);
    const expectedHash = createHash('sha256').update(TENANT_ID).digest('hex').slice(0, TENANT_HASH_HEX_CHARS);
    expect(proxy.logs[0]).toEqual({
      time: new Date(1_764_000_000_000).toISOString(),
      event: 'proxy.request',
      route: 'xpm-client-list',
      method: 'GET',
      status: 200,
      upstreamStatus: 200,
      durationMs: 42,
      bytesOut: '<Response><Status>OK</Status></Response>'.length,
      tenant: expectedHash,
      error: null,
    });
    expect(proxy.logs[1]).toMatchObject({
      route: 'unknown',
      status: 404,
      upstreamStatus: null,
      tenant: null,
      error: 'PROXY_ROUTE_NOT_FOUND',
    });
  });

  it('records a rejected origin only in canonical form, to diagnose a mis-set allowlist', async () => {
    const proxy = makeProxy();
    await proxy.send('/connections', { origin: 'http://127.0.0.1:5173' });
    await proxy.send('/connections', { origin: 'not an origin' });
    await proxy.send('/connections', { origin: null });
    await proxy.send('/connections', { origin: 'null' });
    expect(proxy.logs.map((entry) => entry.origin)).toEqual([
      'http://127.0.0.1:5173',
      '(malformed)',
      undefined,
      'null',
    ]);
    expect(proxy.logs.every((entry) => entry.error === 'PROXY_ORIGIN_FORBIDDEN')).toBe(true);
    await (await proxy.send('/connections', { origin: APP_ORIGIN })).text();
    expect(proxy.logs.at(-1)).toMatchObject({ error: null });
    expect(proxy.logs.at(-1)).not.toHaveProperty('origin');
  });

  it('a log sink that throws does not break the request', async () => {
    const proxy = makeProxy({
      log: () => {
        throw new Error('disk full');
      },
    });
    const response = await proxy.send('/healthz');
    expect(response.status).toBe(200);
  });
});

describe('PX-6 log injection', () => {
  it('escapes CR, LF, other controls and line separators', () => {
    expect(escapeControlChars('a\r\nb\u0000c\u2028d\u0085e\tf')).toBe(
      'a\\u000d\\u000ab\\u0000c\\u2028d\\u0085e\\u0009f',
    );
    expect(escapeControlChars('plain text')).toBe('plain text');
  });

  it('sanitizes free-text fields so a forged value cannot start a new log line in any sink', () => {
    const forged: ProxyLogEntry = {
      time: '2026-11-24T00:00:00.000Z\n{"event":"fake"}',
      event: 'proxy.request',
      route: 'unknown',
      method: 'GET\r\n{"event":"admin-login"}',
      status: 400,
      upstreamStatus: null,
      durationMs: 0,
      bytesOut: 0,
      tenant: null,
      error: 'PROXY_BAD_PATH',
      origin: 'https://a.example\r\nX-Injected: 1',
    };
    const clean = sanitizeEntry(forged);
    for (const value of [clean.time, clean.method, clean.origin ?? '']) expect(value).not.toMatch(/[\r\n]/);
    const line = formatLogLine(clean);
    expect(line.split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ route: 'unknown', event: 'proxy.request' });
  });

  it('a forged origin with control characters is not logged as given', () => {
    expect(loggableOrigin('https://a.example\u0085')).toBe('(malformed)');
    expect(loggableOrigin('https://a.example/\r\nx')).toBe('(malformed)');
    expect(loggableOrigin(`https://${'a'.repeat(300)}.example`)?.length).toBeLessThanOrEqual(200);
  });

  it('a request whose method and headers hold odd bytes still yields one clean line', async () => {
    const proxy = makeProxy();
    // Header values are byte strings: CR/LF are refused by the platform, but \u0085 (NEL) gets through.
    await proxy.send('/connections', { method: 'X-CUSTOM', origin: 'https://a.example\u0085' });
    expect(proxy.logs).toHaveLength(1);
    expect(proxy.logs[0]).toMatchObject({ origin: '(malformed)', error: 'PROXY_ORIGIN_FORBIDDEN' });
    expect(formatLogLine(proxy.logs[0] as ProxyLogEntry)).not.toMatch(/[\r\n\u0085\u2028]/);
  });
});
