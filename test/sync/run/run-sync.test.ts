import { describe, expect, it } from 'vitest';
import { runSync, type RunRequest, type SyncEnv } from '../../../src/sync/run/run-sync';
import { MemoryStore } from '../../../src/sync/memory-store';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import { AppError } from '../../../src/domain/errors';
import { clientListXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { STAFF } from '../engine-harness';
import { FakeTokens, ScriptedUpstream, SERVER_DATE, problem, status, xml } from '../upstream-script';
import { rid, testUuid, tid } from '../../support/ids';
import { runAppliedText } from '../../../src/app/components/sync/run-labels';
import type { RunRecord } from '../../../src/domain/runs';

const TENANT = tid('11111111-2222-4333-8444-555555555555');
const CLIENTS = [
  xpmClient({
    uuid: testUuid('A'),
    contacts: [xpmContact({ uuid: testUuid('c1'), name: 'Jo Smith', email: 'jo@x.com' })],
  }),
  xpmClient({
    uuid: testUuid('B'),
    clientCode: 'B1',
    contacts: [xpmContact({ uuid: testUuid('c2'), name: 'Sam Lee', email: 'sam@x.com' })],
  }),
];

function setup(store = new MemoryStore()) {
  const upstream = new ScriptedUpstream()
    .on('staff.api/list', () => xml(staffListXml(STAFF)))
    .on('client.api/list', () => xml(clientListXml(CLIENTS)));
  const tokens = new FakeTokens();
  const sleeps: number[] = [];
  let now = Date.parse(SERVER_DATE) + 5_000;
  let ids = 0;
  const env: SyncEnv = {
    http: upstream,
    tokens,
    clock: {
      now: () => now,
      sleep: async (ms, signal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
        now += ms;
      },
    },
    random: () => 0.5,
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => `id-${++ids}`,
  };
  let runs = 0;
  const run = (overrides: Partial<RunRequest> = {}) =>
    runSync(env, {
      runId: rid(`run-${++runs}`),
      kind: 'full',
      trigger: 'manual',
      xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
      tenantId: TENANT,
      options: DEFAULT_SYNC_OPTIONS,
      signal: new AbortController().signal,
      ...overrides,
    });
  return { upstream, tokens, sleeps, store, env, run, advance: (ms: number) => (now += ms) };
}

describe('runSync', () => {
  it('runs a full sync: two requests, records stored, watermark from the server Date', async () => {
    const t = setup();
    const run = await t.run();
    expect(run).toMatchObject({
      status: 'succeeded',
      kind: 'full',
      phase: 'done',
      apiCalls: 2,
      dayLimitRemaining: 4990,
      error: null,
    });
    expect(run.counts.contact.imported).toBe(2);
    expect(run.counts.client.imported).toBe(2);
    expect(t.store.contacts.size).toBe(2);
    expect(t.store.state).toMatchObject({ watermark: '2026-11-24T03:00:00.000Z', lastRunId: rid('run-1') });
    expect(t.store.state.lastFullSuccessAt).not.toBeNull();
    const clientRequest = t.upstream.requests.find((r) => r.url.includes('client.api/list'));
    expect(clientRequest?.url).toBe('http://proxy.test/xpm/3.1/client.api/list?detailed=true');
    expect(clientRequest?.headers.get('xero-tenant-id')).toBe(TENANT);
    expect(clientRequest?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('Resync Now asks only for changes since the last success minus the overlap, and never sweeps', async () => {
    const t = setup();
    await t.run();
    t.upstream.on('client.api/list', () => xml(clientListXml(CLIENTS.slice(0, 1))));
    const run = await t.run({ kind: 'incremental' });
    expect(run.kind).toBe('incremental');
    const since = new Date(Date.parse(SERVER_DATE) - 10 * 60_000).toISOString().slice(0, 19); // S3: 10 minutes
    expect(run.modifiedSince).toBe(since);
    expect(t.upstream.requests.at(-1)?.url).toContain(`modifiedsince=${encodeURIComponent(since)}`);
    expect([...t.store.clients.values()].every((c) => !c.missingInXpm)).toBe(true);
  });

  it('Resync Now without a previous success lists everything', async () => {
    const t = setup();
    const run = await t.run({ kind: 'incremental' });
    expect(run.kind).toBe('full');
    expect(t.upstream.requests.every((r) => !r.url.includes('modifiedsince'))).toBe(true);
  });

  it('refreshes once after a 401 TokenExpired and retries the request once', async () => {
    const t = setup();
    t.upstream.queue('client.api/list', () => problem(401, 'TokenExpired: token expired at 11/24/2026 03:00:00'));
    const run = await t.run();
    expect(run.status).toBe('succeeded');
    expect(t.tokens.refreshes).toBe(1);
    expect(t.upstream.requests.at(-1)?.headers.get('authorization')).toBe('Bearer token-2');
  });

  it('a 401 after the refresh means reconnect needed, without a retry loop', async () => {
    const t = setup();
    t.upstream.on('client.api/list', () => problem(401, 'AuthenticationUnsuccessful'));
    const run = await t.run();
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('auth/reconnect-needed');
    expect(t.tokens.refreshes).toBe(1);
    expect(t.upstream.count('client.api/list')).toBe(2);
  });

  it('an invalid_grant on refresh fails the run as reconnect needed', async () => {
    const t = setup();
    t.tokens.failRefresh = new AppError('auth/reconnect-needed', 'revoked');
    t.upstream.queue('client.api/list', () => problem(401, 'TokenExpired: x'));
    const run = await t.run();
    expect(run.error?.code).toBe('auth/reconnect-needed');
    expect(t.upstream.count('client.api/list')).toBe(1);
  });

  it('waits for Retry-After on a minute-limit 429 and succeeds', async () => {
    const t = setup();
    t.upstream.queue('client.api/list', () => status(429, { 'retry-after': '30', 'x-rate-limit-problem': 'minute' }));
    const run = await t.run();
    expect(run.status).toBe('succeeded');
    expect(t.sleeps).toEqual([30_000]);
  });

  it('a run interrupted while waiting for Retry-After sends nothing, when resumed, before that wait ends', async () => {
    // Found by hand: a tab closed 8 s into a 40 s Retry-After wait; the tab opened next resumed the run
    // and sent both lists at once.
    const t = setup();
    const first = await t.run();
    const sentAt: number[] = [];
    t.upstream
      .on('staff.api/list', () => {
        sentAt.push(t.env.clock.now());
        return xml(staffListXml(STAFF));
      })
      .on('client.api/list', () => {
        sentAt.push(t.env.clock.now());
        return xml(clientListXml(CLIENTS));
      });
    const until = t.env.clock.now() + 32_000;
    const interrupted: RunRecord = {
      ...first,
      id: rid('run-interrupted'),
      status: 'running',
      phase: 'connecting',
      finishedAt: null,
      wait: { reason: 'rate-limit', until, attempt: 2, maxAttempts: 5 },
      checkpoint: { tenantId: TENANT, attempt: 1, resumedAt: [] },
    };
    await t.store.putRun(interrupted);
    t.sleeps.length = 0;
    const resumed = await t.run({ runId: interrupted.id, resume: interrupted });
    expect(resumed).toMatchObject({ status: 'succeeded', wait: null });
    expect(sentAt).toHaveLength(2);
    expect(Math.min(...sentAt)).toBeGreaterThanOrEqual(until);
    expect(t.sleeps).toEqual([32_000]);

    // A wait that has already ended is not waited for again, and a retry's own backoff is not carried over.
    for (const wait of [
      { reason: 'rate-limit' as const, until: t.env.clock.now() - 1, attempt: 2, maxAttempts: 5 },
      { reason: 'retry' as const, until: t.env.clock.now() + 20_000, attempt: 2, maxAttempts: 5 },
    ]) {
      t.sleeps.length = 0;
      const again: RunRecord = { ...interrupted, id: rid(`run-${wait.reason}`), wait };
      await t.store.putRun(again);
      expect(await t.run({ runId: again.id, resume: again })).toMatchObject({ status: 'succeeded' });
      expect(t.sleeps).toEqual([]);
    }
  });

  it('a daily-limit 429 pauses the run; the next run sends nothing until the pause ends', async () => {
    const t = setup();
    t.upstream.on('client.api/list', () => status(429, { 'retry-after': '66975', 'x-rate-limit-problem': 'day' }));
    const run = await t.run();
    expect(run.status).toBe('paused');
    expect(run.error).toMatchObject({ code: 'xpm/rate-limited', detail: { limit: 'day' } });
    expect(t.sleeps).toEqual([]);
    const pausedUntil = t.store.state.pausedUntil;
    expect(pausedUntil).toBeGreaterThan(Date.parse(SERVER_DATE) + 66_000_000);
    const before = t.upstream.requests.length;
    const next = await t.run();
    expect(next.status).toBe('paused');
    expect(t.upstream.requests.length).toBe(before);
    t.advance(67_000_000);
    t.upstream.on('client.api/list', () => xml(clientListXml(CLIENTS)));
    expect((await t.run()).status).toBe('succeeded');
    expect(t.store.state.pausedUntil).toBeNull();
  });

  it('retries 5xx with capped, jittered backoff and gives up after 5 attempts', async () => {
    const t = setup();
    t.upstream.queue(
      'client.api/list',
      () => status(503),
      () => status(502),
    );
    expect((await t.run()).status).toBe('succeeded');
    expect(t.sleeps).toEqual([500, 1000]);

    const u = setup();
    u.upstream.on('client.api/list', () => status(500));
    const run = await u.run();
    expect(run.error?.code).toBe('xpm/server-error');
    expect(u.upstream.count('client.api/list')).toBe(5);
  });

  it('does not retry other 4xx', async () => {
    const t = setup();
    t.upstream.on('client.api/list', () => status(404));
    const run = await t.run();
    expect(run.error?.code).toBe('xpm/http-error');
    expect(t.upstream.count('client.api/list')).toBe(1);
  });

  it('tells proxy refusals apart from Xero errors and retries proxy timeouts', async () => {
    const proxyError = (code: number, error: string) =>
      new Response(JSON.stringify({ error, message: 'x' }), {
        status: code,
        headers: { 'content-type': 'application/json' },
      });
    const t = setup();
    t.upstream.on('client.api/list', () => proxyError(403, 'PROXY_ORIGIN_FORBIDDEN'));
    expect((await t.run()).error?.code).toBe('proxy/rejected');
    expect(t.upstream.count('client.api/list')).toBe(1);

    const u = setup();
    u.upstream.queue('client.api/list', () => proxyError(504, 'PROXY_UPSTREAM_TIMEOUT'));
    expect((await u.run()).status).toBe('succeeded');
  });

  // The same faults late in a list of thousands of clients, after batches committed: partial-failure.test.ts.
  describe('bad responses before any client batch commits leave the clients as they were, and say so', () => {
    const cases: Array<[string, () => Response, string]> = [
      [
        'HTTP 200 with Status ERROR',
        () =>
          xml('<Response api-method="List"><Status>ERROR</Status><ErrorDescription>Boom</ErrorDescription></Response>'),
        'xpm/api-error',
      ],
      [
        'an HTML error page',
        () => new Response('<html><body>Bad gateway</body></html>', { headers: { 'content-type': 'text/html' } }),
        'xpm/unexpected-content',
      ],
      [
        'a DOCTYPE (billion laughs)',
        () => xml('<!DOCTYPE lolz [<!ENTITY lol "lol">]><Response><Status>OK</Status></Response>'),
        'xml/dtd-forbidden',
      ],
      ['a truncated body', () => xml(clientListXml(CLIENTS).slice(0, -40)), 'xml/malformed'],
      [
        'a __proto__ element',
        () =>
          xml(
            '<Response><Status>OK</Status><Clients><Client><__proto__><polluted>1</polluted></__proto__></Client></Clients></Response>',
          ),
        'xml/forbidden-name',
      ],
    ];
    for (const [what, respond, code] of cases) {
      it(what, async () => {
        const t = setup();
        await t.run();
        const before = t.store.records();
        const stateBefore = t.store.state;
        t.upstream.on('client.api/list', respond);
        const run = await t.run();
        expect(run.status).toBe('failed');
        expect(run.error?.code).toBe(code);
        expect(run.error?.message.length).toBeGreaterThan(10);
        expect(t.store.records()).toEqual(before);
        expect(t.store.state).toEqual(stateBefore);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(run.applied?.clientsCommitted).toBe(0);
        expect(runAppliedText(run)).toMatch(/^No clients were saved by this sync/);
      });
    }
  });

  it('commits batches while the body is still downloading', async () => {
    const t = setup();
    const many = Array.from({ length: 30 }, (_, i) =>
      xpmClient({ uuid: testUuid(`C${i}`), clientCode: `C${i}`, contacts: [] }),
    );
    const text = clientListXml(many);
    const bytes = new TextEncoder().encode(text);
    let commitsWhenLastChunkPulled = -1;
    let pulled = 0;
    const pieces = 10;
    const size = Math.ceil(bytes.length / pieces);
    t.upstream.on(
      'client.api/list',
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (pulled === pieces - 1) commitsWhenLastChunkPulled = t.store.clients.size;
              if (pulled >= pieces) return controller.close();
              controller.enqueue(bytes.slice(pulled * size, (pulled + 1) * size));
              pulled += 1;
            },
          }),
          { headers: { 'content-type': 'text/xml', date: SERVER_DATE } },
        ),
    );
    const run = await t.run({ batchSize: 5 });
    expect(run.status).toBe('succeeded');
    expect(commitsWhenLastChunkPulled).toBeGreaterThan(0);
    expect(t.store.clients.size).toBe(30);
  });

  it('a cancelled run ends as cancelled and moves no watermark', async () => {
    const t = setup();
    const controller = new AbortController();
    t.upstream.on('client.api/list', () => {
      controller.abort(new DOMException('cancel', 'AbortError'));
      return xml(clientListXml(CLIENTS));
    });
    const run = await t.run({ signal: controller.signal });
    expect(run.status).toBe('cancelled');
    expect(run.error?.code).toBe('sync/cancelled');
    expect(t.store.state.watermark).toBeNull();
  });

  it('a storage quota failure fails the run cleanly', async () => {
    const store = new MemoryStore({
      beforeCommit: (n) => {
        if (n === 2) throw new DOMException('full', 'QuotaExceededError');
      },
    });
    const t = setup(store);
    const run = await t.run();
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('storage/quota');
    expect(store.clients.size).toBe(0);
    expect(store.state.watermark).toBeNull();
    expect(run.applied).toEqual({ clientsRead: 2, clientsCommitted: 0, staffCommitted: true });
    expect(run.counts.client.imported).toBe(0); // the failed batch's counts were never committed
  });
});

describe('runSync: nothing outlives the run', () => {
  it('when the staff list pauses the run, the client list stops retrying (review M4)', async () => {
    const t = setup();
    t.upstream.on('staff.api/list', () => status(429, { 'retry-after': '36000', 'x-rate-limit-problem': 'day' }));
    t.upstream.on('client.api/list', () => status(503));
    const run = await t.run();
    expect(run.status).toBe('paused');
    const sentDuringRun = t.upstream.count('client.api/list');
    // Give any orphaned retry loop the chance to send again.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.upstream.count('client.api/list')).toBe(sentDuringRun);
  });
});

describe('runSync: the cap on a run’s logged findings', () => {
  /** An XPM answer of `n` empty clients (no id, no name: several findings each), streamed in small chunks. */
  function emptyClients(n: number, chunkBytes = 4096): () => Response {
    return () => {
      const head = new TextEncoder().encode('<Response api-method="List"><Status>OK</Status><Clients>');
      const client = new TextEncoder().encode('<Client></Client>');
      const tail = new TextEncoder().encode('</Clients></Response>');
      const perChunk = Math.max(1, Math.floor(chunkBytes / client.length));
      let sent = -1;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent < 0) {
              controller.enqueue(head);
              sent = 0;
            } else if (sent < n) {
              const count = Math.min(perChunk, n - sent);
              const chunk = new Uint8Array(count * client.length);
              for (let i = 0; i < count; i++) chunk.set(client, i * client.length);
              controller.enqueue(chunk);
              sent += count;
            } else {
              controller.enqueue(tail);
              controller.close();
            }
          },
        }),
        { headers: { 'content-type': 'text/xml', date: SERVER_DATE } },
      );
    };
  }

  it('lists the first findings up to the cap, counts every finding by reason, and says how many are not listed', async () => {
    const t = setup();
    const n = 3_000;
    t.upstream.on('client.api/list', emptyClients(n));
    const cap = 1_000;
    const run = await t.run({ logCap: cap, batchSize: 100 });
    expect(run.status).toBe('succeeded');
    const total = Object.values(run.findingsByReason ?? {})
      .flatMap((byCode) => Object.values(byCode ?? {}))
      .reduce((a, b) => a + (b ?? 0), 0);
    // Every empty client has at least one finding; all are counted, only `cap` are listed.
    expect(total).toBeGreaterThanOrEqual(n);
    expect(t.store.log.filter((entry) => entry.runId === run.id)).toHaveLength(cap);
    expect(run.findingsNotLogged).toBe(total - cap);
    expect(run.findingsByReason?.rejection?.['id-missing']).toBe(n);
    // The standing fix-list keeps one entry per source and reason: clients without an id share a few.
    expect(t.store.fixList().length).toBeLessThan(20);
  });

  it('a run under the cap lists everything and reports nothing left out', async () => {
    const t = setup();
    t.upstream.on('client.api/list', emptyClients(50));
    const run = await t.run({ logCap: 1_000 });
    const listed = t.store.log.filter((entry) => entry.runId === run.id).length;
    expect(listed).toBeGreaterThanOrEqual(50);
    expect(run.findingsNotLogged).toBe(0);
    expect(run.findingsByReason?.rejection?.['id-missing']).toBe(50);
  });
});
