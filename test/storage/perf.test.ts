/**
 * Performance sanity, not a benchmark: a full-sync-sized batch must complete under fake-indexeddb.
 * Times are printed for the record and never asserted (CI machines vary; fake-indexeddb is much
 * slower than a browser's IndexedDB).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppDB } from '../../src/storage/db';
import { openAppDB } from '../../src/storage/open';
import { allContacts, firstRecords } from '../../src/storage/queries';
import { DexieSyncStore } from '../../src/storage/sync-store';
import { INITIAL_SYNC_STATE } from '../../src/sync/model';
import { client, contact } from '../contracts/records';
import { destroy, freshDbName } from './support/dexie';

/** Roughly a large practice: a few thousand clients, two or three contacts per client. */
const CONTACTS = 5_000;
const CLIENTS = 2_000;
/**
 * Kept small on purpose: Dexie's anyOf walks the index with cursor.continue(key), which is very
 * slow in fake-indexeddb (2,000 keys over 5,000 contacts took ~16 s here, against ~0.1-0.2 s in
 * headless Chromium), so large lookups belong in browser tests, not unit tests.
 */
const LOOKUP_KEYS = 50;

let db: AppDB;

beforeEach(async () => {
  db = await openAppDB(freshDbName());
});

afterEach(async () => {
  await destroy(db);
});

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`[storage perf] ${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

it(`commits ${CONTACTS} contacts and ${CLIENTS} clients in one transaction`, async () => {
  const store = new DexieSyncStore(db);
  const contacts = Array.from({ length: CONTACTS }, (_, i) =>
    contact(`c${i}`, { name: `Person ${i}`, sourceKeys: [`c:${i}`, `k:${i % CLIENTS}`] }),
  );
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(`x${i}`, { code: `C${i}` }));

  await timed(`transact put ${CONTACTS} contacts + ${CLIENTS} clients`, () =>
    store.transact(async (tx) => {
      await tx.putContacts(contacts);
      await tx.putClients(clients);
      await tx.putState({ ...INITIAL_SYNC_STATE, watermark: '2026-01-05T09:00:00Z', lastRunId: 'r1' });
    }),
  );

  const bySource = await timed(`transact lookup of ${LOOKUP_KEYS} source keys`, () =>
    store.transact((tx) => tx.contactsBySourceKeys(Array.from({ length: LOOKUP_KEYS }, (_, i) => `k:${i}`))),
  );
  const wanted = new Set(Array.from({ length: LOOKUP_KEYS }, (_, i) => `k:${i}`));
  expect(bySource).toHaveLength(contacts.filter((c) => c.sourceKeys.some((key) => wanted.has(key))).length);
  const index = await timed('key index (full-pass lookups)', () => store.loadKeyIndex());
  expect(index.contactsBySource.size).toBe(CONTACTS + CLIENTS);
  expect(index.clientsByXpmId.size).toBe(CLIENTS);

  await timed(`second transact updating all ${CONTACTS} contacts`, () =>
    store.transact((tx) => tx.putContacts(contacts.map((c) => ({ ...c, updatedAt: c.updatedAt + 1 })))),
  );

  const all = await timed(`allContacts (${CONTACTS}, sorted)`, () => allContacts(db));
  const first = await timed('firstRecords (100)', () => firstRecords(db, 'contacts', 100));
  expect(all).toHaveLength(CONTACTS);
  expect(first).toHaveLength(100);
});
