/**
 * The proxy on a real Node server (loopback, port 0) through proxy/node-adapter.ts: raw request
 * targets that URL parsing would normalise, streaming both ways, broken bodies, and client aborts
 * over real sockets. The upstream is still a spy: nothing leaves the machine.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server';
import type { ProxyLogEntry } from '../../proxy/log';
import {
  APP_ORIGIN,
  CONNECTION_ID,
  spyFetch,
  TENANT_ID,
  untilAborted,
  waitFor,
  xmlOk,
  type Responder,
  type UpstreamCall,
} from './helpers';

const KIB = 1024;
const MIB = 1024 * KIB;

let respond: Responder = () => xmlOk();
const spy = spyFetch((call) => respond(call));
const logs: ProxyLogEntry[] = [];
let proxy: RunningProxy;

beforeAll(async () => {
  proxy = await startProxy({
    port: 0,
    host: '127.0.0.1',
    allowedOrigins: [APP_ORIGIN],
    fetch: spy.fetch,
    log: (entry) => logs.push(entry),
    limits: { maxResponseBytes: 2 * MIB, idleTimeoutMs: 300 },
  });
});

afterAll(async () => {
  await proxy.close();
});

beforeEach(() => {
  spy.calls.length = 0;
  logs.length = 0;
  respond = () => xmlOk();
});

/** Sends a hand-written HTTP/1.1 request and returns the status line's code and the whole answer. */
function rawRequest(head: string, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text });
    });
    socket.write(`${head}\r\n\r\n${body}`, 'latin1');
  });
}

function get(target: string, headers: Record<string, string> = {}): string {
  const lines = [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', `Origin: ${APP_ORIGIN}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return lines.join('\r\n');
}

describe('raw request targets through the Node adapter (PX-1)', () => {
  it.each([
    '/xpm/../connections',
    '/xpm/3.1/client.api/../staff.api/list',
    '/xpm/3.1/%2e%2e/connections',
    '/xpm/3.1/%2E%2E%2Fconnections',
    '/xpm/3.1/client.api%2flist',
    '/xpm\\3.1\\staff.api\\list',
    '/xpm/3.1/staff.api/list/..',
    '//evil.example/xpm/3.1/staff.api/list',
    '/https://example.com',
    'http://169.254.169.254/latest/meta-data/',
    'http://evil.example/xpm/3.1/staff.api/list',
    'http://127.0.0.1/xpm/3.1/staff.api/list',
    'https://api.xero.com/practicemanager/3.1/staff.api/list',
    '/169.254.169.254/latest/meta-data/',
    '/localhost:22/',
    '/[::1]/admin',
    '/2852039166/',
    '/0251.0376.0251.0376/',
    '/xpm/3.1/staff.api/list%00',
  ])('GET %s → 4xx with no upstream call', async (target) => {
    const { status } = await rawRequest(get(target, { Authorization: 'Bearer t', 'Xero-Tenant-Id': TENANT_ID }));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(spy.calls).toHaveLength(0);
  });

  it('OPTIONS * and CONNECT-style targets get a 4xx with no upstream call', async () => {
    const star = await rawRequest(
      ['OPTIONS * HTTP/1.1', 'Host: 127.0.0.1', `Origin: ${APP_ORIGIN}`, 'Connection: close'].join('\r\n'),
    );
    expect(star.status).toBe(400);
    const authority = await rawRequest(
      ['GET api.xero.com:443 HTTP/1.1', 'Host: api.xero.com', 'Connection: close'].join('\r\n'),
    );
    expect(authority.status).toBeGreaterThanOrEqual(400);
    expect(authority.status).toBeLessThan(500);
    expect(spy.calls).toHaveLength(0);
  });

  it('methods fetch cannot represent (TRACE, CONNECT) get 501 PROXY_METHOD_NOT_SUPPORTED, not a 500 (refusals.test.ts has the rest)', async () => {
    for (const method of ['TRACE', 'CONNECT']) {
      const { status, text } = await rawRequest(
        [`${method} /xpm/3.1/staff.api/list HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'].join('\r\n'),
      );
      expect(status).toBe(501);
      expect(text).toContain('"error":"PROXY_METHOD_NOT_SUPPORTED"');
    }
    expect(spy.calls).toHaveLength(0);
  });

  it('a Host header naming the metadata service changes nothing: the upstream is the configured one', async () => {
    const head = [
      'GET /xpm/3.1/staff.api/list HTTP/1.1',
      'Host: 169.254.169.254',
      'X-Forwarded-Host: localhost:6379',
      'X-Forwarded-Proto: http',
      `Origin: ${APP_ORIGIN}`,
      'Cookie: a=1',
      'Connection: close',
    ].join('\r\n');
    const { status } = await rawRequest(head);
    expect(status).toBe(200);
    expect(spy.calls.map((call) => call.url)).toEqual(['https://api.xero.com/practicemanager/3.1/staff.api/list']);
    expect(spy.calls[0]?.headers).toEqual({ 'user-agent': 'xpm-contact-sync-proxy/0.1' });
  });

  it('a GET carrying a body → 400 PROXY_BODY_NOT_ALLOWED with no upstream call', async () => {
    const head = get('/xpm/3.1/client.api/list', { 'Content-Length': '11', 'Content-Type': 'text/plain' });
    const { status, text } = await rawRequest(head, 'hello world');
    expect(status).toBe(400);
    expect(text).toContain('PROXY_BODY_NOT_ALLOWED');
    expect(spy.calls).toHaveLength(0);
  });

  it('a chunked GET body is refused too', async () => {
    const head = get('/xpm/3.1/staff.api/list', { 'Transfer-Encoding': 'chunked' });
    const { status } = await rawRequest(head, '5\r\nhello\r\n0\r\n\r\n');
    expect(status).toBe(400);
    expect(spy.calls).toHaveLength(0);
  });
});

describe('allowed flows over HTTP', () => {
  it('GET /healthz answers without an Origin', async () => {
    const response = await fetch(`${proxy.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(spy.calls).toHaveLength(0);
  });

  it('a token exchange forwards the form body and returns the JSON uncached, without Set-Cookie', async () => {
    respond = () =>
      new Response('{"access_token":"a","refresh_token":"r","expires_in":1800}', {
        headers: { 'content-type': 'application/json', 'set-cookie': 's=1' },
      });
    const response = await fetch(`${proxy.url}/oauth/token`, {
      method: 'POST',
      headers: { origin: APP_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=c&code_verifier=v',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(await response.json()).toMatchObject({ access_token: 'a' });
    expect(spy.calls[0]).toMatchObject({
      url: 'https://identity.xero.com/connect/token',
      method: 'POST',
      body: 'grant_type=authorization_code&code=c&code_verifier=v',
    });
  });

  it('DELETE /connections/{id} with no body reaches the upstream (Node attaches an empty body stream)', async () => {
    respond = () => new Response(null, { status: 204 });
    const response = await fetch(`${proxy.url}/connections/${CONNECTION_ID}`, {
      method: 'DELETE',
      headers: { origin: APP_ORIGIN, authorization: 'Bearer t' },
    });
    expect(response.status).toBe(204);
    expect(spy.calls[0]).toMatchObject({
      url: `https://api.xero.com/connections/${CONNECTION_ID}`,
      method: 'DELETE',
      body: null,
    });
  });

  it('a 429 arrives with its empty body and readable rate-limit headers', async () => {
    respond = () =>
      new Response(null, {
        status: 429,
        headers: {
          'retry-after': '22',
          'x-rate-limit-problem': 'minute',
          'x-minlimit-remaining': '0',
          'content-length': '0',
        },
      });
    const response = await fetch(`${proxy.url}/xpm/3.1/client.api/list?detailed=true`, {
      headers: { origin: APP_ORIGIN, 'xero-tenant-id': TENANT_ID },
    });
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('');
    expect(response.headers.get('retry-after')).toBe('22');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('streams a large body: the client has the first bytes before the upstream has finished', async () => {
    const total = 20 * MIB;
    const chunk = new Uint8Array(64 * KIB).fill(0x62);
    let produced = 0;
    let upstreamDone = false;
    respond = () =>
      new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              if (produced >= total) {
                upstreamDone = true;
                controller.close();
                return;
              }
              produced += chunk.byteLength;
              controller.enqueue(chunk.slice());
            },
          },
          { highWaterMark: 0 },
        ),
        { headers: { 'content-type': 'text/xml' } },
      );
    const smallCap = await startProxy({
      port: 0,
      allowedOrigins: [APP_ORIGIN],
      fetch: spy.fetch,
      log: () => undefined,
    });
    try {
      const response = await fetch(`${smallCap.url}/xpm/3.1/client.api/list?detailed=true`, {
        headers: { origin: APP_ORIGIN },
      });
      const reader = response.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(upstreamDone).toBe(false);
      expect(produced).toBeLessThan(total / 2);
      let received = first.value?.byteLength ?? 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
      }
      expect(received).toBe(total);
      expect(upstreamDone).toBe(true);
    } finally {
      await smallCap.close();
    }
  });
});

describe('broken bodies and aborts over HTTP (PX-5)', () => {
  it('an endless upstream body in small chunks is cut at the configured cap: the client sees a broken body, not a short success', async () => {
    let call: UpstreamCall | undefined;
    let chunks = 0;
    const client = '<Client><UUID>9e023415-b173-4375-b8d5-4220b5a6b294</UUID><Name>A</Name></Client>';
    const chunk = new TextEncoder().encode(client.repeat(Math.floor((4 * KIB) / client.length)));
    respond = (made) => {
      call = made;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            chunks++;
            controller.enqueue(chunk.slice());
          },
        }),
        { headers: { 'content-type': 'text/xml' } },
      );
    };
    const response = await fetch(`${proxy.url}/xpm/3.1/client.api/list`, { headers: { origin: APP_ORIGIN } });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    await waitFor(() => logs.length === 1);
    expect(call?.signal?.aborted).toBe(true);
    expect(logs[0]).toMatchObject({ error: 'PROXY_UPSTREAM_TOO_LARGE', status: 200 });
    // Hundreds of chunks went through before the cut, and not one byte past the cap.
    expect(chunks).toBeGreaterThan((2 * MIB) / chunk.byteLength);
    expect(logs[0]?.bytesOut).toBeLessThanOrEqual(2 * MIB);
    expect(logs[0]?.bytesOut).toBeGreaterThan(2 * MIB - chunk.byteLength);
  });

  it('a body with an honest Content-Length that stalls is cut: the client read fails', async () => {
    respond = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('<Response>'));
          },
        }),
        { headers: { 'content-type': 'text/xml', 'content-length': '1000' } },
      );
    const response = await fetch(`${proxy.url}/xpm/3.1/client.api/list`, { headers: { origin: APP_ORIGIN } });
    expect(response.headers.get('content-length')).toBe('1000');
    await expect(response.text()).rejects.toThrow();
    await waitFor(() => logs.length === 1);
    expect(logs[0]).toMatchObject({ error: 'PROXY_UPSTREAM_TIMEOUT' });
  });

  it('a client that disconnects while waiting for headers aborts the upstream request', async () => {
    let call: UpstreamCall | undefined;
    respond = (made) => {
      call = made;
      return untilAborted(made.signal);
    };
    const client = new AbortController();
    const pending = fetch(`${proxy.url}/xpm/3.1/client.api/list?detailed=true`, {
      headers: { origin: APP_ORIGIN },
      signal: client.signal,
    });
    await waitFor(() => call !== undefined);
    client.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => call?.signal?.aborted === true);
    await waitFor(() => logs.length === 1);
    expect(logs[0]).toMatchObject({ error: 'PROXY_CLIENT_ABORTED', upstreamStatus: null });
  });

  it('a client that disconnects mid-body aborts the upstream request', async () => {
    let call: UpstreamCall | undefined;
    respond = (made) => {
      call = made;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            controller.enqueue(new Uint8Array(KIB));
          },
        }),
      );
    };
    const client = new AbortController();
    const response = await fetch(`${proxy.url}/xpm/3.1/client.api/list`, {
      headers: { origin: APP_ORIGIN },
      signal: client.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    client.abort();
    await waitFor(() => call?.signal?.aborted === true);
    await waitFor(() => logs.length === 1);
    expect(logs[0]).toMatchObject({ error: 'PROXY_CLIENT_ABORTED', upstreamStatus: 200 });
  });
});
