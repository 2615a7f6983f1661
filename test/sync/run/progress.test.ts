/**
 * S6 in the engine: the run record tells the truth while the run works — clients read move with the
 * stream and are written at least every PROGRESS_WRITE_INTERVAL_MS, and a wait for Xero's rate limit
 * or before a retry is recorded with its end and the attempt that follows.
 */
import { describe, expect, it } from 'vitest';
import { runSync, type RunRequest, type SyncEnv } from '../../../src/sync/run/run-sync';
import { PROGRESS_WRITE_INTERVAL_MS } from '../../../src/sync/run/run-recorder';
import { MemoryStore } from '../../../src/sync/memory-store';
import type { StoreTx } from '../../../src/sync/ports';
import { bindTx } from '../support/bind-tx';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { RunRecord, RunWait } from '../../../src/domain/runs';
import { clientListXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { STAFF } from '../engine-harness';
import { FakeTokens, ScriptedUpstream, SERVER_DATE, problem, status, xml } from '../upstream-script';
import { rid, testUuid, tid } from '../../support/ids';

const CLIENTS = Array.from({ length: 1_500 }, (_, i) =>
  xpmClient({
    uuid: testUuid(`client-${i}`),
    name: `Client ${i}`,
    clientCode: `C${i}`,
    contacts: [xpmContact({ uuid: testUuid(`person-${i}`), name: `Person ${i}`, email: `p${i}@x.com` })],
  }),
);
const BODY = new TextEncoder().encode(clientListXml(CLIENTS));
const CHUNK_BYTES = 8 * 1024;
/** A slow link: each chunk arrives this long after the one before. */
const CHUNK_EVERY_MS = 100;

/** A store that keeps every run record written, in or out of a batch, as the page would have seen it. */
class WatchedStore extends MemoryStore {
  readonly progress: RunRecord[] = [];
  override async putRun(run: RunRecord): Promise<void> {
    this.progress.push(run);
    await super.putRun(run);
  }
  override transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return super.transact((tx) =>
      fn({
        ...bindTx(tx),
        putRun: (run) => {
          this.progress.push(run);
          return tx.putRun(run);
        },
      }),
    );
  }
}

function setup(clientList: () => Response) {
  const store = new WatchedStore();
  let now = Date.parse(SERVER_DATE) + 5_000;
  const waitsSeen: Array<RunWait | null | undefined> = [];
  const upstream = new ScriptedUpstream()
    .on('staff.api/list', () => xml(staffListXml(STAFF)))
    .on('client.api/list', clientList);
  const env: SyncEnv = {
    http: upstream,
    tokens: new FakeTokens(),
    clock: {
      now: () => now,
      sleep: async (ms, signal) => {
        signal?.throwIfAborted();
        // What the page shows during the wait: the run record once the writes queued before it landed.
        await store.transact(async () => undefined);
        waitsSeen.push((await store.getRun(rid('run-1')))?.wait);
        now += ms;
      },
    },
    random: () => 0.5,
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => crypto.randomUUID(),
  };
  const request: RunRequest = {
    runId: rid('run-1'),
    kind: 'full',
    trigger: 'manual',
    xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
    tenantId: tid('11111111-2222-4333-8444-555555555555'),
    options: DEFAULT_SYNC_OPTIONS,
    signal: new AbortController().signal,
  };
  return { store, waitsSeen, run: () => runSync(env, request), advance: (ms: number) => (now += ms), now: () => now };
}

describe('run progress (S6)', () => {
  it('clients read move with the stream and are written at least every 250 ms, before any batch is saved', async () => {
    let t: ReturnType<typeof setup> | null = null;
    const slowList = () => {
      let offset = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= BODY.length) return controller.close();
          t?.advance(CHUNK_EVERY_MS);
          controller.enqueue(BODY.slice(offset, offset + CHUNK_BYTES));
          offset += CHUNK_BYTES;
        },
      });
      return new Response(body, { headers: xml('').headers });
    };
    t = setup(slowList);
    const run = await t.run();
    expect(run.status).toBe('succeeded');
    const downloading = t.store.progress.filter((r) => r.phase === 'downloading' && r.bytesReceived > 0);
    expect(downloading.length).toBeGreaterThan(10);
    // Clients read before the first batch of 500 was saved: the page shows movement at once.
    expect(downloading.some((r) => (r.clientsRead ?? 0) > 0 && r.clientsProcessed === 0)).toBe(true);
    for (let i = 1; i < downloading.length; i++) {
      const [before, after] = [downloading[i - 1], downloading[i]];
      if (!before || !after) continue;
      expect(after.heartbeatAt - before.heartbeatAt).toBeLessThanOrEqual(PROGRESS_WRITE_INTERVAL_MS + CHUNK_EVERY_MS);
      expect(after.clientsRead ?? 0).toBeGreaterThanOrEqual(before.clientsRead ?? 0);
    }
    expect(run.clientsRead).toBe(CLIENTS.length);
  });

  it('a rate-limit wait is on the run record with when it ends and the attempt that follows, then cleared', async () => {
    let first = true;
    const t = setup(() => {
      if (!first) return xml(clientListXml(CLIENTS.slice(0, 3)));
      first = false;
      return status(429, { 'retry-after': '42', 'x-rate-limit-problem': 'minute' });
    });
    const start = t.now();
    const run = await t.run();
    expect(run.status).toBe('succeeded');
    expect(t.waitsSeen[0]).toEqual({ reason: 'rate-limit', until: start + 42_000, attempt: 2, maxAttempts: 5 });
    expect(run.wait).toBeNull();
    expect((await t.store.getRun(rid('run-1')))?.wait).toBeNull();
  });

  it('a retry after a server error is on the run record as "attempt 2 of 5"', async () => {
    let first = true;
    const t = setup(() => {
      if (!first) return xml(clientListXml(CLIENTS.slice(0, 3)));
      first = false;
      return problem(503, 'Service unavailable');
    });
    const run = await t.run();
    expect(run.status).toBe('succeeded');
    expect(t.waitsSeen[0]).toMatchObject({ reason: 'retry', attempt: 2, maxAttempts: 5 });
  });
});
