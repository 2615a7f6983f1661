/**
 * S7 through runSync: an interrupted run is resumed as the same run (its id, kind, start, watermark and
 * call count carry on; the history says "resumed"), and an attempt that was taken over while frozen
 * writes nothing when it wakes.
 */
import { describe, expect, it } from 'vitest';
import { runSync, type RunRequest, type SyncEnv } from '../../../src/sync/run/run-sync';
import { MemoryStore } from '../../../src/sync/memory-store';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { RunRecord } from '../../../src/domain/runs';
import type { XpmClient } from '../../../src/xero/types';
import { clientListXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { canonicalContacts, STAFF } from '../engine-harness';
import { FakeTokens, SERVER_DATE, ScriptedUpstream, xml } from '../upstream-script';
import { rid, testUuid, tid } from '../../support/ids';

const TENANT = tid('11111111-2222-4333-8444-555555555555');
const RUN = rid('run-1');
const BATCH = 100;
/** Small chunks, so batches commit while the body is still arriving. */
const CHUNK_BYTES = 16 * 1024;

const CLIENTS: XpmClient[] = Array.from({ length: 1_500 }, (_, i) =>
  xpmClient({
    uuid: testUuid(`client-${i}`),
    name: `Client ${i}`,
    clientCode: `C${i}`,
    contacts: [
      xpmContact({ uuid: testUuid(`person-${i}`), name: `Person ${i}`, email: `p${i}@x.com` }),
      xpmContact({ uuid: testUuid(`shared-${i % 40}`), name: `Shared ${i % 40}`, email: `s${i % 40}@x.com` }),
    ],
  }),
);
const BODY = new TextEncoder().encode(clientListXml(CLIENTS));

/** The client list in small chunks; with `stallAt`, the stream stops there until `release` is called. */
function chunkedList(stallAt?: number): { response: () => Response; release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release: () => release(),
    response: () => {
      let offset = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (stallAt !== undefined && offset >= stallAt) await gate;
          if (offset >= BODY.length) return controller.close();
          controller.enqueue(BODY.slice(offset, offset + CHUNK_BYTES));
          offset += CHUNK_BYTES;
        },
      });
      return new Response(body, { headers: xml('').headers });
    },
  };
}

function env(store: MemoryStore, upstream: ScriptedUpstream, now: () => number): SyncEnv {
  let ids = 0;
  return {
    http: upstream,
    tokens: new FakeTokens(),
    clock: { now, sleep: async () => undefined },
    random: () => 0.5,
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => `id-${++ids}-${Math.random()}`,
  };
}

function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    runId: RUN,
    kind: 'full',
    trigger: 'manual',
    xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
    tenantId: TENANT,
    options: DEFAULT_SYNC_OPTIONS,
    signal: new AbortController().signal,
    batchSize: BATCH,
    ...overrides,
  };
}

function upstreamWith(list: () => Response): ScriptedUpstream {
  return new ScriptedUpstream().on('staff.api/list', () => xml(staffListXml(STAFF))).on('client.api/list', list);
}

/** Resolves once the store has committed `n` transactions. */
function storeWatchingCommits(n: number): { store: MemoryStore; reached: Promise<void> } {
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const store = new MemoryStore({ beforeCommit: (count) => (count >= n ? reach() : undefined) });
  return { store, reached };
}

async function cleanStore(): Promise<{ store: MemoryStore; run: RunRecord }> {
  const store = new MemoryStore();
  const run = await runSync(
    env(store, upstreamWith(chunkedList().response), () => 5_000),
    request(),
  );
  return { store, run };
}

describe('runSync resuming an interrupted run (S7)', () => {
  it('a frozen attempt taken over by another tab writes nothing when it wakes; the resumed run ends as a clean one', async () => {
    const clean = await cleanStore();
    expect(clean.run).toMatchObject({ status: 'succeeded', counts: { client: { imported: 1_500, rejected: 0 } } });

    // Attempt 1 commits the staff batch and several client batches, then its download stalls (frozen tab).
    const { store, reached } = storeWatchingCommits(6);
    const frozen = chunkedList(Math.floor(BODY.length / 2));
    const first = runSync(
      env(store, upstreamWith(frozen.response), () => 5_000),
      request(),
    );
    await reached;
    const interrupted = await store.getRun(RUN);
    expect(interrupted).toMatchObject({ status: 'running', checkpoint: { attempt: 1 } });
    if (interrupted === undefined) throw new Error('no run record');

    // Another tab resumes it at once and finishes it.
    const upstream = upstreamWith(chunkedList().response);
    const resumed = await runSync(
      env(store, upstream, () => 90_000),
      request({ kind: interrupted.kind, trigger: interrupted.trigger, resume: interrupted }),
    );
    expect(resumed).toMatchObject({
      id: RUN,
      status: 'succeeded',
      kind: 'full',
      startedAt: interrupted.startedAt,
      serverDate: new Date(Date.parse(SERVER_DATE)).toISOString(),
      apiCalls: 4, // two per attempt: one extra download of each list
      checkpoint: { attempt: 2, resumedAt: [90_000] },
      counts: clean.run.counts,
    });
    expect(upstream.count('client.api/list')).toBe(1);

    // The frozen tab wakes: its next commit is refused, and it ends without writing anything.
    const before = JSON.stringify([store.records(), store.log, store.fixList(), [...store.runs.values()]]);
    frozen.release();
    const late = await first;
    expect(late.error?.code).toBe('sync/taken-over');
    expect(JSON.stringify([store.records(), store.log, store.fixList(), [...store.runs.values()]])).toBe(before);
    expect(await store.getRun(RUN)).toMatchObject({ status: 'succeeded', checkpoint: { attempt: 2 } });

    expect(canonicalContacts([...store.contacts.values()])).toEqual(
      canonicalContacts([...clean.store.contacts.values()]),
    );
    expect(store.records().clients.length).toBe(clean.store.records().clients.length);
    expect(store.log.map(({ runId: _r, ...e }) => e)).toEqual(clean.store.log.map(({ runId: _r, ...e }) => e));
    expect(store.state.watermark).toBe(clean.store.state.watermark);
    expect(store.batchOutcomeRows.size).toBe(0);
  });

  it('a resumed Resync Now asks for the same window, and a run whose tab died before the first commit starts over cleanly', async () => {
    const clean = await cleanStore();
    const store = clean.store;
    const upstream = upstreamWith(chunkedList().response);
    // A Resync Now interrupted before anything was committed: only its first record exists.
    const started: RunRecord = {
      ...clean.run,
      id: rid('run-2'),
      kind: 'incremental',
      status: 'running',
      phase: 'connecting',
    };
    await store.putRun(started);
    const resumed = await runSync(
      env(store, upstream, () => 9_000),
      request({ runId: rid('run-2'), kind: 'incremental', resume: started }),
    );
    expect(resumed).toMatchObject({ id: rid('run-2'), status: 'succeeded', kind: 'incremental' });
    expect(upstream.requests.find((r) => r.url.includes('client.api/list'))?.url).toContain('modifiedsince=');
    expect(resumed.counts.client.unchanged).toBe(CLIENTS.length);
  });

  it('the store refuses a run record from an older attempt, in and out of transactions', async () => {
    const { store, run } = await cleanStore();
    const newer: RunRecord = { ...run, checkpoint: { tenantId: TENANT, attempt: 3, resumedAt: [1, 2] } };
    await store.putRun(newer);
    await expect(store.putRun({ ...run, status: 'failed' })).rejects.toMatchObject({ code: 'sync/taken-over' });
    await expect(
      store.transact(async (tx) => {
        await tx.putState({ ...(await tx.getState()), watermark: 'changed' });
        await tx.putRun({ ...run, status: 'failed' });
      }),
    ).rejects.toMatchObject({ code: 'sync/taken-over' });
    expect(store.state.watermark).not.toBe('changed');
    expect(await store.getRun(RUN)).toEqual(newer);
  });
});
