import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDB } from '../../src/storage/open';
import { DexieSyncStore } from '../../src/storage/sync-store';
import type { AppDB } from '../../src/storage/db';
import { CONTACTS_PER_SEGMENT } from '../../src/storage/record-segments';
import { removeRecords } from '../../src/sync/local/operations';
import { contact } from '../contracts/records';
import { destroy, freshDbName } from './support/dexie';
import { storedContacts } from './support/records';
import { lcid } from '../support/ids';

let db: AppDB;

beforeEach(async () => {
  db = await openAppDB(freshDbName());
});

afterEach(async () => {
  await destroy(db);
});

/** Enough contacts to fill many segments, written in small chunks as a sync's batches would. */
const CONTACTS = 3_000;
const CHUNK = 250;

describe('bulk removal over segments (R6)', () => {
  it('removes thousands of missing contacts scattered over every segment; the rest, the segments and the key index stay consistent', async () => {
    const store = new DexieSyncStore(db);
    const all = Array.from({ length: CONTACTS }, (_, i) => contact(`p${i}`, { missingInXpm: i % 3 !== 0 }));
    for (let i = 0; i < all.length; i += CHUNK) await store.transact((tx) => tx.putContacts(all.slice(i, i + CHUNK)));
    const missing = all.filter((c) => c.missingInXpm);
    const kept = all.filter((c) => !c.missingInXpm);

    const result = await removeRecords(store, { contacts: all.map((c) => c.id) });
    expect(result).toEqual({ contacts: missing.length, clients: 0, staff: 0, kept: kept.length });

    const stored = await storedContacts(db);
    expect(stored.map((c) => c.id).sort()).toEqual(kept.map((c) => c.id).sort());
    // Every keys row lists exactly its segment's records, and no segment exceeds its capacity.
    const keys = await db.contactKeys.toArray();
    for (const row of keys) {
      const segment = await db.contactSegments.get(row.id);
      expect(row.entries.map((e) => e.id)).toEqual(segment?.records.map((r) => r.id));
      expect(row.entries.length).toBeLessThanOrEqual(CONTACTS_PER_SEGMENT);
    }
    // The warm key index of this worker equals one rebuilt from the keys rows by another.
    const warm = await store.loadKeyIndex();
    const rebuilt = await new DexieSyncStore(db).loadKeyIndex();
    expect([...warm.contactsBySource.keys()].sort()).toEqual([...rebuilt.contactsBySource.keys()].sort());
    expect(warm.contactsBySource.size).toBe(kept.length);
    expect(warm.contactLinks.size).toBe(kept.length);

    // New records after the removal are placed and found again.
    await store.transact((tx) => tx.putContacts([contact('late')]));
    expect(await store.transact((tx) => tx.contactsByIds([lcid('late'), lcid('p0'), lcid('p1')]))).toHaveLength(2);
  });
});
