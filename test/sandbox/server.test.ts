/** The sandbox over real loopback sockets: the only sandbox test that opens a port. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../proxy/sandbox';
import type { RunningSandbox } from '../../proxy/sandbox';
import { signIn } from '../../proxy/sandbox/sign-in';
import { MAIN_PRACTICE_NAME } from './helpers';

/** How long the sandbox may take to notice a client's closed socket on a busy machine. */
const SOCKET_CLOSE_NOTICED_MS = 10_000;

/** The whole sign-in over HTTP, as a browser and the app would do it. */
async function connectOverHttp(url: string): Promise<{ accessToken: string; tenantId: string }> {
  const signedIn = await signIn(url, { email: 'jo@example.com' });
  const idPayload = JSON.parse(Buffer.from(signedIn.idToken?.split('.')[1] ?? '', 'base64url').toString()) as {
    iss: string;
  };
  expect(idPayload.iss).toBe(url);
  return { accessToken: signedIn.accessToken, tenantId: signedIn.tenantIds[MAIN_PRACTICE_NAME] ?? '' };
}

describe('served on loopback', () => {
  let running: RunningSandbox;
  let auth: { accessToken: string; tenantId: string };
  const xpm = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${running.url}/practicemanager/3.1/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${auth.accessToken}`, 'xero-tenant-id': auth.tenantId },
    });

  beforeAll(async () => {
    running = await startSandbox({ port: 0, clients: 2000, testControls: true });
    auth = await connectOverHttp(running.url);
  });
  afterAll(async () => {
    await running.close();
  });

  it('binds 127.0.0.1 and publishes its own URL as the issuer', async () => {
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const config = (await (await fetch(`${running.url}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    expect(config.issuer).toBe(running.url);
  });

  it('streams the detailed list in chunks', async () => {
    const response = await xpm('client.api/list?detailed=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const reader = response.body?.getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      chunks += 1;
      text += decoder.decode(next.value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(10);
    expect(text.endsWith('</Clients></Response>')).toBe(true);
    expect(text.split('<Client>').length - 1).toBe(2000);
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const origin = { origin: 'http://localhost:5173' };
    const responses = [
      await fetch(`${running.url}/connect/token`, {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      }),
      await fetch(`${running.url}/practicemanager/3.1/client.api/list`, {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization,xero-tenant-id',
        },
      }),
      await fetch(`${running.url}/connections`, { headers: origin }),
      await fetch(`${running.url}/practicemanager/3.1/staff.api/list`, {
        headers: { ...origin, authorization: `Bearer ${auth.accessToken}`, 'xero-tenant-id': auth.tenantId },
      }),
      await fetch(`${running.url}/.well-known/openid-configuration`, { headers: origin }),
      await fetch(`${running.url}/identity/connect/authorize`, { headers: origin }),
      await fetch(`${running.url}/__sandbox/requests`, { headers: origin }),
      await fetch(`${running.url}/`, { headers: origin }),
    ];
    for (const response of responses) {
      await response.arrayBuffer();
      expect([...response.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('a client that goes away mid-body frees its concurrency slot', async () => {
    const controller = new AbortController();
    const response = await xpm('client.api/list?detailed=true', { signal: controller.signal });
    await response.body?.getReader().read();
    controller.abort();
    // The server notices the closed socket asynchronously; after that, five calls fit again.
    // Polled until then (each round is five real calls), with a deadline for a busy machine.
    await vi.waitFor(
      async () => {
        const statuses = await Promise.all(
          Array.from({ length: 5 }, async () => {
            const r = await xpm('staff.api/list');
            await r.arrayBuffer();
            return r.status;
          }),
        );
        expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      },
      { timeout: SOCKET_CLOSE_NOTICED_MS, interval: 25 },
    );
  });

  it('a truncate fault drops the connection mid-body', async () => {
    running.sandbox.controls.fault({ kind: 'truncate', afterBytes: 100_000, mode: 'destroy' });
    const response = await xpm('client.api/list?detailed=true');
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});

describe('a 15,000-client practice (the benchmark load)', () => {
  it('is generated and its ~50 MB detailed list downloaded over loopback well under 10 seconds', async () => {
    const started = performance.now();
    const running = await startSandbox({ port: 0, clients: 15_000 });
    const generatedMs = performance.now() - started;
    try {
      const auth = await connectOverHttp(running.url);
      const download = async (): Promise<{ bytes: number; clients: number; ms: number }> => {
        const t = performance.now();
        const response = await fetch(`${running.url}/practicemanager/3.1/client.api/list?detailed=true`, {
          headers: { authorization: `Bearer ${auth.accessToken}`, 'xero-tenant-id': auth.tenantId },
        });
        const reader = response.body?.getReader();
        const decoder = new TextDecoder();
        let bytes = 0;
        let clients = 0;
        let carry = '';
        for (;;) {
          const next = await reader?.read();
          if (!next || next.done) break;
          bytes += next.value.byteLength;
          const text = carry + decoder.decode(next.value, { stream: true });
          clients += text.split('<Client>').length - 1;
          carry = text.slice(-7); // shorter than '<Client>': never counted twice
        }
        return { bytes, clients, ms: performance.now() - t };
      };
      const first = await download();
      const second = await download();
      console.log(
        `15,000 clients: generated in ${Math.round(generatedMs)} ms; detailed list ${first.bytes} bytes (${(first.bytes / 1e6).toFixed(1)} MB); ` +
          `first download ${Math.round(first.ms)} ms, cached ${Math.round(second.ms)} ms`,
      );
      expect(first.clients).toBe(15_000);
      expect(second.bytes).toBe(first.bytes);
      expect(first.bytes).toBeGreaterThan(40_000_000);
      expect(first.bytes).toBeLessThan(60_000_000);
      // The figure is reported above (typically 1–3 s against the "well under 10 s"); the
      // assertion only guards against a regression by an order of magnitude on a loaded CI machine.
      expect(generatedMs + first.ms).toBeLessThan(30_000);
    } finally {
      await running.close();
    }
  });
});
