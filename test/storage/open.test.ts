import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { AppDB, DB_VERSION } from '../../src/storage/db';
import { readSyncState } from '../../src/storage/kv';
import { APP_DB_OPTIONS, deleteAppDB, openAppDB } from '../../src/storage/open';
import * as queries from '../../src/storage/queries';
import { DexieSyncStore } from '../../src/storage/sync-store';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { client, contact, logEntry, run } from '../contracts/records';
import { freshDbName } from './support/dexie';
import { rid } from '../support/ids';

/** What a later release of the app would open: this version plus a hypothetical next one. */
class NextVersionDB extends AppDB {
  constructor(name: string) {
    super(name, APP_DB_OPTIONS);
    this.version(DB_VERSION + 1).stores({ staff: 'id, email, name' });
  }
}

/** A raw IndexedDB open, resolving to the connection (used to play an old or stubborn tab). */
function rawOpen(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function track(db: Dexie): void {
  cleanup.push(async () => {
    db.close();
    await Dexie.delete(db.name);
  });
}

describe('openAppDB', () => {
  it('opens the current version with every table', async () => {
    const db = await openAppDB(freshDbName());
    track(db);
    expect(db.isOpen()).toBe(true);
    expect(db.verno).toBe(DB_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'changes',
      'clientKeys',
      'clientSegments',
      'contactKeys',
      'contactSegments',
      'kv',
      'runBatchOutcomes',
      'runLogParts',
      'runs',
      'secrets',
      'sourceKeys',
      'sourceSegments',
      'staff',
    ]);
  });

  it('another tab upgrading: this connection closes and asks for a reload, and the upgrade is not blocked (DB-5)', async () => {
    const name = freshDbName();
    const onVersionChange = vi.fn();
    const onBlocked = vi.fn();
    const tabA = await openAppDB(name, { onVersionChange });
    track(tabA);
    await new DexieSyncStore(tabA).putRun(run('r1'));

    const tabB = new NextVersionDB(name);
    tabB.on('blocked', onBlocked);
    track(tabB);
    await tabB.open();

    expect(onVersionChange).toHaveBeenCalledExactlyOnceWith('upgrade');
    expect(onBlocked).not.toHaveBeenCalled();
    expect(tabA.isOpen()).toBe(false);
    expect(tabB.verno).toBe(DB_VERSION + 1);
    expect(await tabB.runs.get(rid('r1'))).toEqual(run('r1'));

    // Tab A's old code now fails fast instead of silently reopening an out-of-date schema.
    const error = await new DexieSyncStore(tabA).readState().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage/failed');
  });

  it('another tab deleting the database: this connection closes with reason "delete"', async () => {
    const name = freshDbName();
    const onVersionChange = vi.fn();
    const db = await openAppDB(name, { onVersionChange });
    track(db);

    await Dexie.delete(name);

    expect(onVersionChange).toHaveBeenCalledExactlyOnceWith('delete');
    expect(db.isOpen()).toBe(false);
  });

  it('reports being blocked by a tab that keeps an older version open, then opens once it closes', async () => {
    const name = freshDbName();
    const stubborn = await rawOpen(name, 5); // an older schema whose tab ignores versionchange
    const onBlocked = vi.fn(() => stubborn.close());

    const db = await openAppDB(name, { onBlocked });
    track(db);

    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(db.isOpen()).toBe(true);
  });

  it('refuses a database lacking the app tables (newer or foreign) with storage/failed, and a reset recovers', async () => {
    const name = freshDbName();
    const foreign = await rawOpen(name, 1_000); // installed version above ours, no tables
    foreign.close();
    cleanup.push(() => deleteAppDB(name));

    const error = await openAppDB(name).then(
      (db) => {
        db.close();
        return 'opened';
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage/failed');
    expect(String((error as AppError).cause)).toMatch(/lacks object stores: staff, changes/);

    await deleteAppDB(name);
    const db = await openAppDB(name);
    expect(await readSyncState(db)).toEqual(INITIAL_SYNC_STATE);
    db.close();
  });
});

describe('a wiped store (DB-6)', () => {
  it('after the database is deleted, reopening gives a usable, empty first-run store', async () => {
    const name = freshDbName();
    const first = await openAppDB(name);
    const store = new DexieSyncStore(first);
    await store.transact(async (tx) => {
      await tx.putContacts([contact('a')]);
      await tx.putClients([client('x1')]);
      await tx.addLog([logEntry('r1', 1)]);
      await tx.putRun(run('r1'));
      await tx.putState({ ...INITIAL_SYNC_STATE, watermark: '2026-01-05T09:00:00Z' });
    });
    first.close();
    await Dexie.delete(name); // Safari's 7-day eviction, or "clear site data"

    const db = await openAppDB(name);
    track(db);
    expect(await readSyncState(db)).toEqual(INITIAL_SYNC_STATE);
    expect(await queries.syncState(db)).toEqual(INITIAL_SYNC_STATE);
    expect(await queries.allContacts(db)).toEqual([]);
    expect(await queries.firstRecords(db, 'contacts', 100)).toEqual([]);
    expect(await queries.contactCount(db)).toBe(0);
    expect(await queries.allClients(db)).toEqual([]);
    expect(await queries.allStaff(db)).toEqual([]);
    expect(await queries.recentRuns(db)).toEqual([]);
    expect(await queries.latestRun(db)).toBeUndefined();
    expect(await queries.runLogEntries(db, rid('r1'))).toEqual([]);
    expect(await queries.contactChanges(db, 'a')).toEqual([]);

    const fresh = new DexieSyncStore(db);
    await fresh.transact((tx) => tx.putContacts([contact('b')]));
    expect(await queries.contactCount(db)).toBe(1);
  });
});
