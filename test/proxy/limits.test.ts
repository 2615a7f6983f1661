/**
 * PX-5: request-body caps, streamed (never buffered) responses with a byte cap, the headers / idle /
 * total time limits, client aborts reaching the upstream, and the per-tenant concurrency cap.
 * Limits are shortened per test so every case finishes in well under a second.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  DETAILED_LIST_BYTES_PER_CLIENT,
  LARGEST_PRACTICE_CLIENTS,
  resolveLimits,
  SLOW_LINK_BYTES_PER_SECOND,
} from '../../proxy/limits';
import { UpstreamBodyError } from '../../proxy/upstream';
import {
  CONNECTION_ID,
  drain,
  makeProxy,
  readJson,
  sleep,
  TENANT_ID,
  untilAborted,
  waitFor,
  xmlOk,
  type UpstreamCall,
} from './helpers';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const KIB = 1024;
const MIB = 1024 * KIB;

/** The detailed list of a 50,000-client practice: about 165 MB. */
const LARGEST_LIST_BYTES = LARGEST_PRACTICE_CLIENTS * DETAILED_LIST_BYTES_PER_CLIENT;
/** The "small configured cap" the over-cap tests use (QUALITY.md item 6). */
const SMALL_CAP = 64 * KIB;
/** One client element of about the real size, so a chunk is a realistic slice of the list. */
const CLIENT_XML = new TextEncoder().encode(
  `<Client><UUID>9e023415-b173-4375-b8d5-4220b5a6b294</UUID><Name>${'N'.repeat(DETAILED_LIST_BYTES_PER_CLIENT - 80)}</Name></Client>`,
);

/**
 * A pull-driven upstream body: it makes a chunk only when asked, and records what happened.
 * `reuse` enqueues the same buffer each time (for bodies too large to allocate chunk by chunk).
 */
function upstreamBody(options: { chunkBytes: number; chunks: number; reuse?: boolean }) {
  const state = { produced: 0, cancelled: false, finished: false };
  const chunk = new Uint8Array(options.chunkBytes).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.produced >= options.chunks) {
          state.finished = true;
          controller.close();
          return;
        }
        state.produced++;
        controller.enqueue(options.reuse ? chunk : chunk.slice());
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/** A request body that never finishes (a slow-loris client). */
function neverEndingBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('grant_type='));
    },
  });
}

describe('PX-5 request bodies', () => {
  it('a token form of exactly the cap is forwarded; one byte more → 413 with no upstream call', async () => {
    const proxy = makeProxy();
    const ok = await proxy.send('/oauth/token', {
      method: 'POST',
      headers: FORM,
      body: 'a'.repeat(DEFAULT_LIMITS.maxRequestBodyBytes),
    });
    expect(ok.status).toBe(200);
    const tooBig = await proxy.send('/oauth/token', {
      method: 'POST',
      headers: FORM,
      body: 'a'.repeat(DEFAULT_LIMITS.maxRequestBodyBytes + 1),
    });
    expect(tooBig.status).toBe(413);
    expect(await readJson(tooBig)).toMatchObject({ error: 'PROXY_BODY_TOO_LARGE' });
    expect(proxy.calls).toHaveLength(1);
  });

  it('a declared Content-Length over the cap is refused before the body is read', async () => {
    const proxy = makeProxy({ limits: { requestBodyTimeoutMs: 5_000 } });
    const started = Date.now();
    const response = await proxy.send('/oauth/revoke', {
      method: 'POST',
      headers: { ...FORM, 'content-length': String(10 * MIB) },
      body: neverEndingBody(),
    });
    expect(response.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(proxy.calls).toHaveLength(0);
  });

  it('an undeclared streamed body is cut as soon as it passes the cap, and the client stream is cancelled', async () => {
    let cancelled = false;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += KIB;
        controller.enqueue(new Uint8Array(KIB));
      },
      cancel() {
        cancelled = true;
      },
    });
    const proxy = makeProxy();
    const response = await proxy.send('/oauth/token', { method: 'POST', headers: FORM, body });
    expect(response.status).toBe(413);
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThanOrEqual(DEFAULT_LIMITS.maxRequestBodyBytes + 2 * KIB);
    expect(proxy.calls).toHaveLength(0);
  });

  it('a body that dribbles in → 408 PROXY_REQUEST_TIMEOUT within the limit', async () => {
    const proxy = makeProxy({ limits: { requestBodyTimeoutMs: 100 } });
    const started = Date.now();
    const response = await proxy.send('/oauth/token', { method: 'POST', headers: FORM, body: neverEndingBody() });
    expect(response.status).toBe(408);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(proxy.calls).toHaveLength(0);
  });

  it.each([
    null,
    'application/json',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/x-www-form-urlencodedx',
  ])('a token request with Content-Type %s → 415 with no upstream call', async (contentType) => {
    const proxy = makeProxy();
    const response = await proxy.send('/oauth/token', {
      method: 'POST',
      body: '{"grant_type":"x"}',
      headers: contentType === null ? {} : { 'content-type': contentType },
    });
    // A string body gets text/plain from fetch when no type is given; either way it is not a form.
    expect(response.status).toBe(415);
    expect(proxy.calls).toHaveLength(0);
  });

  it.each([
    ['GET with Content-Length', '/xpm/3.1/client.api/list', 'GET', { 'content-length': '5' }],
    ['GET with Transfer-Encoding', '/xpm/3.1/staff.api/list', 'GET', { 'transfer-encoding': 'chunked' }],
    ['DELETE with Content-Length', `/connections/${CONNECTION_ID}`, 'DELETE', { 'content-length': '2' }],
  ] as const)('%s → 400 PROXY_BODY_NOT_ALLOWED with no upstream call', async (_, path, method, headers) => {
    const proxy = makeProxy();
    const response = await proxy.send(path, { method, headers });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_BODY_NOT_ALLOWED' });
    expect(proxy.calls).toHaveLength(0);
  });

  it('a DELETE carrying body bytes → 400; an empty DELETE body stream (as Node gives) is fine', async () => {
    const proxy = makeProxy({ respond: () => new Response(null, { status: 204 }) });
    const withBody = await proxy.send(`/connections/${CONNECTION_ID}`, { method: 'DELETE', body: '{}' });
    expect(withBody.status).toBe(400);
    const empty = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const ok = await proxy.send(`/connections/${CONNECTION_ID}`, { method: 'DELETE', body: empty });
    expect(ok.status).toBe(204);
    expect(proxy.calls).toHaveLength(1);
    expect(proxy.calls[0]?.body).toBeNull();
  });
});

describe('PX-5 streamed responses and the byte cap', () => {
  it('a 20 MiB body passes through chunk by chunk, never buffered', async () => {
    const chunks = 320;
    const upstream = upstreamBody({ chunkBytes: 64 * KIB, chunks });
    const proxy = makeProxy({
      respond: () => new Response(upstream.stream, { headers: { 'content-type': 'text/xml' } }),
    });
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true', {
      headers: { 'xero-tenant-id': TENANT_ID },
    });
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    let received = 0;
    let consumedChunks = 0;
    let maxLead = 0;
    let firstChunkWhileUpstreamOpen = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (consumedChunks === 0)
        firstChunkWhileUpstreamOpen = !upstream.state.finished && upstream.state.produced < chunks;
      consumedChunks++;
      received += value.byteLength;
      maxLead = Math.max(maxLead, upstream.state.produced - consumedChunks);
    }
    expect(received).toBe(20 * MIB);
    expect(firstChunkWhileUpstreamOpen).toBe(true);
    // The proxy reads at most a chunk or two ahead of the client: it streams, it does not buffer.
    expect(maxLead).toBeLessThanOrEqual(2);
    expect(proxy.logs[0]).toMatchObject({ status: 200, bytesOut: 20 * MIB, error: null });
  });

  it('the first chunk reaches the client while the upstream is still sending', async () => {
    let upstreamController: ReadableStreamDefaultController<Uint8Array> | null = null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        upstreamController = controller;
        controller.enqueue(new TextEncoder().encode('<Response><Status>OK</Status><Clients>'));
      },
    });
    const proxy = makeProxy({ respond: () => new Response(body, { headers: { 'content-type': 'text/xml' } }) });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('<Response><Status>OK</Status><Clients>');
    expect(proxy.logs).toHaveLength(0); // the exchange is still open
    const controller = upstreamController as ReadableStreamDefaultController<Uint8Array> | null;
    controller?.enqueue(new TextEncoder().encode('</Clients></Response>'));
    controller?.close();
    const second = await reader?.read();
    expect(new TextDecoder().decode(second?.value)).toBe('</Clients></Response>');
    expect((await reader?.read())?.done).toBe(true);
    expect(proxy.logs).toHaveLength(1);
  });

  it('a Content-Length over the cap → 502 PROXY_UPSTREAM_TOO_LARGE before any byte is streamed', async () => {
    const upstream = upstreamBody({ chunkBytes: KIB, chunks: 10 });
    const proxy = makeProxy({
      limits: { maxResponseBytes: MIB },
      respond: () => new Response(upstream.stream, { headers: { 'content-length': String(MIB + 1) } }),
    });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    expect(response.status).toBe(502);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_UPSTREAM_TOO_LARGE' });
    expect(upstream.state.cancelled).toBe(true);
    expect(upstream.state.produced).toBe(0);
    expect(proxy.calls).toHaveLength(1);
  });

  it('the default cap admits the 165 MB list of a 50,000-client practice, streamed whole', async () => {
    const chunkBytes = MIB;
    const chunks = Math.ceil(LARGEST_LIST_BYTES / chunkBytes);
    const upstream = upstreamBody({ chunkBytes, chunks, reuse: true });
    const proxy = makeProxy({
      respond: () =>
        new Response(upstream.stream, {
          headers: { 'content-type': 'text/xml', 'content-length': String(chunks * chunkBytes) },
        }),
    });
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(chunks * chunkBytes));
    const { bytes, error } = await drain(response.body);
    expect(error).toBeNull();
    expect(bytes).toBe(chunks * chunkBytes);
    expect(bytes).toBeGreaterThanOrEqual(LARGEST_LIST_BYTES);
    expect(proxy.logs[0]).toMatchObject({ status: 200, error: null, bytesOut: bytes });
  });

  it('a declared length over the default cap is still refused before any byte', async () => {
    const proxy = makeProxy({
      respond: () => new Response('x', { headers: { 'content-length': String(DEFAULT_LIMITS.maxResponseBytes + 1) } }),
    });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    expect(response.status).toBe(502);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_UPSTREAM_TOO_LARGE' });
  });

  it('an endless body in many small chunks is cut at a small configured cap: a broken stream, not a short success', async () => {
    const upstream = upstreamBody({ chunkBytes: CLIENT_XML.byteLength, chunks: Number.POSITIVE_INFINITY });
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      limits: { maxResponseBytes: SMALL_CAP },
      respond: (made) => {
        call = made;
        return new Response(upstream.stream, { headers: { 'content-type': 'text/xml' } });
      },
    });
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true');
    expect(response.status).toBe(200);
    const { bytes, error } = await drain(response.body);
    expect(error).toBeInstanceOf(UpstreamBodyError);
    expect((error as UpstreamBodyError).code).toBe('PROXY_UPSTREAM_TOO_LARGE');
    // Every chunk that fits was delivered (about twenty), then nothing past the cap.
    expect(bytes).toBeLessThanOrEqual(SMALL_CAP);
    expect(bytes).toBeGreaterThan(SMALL_CAP - CLIENT_XML.byteLength);
    expect(upstream.state.produced).toBeGreaterThan(SMALL_CAP / CLIENT_XML.byteLength);
    expect(call?.signal?.aborted).toBe(true);
    expect(upstream.state.cancelled).toBe(true);
    expect(proxy.logs[0]).toMatchObject({ status: 200, error: 'PROXY_UPSTREAM_TOO_LARGE', bytesOut: bytes });
  });

  it('a body of exactly the small cap, in 1,000-byte chunks, passes whole; one byte more is cut', async () => {
    const body = (total: number) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= total) {
            controller.close();
            return;
          }
          const size = Math.min(1_000, total - sent);
          sent += size;
          controller.enqueue(new Uint8Array(size).fill(0x62));
        },
      });
    };
    const exact = makeProxy({ limits: { maxResponseBytes: SMALL_CAP }, respond: () => new Response(body(SMALL_CAP)) });
    const whole = await drain((await exact.send('/xpm/3.1/client.api/list')).body);
    expect(whole).toEqual({ bytes: SMALL_CAP, error: null });
    const over = makeProxy({
      limits: { maxResponseBytes: SMALL_CAP },
      respond: () => new Response(body(SMALL_CAP + 1)),
    });
    const cut = await drain((await over.send('/xpm/3.1/client.api/list')).body);
    expect((cut.error as UpstreamBodyError).code).toBe('PROXY_UPSTREAM_TOO_LARGE');
    // The chunk that would cross the cap is not passed on: the client has the whole chunks before it.
    expect(cut.bytes).toBe(Math.floor(SMALL_CAP / 1_000) * 1_000);
  });
});

describe('PX-5 time limits', () => {
  it('an upstream that never sends headers → 504 PROXY_UPSTREAM_TIMEOUT within the headers limit', async () => {
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      limits: { headersTimeoutMs: 100 },
      respond: (made) => {
        call = made;
        return untilAborted(made.signal);
      },
    });
    const started = Date.now();
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true');
    const elapsed = Date.now() - started;
    expect(response.status).toBe(504);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_UPSTREAM_TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1_000);
    expect(call?.signal?.aborted).toBe(true);
  });

  it('an upstream fetch that ignores its abort signal still times out', async () => {
    const proxy = makeProxy({
      limits: { headersTimeoutMs: 100 },
      respond: () => new Promise<Response>(() => undefined),
    });
    const response = await proxy.send('/xpm/3.1/staff.api/list');
    expect(response.status).toBe(504);
  });

  it('the total limit also applies before headers', async () => {
    const proxy = makeProxy({
      limits: { headersTimeoutMs: 5_000, totalTimeoutMs: 100 },
      respond: (call) => untilAborted(call.signal),
    });
    const started = Date.now();
    const response = await proxy.send('/xpm/3.1/staff.api/list');
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a body that stalls is aborted after the idle limit: the client sees an error, the upstream an abort', async () => {
    let call: UpstreamCall | undefined;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<Response>'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const proxy = makeProxy({
      limits: { idleTimeoutMs: 100 },
      respond: (made) => {
        call = made;
        return new Response(body);
      },
    });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const started = Date.now();
    const { bytes, error } = await drain(response.body);
    expect(bytes).toBe('<Response>'.length);
    expect((error as UpstreamBodyError).code).toBe('PROXY_UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(call?.signal?.aborted).toBe(true);
    expect(cancelled).toBe(true);
    expect(proxy.logs[0]).toMatchObject({ error: 'PROXY_UPSTREAM_TIMEOUT', status: 200 });
  });

  it('a body that trickles forever is cut at the total limit even though it is never idle', async () => {
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await sleep(10);
        controller.enqueue(new Uint8Array([0x61]));
      },
    });
    const proxy = makeProxy({
      limits: { idleTimeoutMs: 1_000, totalTimeoutMs: 200 },
      respond: () => new Response(body),
    });
    const started = Date.now();
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const { bytes, error } = await drain(response.body);
    expect(bytes).toBeGreaterThan(0);
    expect((error as UpstreamBodyError).code).toBe('PROXY_UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a total limit that fires while the client is not reading still ends the exchange', async () => {
    const upstream = upstreamBody({ chunkBytes: KIB, chunks: Number.POSITIVE_INFINITY });
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      limits: { totalTimeoutMs: 100 },
      respond: (made) => {
        call = made;
        return new Response(upstream.stream);
      },
    });
    await proxy.send('/xpm/3.1/client.api/list');
    await waitFor(() => proxy.logs.length === 1, 2_000);
    expect(call?.signal?.aborted).toBe(true);
    expect(proxy.logs[0]).toMatchObject({ error: 'PROXY_UPSTREAM_TIMEOUT' });
  });
});

describe('PX-5 client aborts reach the upstream', () => {
  it('a client that leaves before the headers aborts the upstream request', async () => {
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      respond: (made) => {
        call = made;
        return untilAborted(made.signal);
      },
    });
    const client = new AbortController();
    const pending = proxy.send('/xpm/3.1/client.api/list?detailed=true', { signal: client.signal });
    await waitFor(() => call !== undefined);
    expect(call?.signal?.aborted).toBe(false);
    client.abort();
    const response = await pending;
    expect(call?.signal?.aborted).toBe(true);
    expect(response.status).toBe(499);
    expect(proxy.logs[0]).toMatchObject({ error: 'PROXY_CLIENT_ABORTED', upstreamStatus: null });
  });

  it('a client that cancels the body mid-stream aborts the upstream and cancels its body', async () => {
    const upstream = upstreamBody({ chunkBytes: 64 * KIB, chunks: Number.POSITIVE_INFINITY });
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      respond: (made) => {
        call = made;
        return new Response(upstream.stream);
      },
    });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(call?.signal?.aborted).toBe(true);
    await waitFor(() => upstream.state.cancelled);
    expect(proxy.logs[0]).toMatchObject({ error: 'PROXY_CLIENT_ABORTED', status: 200, upstreamStatus: 200 });
  });

  it('a client whose request signal aborts mid-stream aborts the upstream', async () => {
    const upstream = upstreamBody({ chunkBytes: KIB, chunks: Number.POSITIVE_INFINITY });
    let call: UpstreamCall | undefined;
    const proxy = makeProxy({
      respond: (made) => {
        call = made;
        return new Response(upstream.stream);
      },
    });
    const client = new AbortController();
    const response = await proxy.send('/xpm/3.1/client.api/list', { signal: client.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    client.abort();
    expect(call?.signal?.aborted).toBe(true);
    await expect(reader?.read()).rejects.toBeInstanceOf(UpstreamBodyError);
  });
});

describe('PX-5 upstream failures', () => {
  it('a network failure → 502 PROXY_UPSTREAM_UNAVAILABLE', async () => {
    const proxy = makeProxy({ respond: () => Promise.reject(new TypeError('fetch failed')) });
    const response = await proxy.send('/connections');
    expect(response.status).toBe(502);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_UPSTREAM_UNAVAILABLE' });
  });

  it('a fetch that throws synchronously is handled the same way', async () => {
    const proxy = makeProxy({
      fetch: () => {
        throw new TypeError('bad');
      },
    });
    const response = await proxy.send('/connections');
    expect(response.status).toBe(502);
  });

  it('an upstream body that breaks mid-way breaks the client body too', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<Response>'));
      },
      pull(controller) {
        controller.error(new TypeError('terminated'));
      },
    });
    const proxy = makeProxy({ respond: () => new Response(body) });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const { error } = await drain(response.body);
    expect((error as UpstreamBodyError).code).toBe('PROXY_UPSTREAM_UNAVAILABLE');
    expect(proxy.logs[0]).toMatchObject({ error: 'PROXY_UPSTREAM_UNAVAILABLE', status: 200 });
  });
});

describe('PX-5 per-tenant concurrency cap', () => {
  it('the sixth concurrent call for one practice → 429 with Retry-After, other practices unaffected, slots released', async () => {
    const releases: (() => void)[] = [];
    let tenantCalls = 0;
    const proxy = makeProxy({
      respond: (call) =>
        new Promise<Response>((resolve) => {
          if (call.headers['xero-tenant-id'] !== TENANT_ID) return resolve(xmlOk());
          tenantCalls += 1;
          // The first five are held open until released; any later one is answered at once, so a slot
          // freed too early shows up as a failed assertion below rather than as a request that hangs.
          if (releases.length < 5) releases.push(() => resolve(xmlOk()));
          else resolve(xmlOk());
        }),
    });
    const inFlight = Array.from({ length: 5 }, () =>
      proxy.send('/xpm/3.1/client.api/list', { headers: { 'xero-tenant-id': TENANT_ID } }),
    );
    await waitFor(() => releases.length === 5);
    const sixth = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': TENANT_ID } });
    expect(sixth.status, `proxy log: ${JSON.stringify(proxy.logs)}`).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('1');
    expect(await readJson(sixth)).toMatchObject({ error: 'PROXY_TOO_MANY_REQUESTS' });
    const other = await proxy.send('/xpm/3.1/staff.api/list', {
      headers: { 'xero-tenant-id': '98466a19-16df-4ded-b657-0a80ef9a2094' },
    });
    expect(other.status).toBe(200);
    expect(proxy.calls).toHaveLength(6);

    // A slot is held until the body has been delivered, then released. The five reach the upstream in
    // any order (each awaits the tenant's hash, which WebCrypto computes off the thread), so the one
    // released is whichever answers: only it can.
    releases[0]?.();
    const [firstIndex, first] = await Promise.race(
      inFlight.map(async (pending, index) => [index, await pending] as const),
    );
    const again = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': TENANT_ID } });
    expect(again.status).toBe(429);
    await first.text();
    const afterRelease = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': TENANT_ID } });
    expect(afterRelease.status).toBe(200);
    expect(tenantCalls).toBe(6);
    for (const release of releases.slice(1)) release();
    const others = inFlight.filter((_, index) => index !== firstIndex);
    await Promise.all([afterRelease.text(), ...others.map(async (pending) => (await pending).text())]);
  });

  it('refused and failed exchanges release their slot', async () => {
    const proxy = makeProxy({
      limits: { maxConcurrentPerTenant: 1 },
      respond: () => new Response(null, { status: 302 }),
    });
    for (let i = 0; i < 3; i++) {
      const response = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': TENANT_ID } });
      expect(response.status).toBe(502);
    }
  });
});

describe('PX-5 a slow office link', () => {
  it('a client reading slower than the idle limit never trips it: only waits on the upstream count', async () => {
    const upstream = upstreamBody({ chunkBytes: CLIENT_XML.byteLength, chunks: 3 });
    const proxy = makeProxy({ limits: { idleTimeoutMs: 30 }, respond: () => new Response(upstream.stream) });
    const response = await proxy.send('/xpm/3.1/client.api/list');
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    let bytes = 0;
    for (;;) {
      // The slow link itself (the fault under test, not a wait for an event): the client takes
      // three idle limits to come back for each chunk.
      await sleep(90);
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    expect(bytes).toBe(3 * CLIENT_XML.byteLength);
    expect(proxy.logs[0]).toMatchObject({ error: null });
  });
});

describe('limit configuration', () => {
  it('every default is a positive named value, sized as a guard for the largest practice', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxRequestBodyBytes: 16 * KIB,
      maxResponseBytes: 512 * MIB,
      headersTimeoutMs: 4 * 60_000,
      idleTimeoutMs: 60_000,
      totalTimeoutMs: 30 * 60_000,
      requestBodyTimeoutMs: 10_000,
      maxHeaderValueBytes: 8 * KIB,
      maxConcurrentPerTenant: 5,
    });
  });

  it('the byte cap admits a 50,000-client list with room to spare', () => {
    expect(LARGEST_LIST_BYTES).toBe(165_000_000);
    expect(DEFAULT_LIMITS.maxResponseBytes).toBeGreaterThanOrEqual(2 * LARGEST_LIST_BYTES);
  });

  it('the total limit fits the longest header wait plus the largest list over a 2 Mbit/s link', () => {
    const transferMs = (LARGEST_LIST_BYTES / SLOW_LINK_BYTES_PER_SECOND) * 1_000;
    expect(transferMs).toBe(660_000);
    expect(DEFAULT_LIMITS.totalTimeoutMs).toBeGreaterThanOrEqual(DEFAULT_LIMITS.headersTimeoutMs + transferMs);
    // Node's own fetch (undici) gives up on headers after 5 minutes: the proxy's 504 must come first.
    expect(DEFAULT_LIMITS.headersTimeoutMs).toBeLessThan(5 * 60_000);
  });

  it('refuses a limit that would switch a check off', () => {
    expect(() => resolveLimits({ maxResponseBytes: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ totalTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => resolveLimits({ idleTimeoutMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(resolveLimits({ idleTimeoutMs: 5 }).idleTimeoutMs).toBe(5);
  });
});
