/**
 * Failures that tell the truth (M8 item 1; QUALITY.md reliability 6 and 8). Batches commit while XPM's
 * answer streams in, so a fault found late in a long list comes after clients were saved. Each case
 * streams a Resync All of 2,400 clients in 4 KB chunks with the fault after client 1,100, so batches
 * really commit before it, and checks that:
 * - the run is recorded as failed and partly applied, with N = the clients the store really holds
 *   from it (counted from the store, not from the run) of M = the clients read;
 * - the message says so, and the error's help never claims the data is untouched;
 * - the next, clean run (a Resync Now: it lists everything, as the failed run did) leaves the store a
 *   clean Resync All would have left: records, fix-list, missing-in-XPM marks, watermark.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type RunRequest, type SyncEnv } from '../../../src/sync/run/run-sync';
import { MemoryStore, type MemoryStoreHooks } from '../../../src/sync/memory-store';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { AppErrorCode } from '../../../src/domain/errors';
import type { XpmClient } from '../../../src/xero/types';
import { errorHelp } from '../../../src/app/error-help';
import { runAppliedText, runStatusText } from '../../../src/app/components/sync/run-labels';
import { formatCount } from '../../../src/app/format';
import { clientXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { canonicalContacts, STAFF } from '../engine-harness';
import { FakeTokens, ScriptedUpstream, xml } from '../upstream-script';
import { rid, testUuid, tid } from '../../support/ids';
import type { SyncStore } from '../../../src/sync/ports';
import type { AppDB } from '../../../src/storage/db';
import { DexieSyncStore } from '../../../src/storage/sync-store';
import { openProbedDB, quotaError } from '../../storage/support/probe';
import { destroy, freshDbName } from '../../storage/support/dexie';
import { storedClients, storedContacts, storedFixList } from '../../storage/support/records';

const TENANT = tid('11111111-2222-4333-8444-555555555555');
/** Thousands of clients (M8): several batches of CLIENT_BATCH_SIZE commit before the fault. */
const PRACTICE_SIZE = 2_400;
/** Small chunks, so batches commit while the body is still arriving. */
const CHUNK_BYTES = 4 * 1024;
/** The fault comes after this many clients of the list. */
const FAULT_AFTER = 1_100;
/** The engine's batch size (CLIENT_BATCH_SIZE): at least two batches commit before the fault. */
const BATCH = 500;
/** A client XPM no longer lists at the second sync (the clean run marks it missing in XPM, R6). */
const REMOVED = 5;

const person = (i: number) =>
  xpmContact({ uuid: testUuid(`person-${i}`), name: `Person ${i}`, email: `p${i}@x.com`, mobile: '0412 000 001' });
const shared = (i: number) =>
  xpmContact({ uuid: testUuid(`shared-${i % 40}`), name: `Shared ${i % 40}`, email: `s${i % 40}@x.com` });

/** Client i as XPM lists it at version `v`: every client changes between versions. */
function client(i: number, v: number): XpmClient {
  return xpmClient({
    uuid: testUuid(`client-${i}`),
    name: `Client ${i} v${v}`,
    // Some clients fail validation, so the fix-list and the rejection counts are part of the comparison.
    clientCode: i % 13 === 0 ? '' : `C${i}`,
    contacts: [person(i), shared(i)],
  });
}

const BEFORE: XpmClient[] = Array.from({ length: PRACTICE_SIZE }, (_, i) => client(i, 1));
/** The practice at the second sync: every client changed, one removed, two added at the end. */
const AFTER: XpmClient[] = [
  ...Array.from({ length: PRACTICE_SIZE }, (_, i) => client(i, 2)).filter((_, i) => i !== REMOVED),
  client(PRACTICE_SIZE, 2),
  client(PRACTICE_SIZE + 1, 2),
];

const HEAD = '<Response api-method="List"><Status>OK</Status><Clients>';
const TAIL = '</Clients></Response>';
const listXml = (clients: readonly XpmClient[]) => clients.map((c) => clientXml(c)).join('');
const encode = (text: string) => new TextEncoder().encode(text);

const FIRST = listXml(AFTER.slice(0, FAULT_AFTER));
const REST = listXml(AFTER.slice(FAULT_AFTER));
const CLEAN_BODY = encode(HEAD + FIRST + REST + TAIL);

/** `body` in CHUNK_BYTES pieces; with `dropAt`, the connection fails there instead of ending. */
function streamed(body: Uint8Array, dropAt?: number): Response {
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (dropAt !== undefined && offset >= dropAt) {
        controller.error(new TypeError('network connection lost'));
        return;
      }
      if (offset >= body.length) {
        controller.close();
        return;
      }
      const end = Math.min(offset + CHUNK_BYTES, body.length, dropAt ?? body.length);
      controller.enqueue(body.slice(offset, end));
      offset = end;
    },
  });
  return new Response(stream, { headers: xml('').headers });
}

interface Fault {
  readonly what: string;
  readonly code: AppErrorCode;
  readonly response: () => Response;
  readonly maxResponseBytes?: number;
  /** Clients read by the time the fault stops the run (a store fault lets the reader run a batch or two ahead). */
  readonly readAtMost?: number;
  readonly hooks?: (failAt: () => number) => MemoryStoreHooks;
}

const upTo1100 = encode(HEAD + FIRST).length;

const FAULTS: readonly Fault[] = [
  {
    what: 'a list truncated mid-client',
    code: 'xml/malformed',
    response: () => streamed(encode(HEAD + FIRST + REST.slice(0, 700))),
  },
  {
    what: 'a connection dropped mid-list',
    code: 'network/failed',
    response: () => streamed(CLEAN_BODY, upTo1100 + 300),
  },
  {
    what: 'a body over the configured size cap',
    code: 'xml/too-large',
    response: () => streamed(CLEAN_BODY),
    maxResponseBytes: upTo1100,
  },
  {
    what: 'a late DOCTYPE',
    code: 'xml/dtd-forbidden',
    response: () =>
      streamed(encode(`${HEAD}${FIRST}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${REST}${TAIL}`)),
  },
  {
    what: 'a late __proto__ element',
    code: 'xml/forbidden-name',
    response: () =>
      streamed(
        encode(
          `${HEAD}${FIRST}<Client><UUID>${testUuid('evil')}</UUID><__proto__><polluted>1</polluted></__proto__></Client>${REST}${TAIL}`,
        ),
      ),
  },
  {
    what: 'a late Status ERROR',
    code: 'xpm/api-error',
    response: () =>
      streamed(
        encode(
          `${HEAD}${FIRST}</Clients><Status>ERROR</Status><ErrorDescription>Boom</ErrorDescription><Clients>${REST}${TAIL}`,
        ),
      ),
  },
  {
    what: 'storage quota exceeded on the third client batch (QUALITY.md reliability 8)',
    code: 'storage/quota',
    response: () => streamed(CLEAN_BODY),
    readAtMost: PRACTICE_SIZE,
    // The Resync All's transactions: the staff batch, then client batches; the third client batch fails.
    hooks: (failAt) => ({
      beforeCommit: (n) => {
        if (n === failAt()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    }),
  },
];

function env(store: SyncStore, upstream: ScriptedUpstream, now: () => number): SyncEnv {
  let ids = 0;
  return {
    http: upstream,
    tokens: new FakeTokens(),
    clock: { now, sleep: async () => undefined },
    random: () => 0.5,
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => `id-${++ids}`,
  };
}

function request(runId: string, kind: RunRequest['kind'], overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    runId: rid(runId),
    kind,
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

/** A first, successful sync of BEFORE into `store` (run-1). */
async function syncBefore(store: SyncStore): Promise<void> {
  const first = await runSync(
    env(
      store,
      upstreamWith(() => streamed(encode(HEAD + listXml(BEFORE) + TAIL))),
      () => 1_000,
    ),
    request('run-1', 'full'),
  );
  expect(first.status).toBe('succeeded');
}

/** A store after a first, successful sync of BEFORE; `transactions` counts its commits so far. */
async function syncedStore(hooks: (failAt: () => number) => MemoryStoreHooks = () => ({})) {
  let transactions = 0;
  let failAt = Number.POSITIVE_INFINITY;
  const inner = hooks(() => failAt);
  const store = new MemoryStore({
    beforeCommit: (n) => {
      transactions = n;
      inner.beforeCommit?.(n);
    },
  });
  await syncBefore(store);
  // Staff batch, then the client batches: the third client batch is the fourth transaction from here.
  const arm = () => {
    failAt = transactions + 4;
  };
  return { store, arm };
}

/** What a sync leaves that a clean run must equal: records, fix-list, missing marks, the watermark. */
function storeContent(store: MemoryStore) {
  const { clients, staff } = store.records();
  const withoutTimes = <T extends { createdAt: number; updatedAt: number }>({
    createdAt: _c,
    updatedAt: _u,
    ...rest
  }: T) => rest;
  return {
    contacts: canonicalContacts([...store.contacts.values()]),
    clients: clients.map(withoutTimes),
    staff: staff.map(withoutTimes),
    fixList: store
      .fixList()
      .map(({ firstSeenAt: _f, lastSeenAt: _l, lastRunId: _r, ...finding }) => finding)
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    watermark: store.state.watermark,
    unfinishedFullRun: store.state.unfinishedFullRun ?? null,
    batchOutcomes: store.batchOutcomeRows.size,
  };
}

describe('a Resync All failing after batches committed is recorded and shown as partly applied (M8)', () => {
  let clean: ReturnType<typeof storeContent>;

  beforeAll(async () => {
    const { store } = await syncedStore();
    const run = await runSync(
      env(
        store,
        upstreamWith(() => streamed(CLEAN_BODY)),
        () => 2_000,
      ),
      request('run-2', 'full'),
    );
    expect(run).toMatchObject({ status: 'succeeded', applied: { clientsRead: AFTER.length } });
    expect(run.applied?.clientsCommitted).toBe(AFTER.length);
    expect(run.counts.client.missing).toBe(1);
    clean = storeContent(store);
  }, 120_000);

  for (const fault of FAULTS) {
    it(`${fault.what}: ${fault.code}, "partly applied: N of M", and the next run completes it`, async () => {
      const { store, arm } = await syncedStore(fault.hooks);
      const before = new Map([...store.sources].map(([id, state]) => [id, state.hash]));
      arm();

      const failed = await runSync(
        env(store, upstreamWith(fault.response), () => 2_000),
        request(
          'run-2',
          'full',
          fault.maxResponseBytes === undefined ? {} : { maxResponseBytes: fault.maxResponseBytes },
        ),
      );
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toBe(fault.code);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();

      // N: the clients whose new version the store holds, counted from the store itself.
      const saved = [...store.sources].filter(([id, state]) => before.get(id) !== state.hash).length;
      expect(saved).toBeGreaterThanOrEqual(2 * BATCH);
      expect(saved).toBeLessThanOrEqual(FAULT_AFTER);
      const applied = failed.applied;
      expect(applied).toMatchObject({ clientsCommitted: saved, staffCommitted: true });
      const read = applied?.clientsRead ?? -1;
      expect(read).toBeGreaterThanOrEqual(saved);
      expect(read).toBeLessThanOrEqual(fault.readAtMost ?? FAULT_AFTER);
      // The run record in the store says the same as the one returned.
      expect(await store.getRun(rid('run-2'))).toMatchObject({ status: 'failed', applied });
      expect(failed.clientsProcessed).toBe(saved);

      // What the page shows.
      expect(runStatusText(failed)).toBe('Failed (partly applied)');
      expect(runAppliedText(failed)).toBe(
        `Partly applied: ${formatCount(saved)} of the ${formatCount(read)} clients read before the sync stopped were saved; the next run completes it.`,
      );
      expect(errorHelp(fault.code).whatToDo).not.toMatch(/intact|not used|nothing was changed|nothing is lost/i);
      // The watermark did not move, and the next run is told to list everything.
      expect(store.state.watermark).toBe(new Date(Date.parse(xml('').headers.get('date') ?? '')).toISOString());
      expect(store.state.unfinishedFullRun).toBe(rid('run-2'));

      // The next run: the user's Resync Now (or the hourly run) completes the failed Resync All.
      const next = await runSync(
        env(
          store,
          upstreamWith(() => streamed(CLEAN_BODY)),
          () => 3_000,
        ),
        request('run-3', 'incremental'),
      );
      expect(next).toMatchObject({ status: 'succeeded', kind: 'full' });
      expect(next.applied).toEqual({ clientsRead: AFTER.length, clientsCommitted: AFTER.length, staffCommitted: true });
      expect(next.counts.client.missing).toBe(1);
      expect(storeContent(store)).toEqual(clean);
    }, 120_000);
  }

  it('a fault before any client batch commits says nothing was saved but the staff list', async () => {
    const { store } = await syncedStore();
    const failed = await runSync(
      env(
        store,
        upstreamWith(() => streamed(encode(`<!DOCTYPE x [<!ENTITY a "b">]>${HEAD}${FIRST}${TAIL}`))),
        () => 2_000,
      ),
      request('run-2', 'full'),
    );
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'xml/dtd-forbidden' },
      applied: { clientsRead: 0, clientsCommitted: 0, staffCommitted: true },
    });
    expect(runStatusText(failed)).toBe('Failed');
    expect(runAppliedText(failed)).toBe(
      'No clients were saved by this sync (only the staff list was brought up to date); your other data is as it was before it.',
    );
    expect(store.state.unfinishedFullRun ?? null).toBeNull();
  });
});

describe('the same quota failure in the real IndexedDB store (QUALITY.md reliability 8, fake-indexeddb)', () => {
  const opened: AppDB[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await destroy(db);
  });

  /** A Dexie store after a first, successful sync of BEFORE. */
  async function dexieSynced() {
    const { db, probe } = await openProbedDB(freshDbName());
    opened.push(db);
    const store = new DexieSyncStore(db);
    await syncBefore(store);
    return { db, probe, store };
  }

  async function content(db: AppDB, store: DexieSyncStore) {
    const withoutTimes = <T extends { createdAt: number; updatedAt: number }>({
      createdAt: _c,
      updatedAt: _u,
      ...rest
    }: T) => rest;
    return {
      contacts: canonicalContacts(await storedContacts(db)),
      clients: (await storedClients(db)).map(withoutTimes).sort((a, b) => (a.id < b.id ? -1 : 1)),
      fixList: (await storedFixList(db))
        .map(({ firstSeenAt: _f, lastSeenAt: _l, lastRunId: _r, ...finding }) => finding)
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
      state: await store.readState(),
    };
  }

  it('the batch the quota refused is rolled back, the run says partly applied, and the next run completes it', async () => {
    const clean = await dexieSynced();
    await runSync(
      env(
        clean.store,
        upstreamWith(() => streamed(CLEAN_BODY)),
        () => 2_000,
      ),
      request('run-2', 'full'),
    );

    const { db, probe, store } = await dexieSynced();
    const hashes = async () =>
      new Map(
        (await store.transact((tx) => tx.sourceStates(AFTER.flatMap((c) => (c.key === null ? [] : [c.key]))))).map(
          (state) => [state.clientId, state.hash],
        ),
      );
    const before = await hashes();
    // One batch-outcome row per committed batch: the staff batch, then clients; the third client batch
    // fails at commit, as a browser reports a full disk.
    probe.failWrite({ atWrite: 4, mode: 'abort-transaction', table: 'runBatchOutcomes', error: quotaError });
    const failed = await runSync(
      env(
        store,
        upstreamWith(() => streamed(CLEAN_BODY)),
        () => 2_000,
      ),
      request('run-2', 'full'),
    );
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'storage/quota' } });
    const after = await hashes();
    const saved = [...after].filter(([id, hash]) => before.get(id) !== hash).length;
    expect(saved).toBeGreaterThanOrEqual(2 * BATCH);
    expect(saved).toBeLessThan(3 * BATCH);
    expect(failed.applied?.clientsCommitted).toBe(saved);
    expect(await store.getRun(rid('run-2'))).toMatchObject({ status: 'failed', applied: failed.applied });
    expect(runAppliedText(failed)).toBe(
      `Partly applied: ${formatCount(saved)} of the ${formatCount(failed.applied?.clientsRead ?? 0)} clients read before the sync stopped were saved; the next run completes it.`,
    );

    const next = await runSync(
      env(
        store,
        upstreamWith(() => streamed(CLEAN_BODY)),
        () => 3_000,
      ),
      request('run-3', 'incremental'),
    );
    expect(next).toMatchObject({ status: 'succeeded', kind: 'full' });
    const expected = await content(clean.db, clean.store);
    const actual = await content(db, store);
    expect(actual.contacts).toEqual(expected.contacts);
    expect(actual.clients).toEqual(expected.clients);
    expect(actual.fixList).toEqual(expected.fixList);
    expect({ ...actual.state, lastRunId: null, lastSuccessAt: null, lastFullSuccessAt: null }).toEqual({
      ...expected.state,
      lastRunId: null,
      lastSuccessAt: null,
      lastFullSuccessAt: null,
    });
  }, 240_000);
});
