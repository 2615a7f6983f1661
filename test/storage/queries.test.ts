import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDB } from '../../src/storage/db';
import { APP_DB_OPTIONS } from '../../src/storage/open';
import {
  allClients,
  allContacts,
  allStaff,
  contactChanges,
  contactCount,
  firstRecords,
  readInChunks,
  contactById,
  clientById,
  clientCount,
  latestRun,
  recentRuns,
  runLogEntries,
  syncState,
} from '../../src/storage/queries';
import { DexieSyncStore } from '../../src/storage/sync-store';
import type { ContactRecord } from '../../src/domain/records';
import type { SyncState } from '../../src/domain/sync-state';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { change, client, contact, logEntry, run, staff } from '../contracts/records';
import { destroy, freshDbName } from './support/dexie';
import { openProbedDB, type StorageProbe } from './support/probe';
import { lcid, lclid, rid } from '../support/ids';

/** Names chosen so code-unit order, case-insensitive order and natural order all disagree. */
const NAMES = [
  ...['bob', 'Alice', 'Émile', 'Zoë', 'alan', 'Client 10'],
  ...['Client 2', 'eve', 'Alice', 'de Vries', 'McDonald', 'Mcbride'],
];
const SORTED = [
  ...['alan', 'Alice', 'Alice', 'bob', 'Client 2', 'Client 10'],
  ...['de Vries', 'Émile', 'eve', 'Mcbride', 'McDonald', 'Zoë'],
];

describe('queries', () => {
  let db: AppDB;
  let probe: StorageProbe;
  let store: DexieSyncStore;

  beforeEach(async () => {
    ({ db, probe } = await openProbedDB(freshDbName()));
    expect(db._options.chromeTransactionDurability).toBe(APP_DB_OPTIONS.chromeTransactionDurability);
    store = new DexieSyncStore(db);
  });

  afterEach(async () => {
    await destroy(db);
  });

  describe('contacts', () => {
    beforeEach(async () => {
      await store.transact((tx) =>
        tx.putContacts(NAMES.map((name, i) => contact(`id-${String(i).padStart(2, '0')}`, { name }))),
      );
    });

    it('allContacts sorts by name: case-insensitive, accent-aware, numbers compared as numbers', async () => {
      expect((await allContacts(db)).map((c) => c.name)).toEqual(SORTED);
    });

    it('equal names keep a stable order by id', async () => {
      const alices = (await allContacts(db)).filter((c) => c.name === 'Alice').map((c) => c.id);
      expect(alices).toEqual([...alices].sort());
    });

    it('firstRecords gives the first N contacts by identity key (lower-cased name, code units, then id), for any N', async () => {
      const byIndex = (await allContacts(db)).sort((a, b) =>
        a.identityKey < b.identityKey ? -1 : a.identityKey > b.identityKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
      for (const n of [0, 1, 3, 5, NAMES.length, NAMES.length + 5]) {
        expect(await firstRecords(db, 'contacts', n)).toEqual(byIndex.slice(0, n));
      }
    });

    it('readInChunks delivers every record once, in id order, in chunks of the given size', async () => {
      const chunks: number[] = [];
      const ids: string[] = [];
      await readInChunks(db, 'contacts', 3, (records) => {
        chunks.push(records.length);
        ids.push(...records.map((r) => r.record.id));
      });
      expect(ids).toEqual((await allContacts(db)).map((c) => c.id).sort());
      expect(chunks.slice(0, -1).every((n) => n === 3)).toBe(true);
      expect(await contactById(db, lcid(ids[0] ?? ''))).toMatchObject({ id: ids[0] });
    });

    it('contactCount counts every contact', async () => {
      expect(await contactCount(db)).toBe(NAMES.length);
    });
  });

  it('allClients sorts by legal name and allStaff by name', async () => {
    await store.transact(async (tx) => {
      await tx.putClients([
        client('1', { legalName: 'zeta Trust' }),
        client('2', { legalName: 'Alpha Pty Ltd' }),
        client('3', { legalName: 'beta Co' }),
      ]);
      await tx.putStaff([staff('1', { name: 'victor' }), staff('2', { name: 'Una' }), staff('3', { name: 'amy' })]);
    });
    expect((await allClients(db)).map((c) => c.legalName)).toEqual(['Alpha Pty Ltd', 'beta Co', 'zeta Trust']);
    expect((await allStaff(db)).map((s) => s.name)).toEqual(['amy', 'Una', 'victor']);
  });

  it('recentRuns lists newest first with a limit, and latestRun is the newest', async () => {
    expect(await latestRun(db)).toBeUndefined();
    for (const [id, startedAt] of [
      ['r-b', 2_000],
      ['r-c', 3_000],
      ['r-a', 1_000],
    ] as const) {
      await store.putRun(run(id, { startedAt }));
    }
    expect((await recentRuns(db)).map((r) => r.id)).toEqual(['r-c', 'r-b', 'r-a']);
    expect((await recentRuns(db, 2)).map((r) => r.id)).toEqual(['r-c', 'r-b']);
    expect(await recentRuns(db, 0)).toEqual([]);
    expect((await latestRun(db))?.id).toBe('r-c');
  });

  it('runLogEntries returns one run’s rows in seq order, optionally one kind', async () => {
    // One addLog per batch, as the engine writes them (a later batch may be written first on replay).
    await store.transact(async (tx) => {
      await tx.addLog([logEntry('r1', 10, { kind: 'skip', code: 'client-archived' })]);
      await tx.addLog([logEntry('r1', 1), logEntry('r1', 2, { kind: 'warning', code: 'phone-not-mobile' })]);
      await tx.addLog([logEntry('r10', 1)]); // a run id that extends "r1" must not leak in
      await tx.addLog([logEntry('r0', 5)]);
    });
    expect((await runLogEntries(db, rid('r1'))).map((e) => e.seq)).toEqual([1, 2, 10]);
    expect((await runLogEntries(db, rid('r1'), 'rejection')).map((e) => e.seq)).toEqual([1]);
    expect((await runLogEntries(db, rid('r1'), 'skip')).map((e) => e.seq)).toEqual([10]);
    expect(await runLogEntries(db, rid('unknown'))).toEqual([]);
  });

  it('contactChanges lists one contact’s changes newest first, ties in reverse write order', async () => {
    await store.transact(async (tx) => {
      await tx.addChanges([
        change('a', 'r1', { at: 100, field: 'email' }),
        change('b', 'r1', { at: 500 }),
        change('a', 'r2', { at: 300, field: 'mobile' }),
        change('a', 'r2', { at: 300, field: 'name' }),
      ]);
    });
    expect((await contactChanges(db, 'a')).map((c) => [c.at, c.field])).toEqual([
      [300, 'name'],
      [300, 'mobile'],
      [100, 'email'],
    ]);
    expect((await contactChanges(db, 'a')).every((c) => typeof c.seq === 'number')).toBe(true);
  });

  it('syncState reads the checkpoint, INITIAL_SYNC_STATE when none', async () => {
    expect(await syncState(db)).toEqual(INITIAL_SYNC_STATE);
    const state: SyncState = { ...INITIAL_SYNC_STATE, lastRunId: rid('r1') };
    await store.transact((tx) => tx.putState(state));
    expect(await syncState(db)).toEqual(state);
  });

  it('no query writes', async () => {
    await store.transact((tx) => tx.putContacts([contact('a')]));
    probe.reset();
    await Promise.all([
      allContacts(db),
      contactCount(db),
      firstRecords(db, 'contacts', 5),
      readInChunks(db, 'staff', 10, () => undefined),
      clientCount(db),
      clientById(db, lclid('x')),
      contactById(db, lcid('x')),
      allClients(db),
      allStaff(db),
      recentRuns(db),
      latestRun(db),
      runLogEntries(db, rid('r1'), 'rejection'),
      contactChanges(db, 'a'),
      syncState(db),
    ]);
    expect(probe.reads).toBeGreaterThan(0);
    expect(probe.writes).toBe(0);
  });

  it('works under liveQuery: the first-paint query re-runs when a sync commits', async () => {
    const seen: string[][] = [];
    const subscription = liveQuery(() => firstRecords(db, 'contacts', 2)).subscribe({
      next: (contacts: ContactRecord[]) => seen.push(contacts.map((c) => c.name)),
    });
    try {
      await expect.poll(() => seen.length).toBe(1);
      await store.transact((tx) => tx.putContacts([contact('z', { name: 'zed' }), contact('a', { name: 'Abe' })]));
      await expect.poll(() => seen.at(-1)).toEqual(['Abe', 'zed']);
      await store.transact((tx) => tx.putContacts([contact('b', { name: 'Aaron' })]));
      await expect.poll(() => seen.at(-1)).toEqual(['Aaron', 'Abe']);
    } finally {
      subscription.unsubscribe();
    }
    expect(seen[0]).toEqual([]);
  });
});
