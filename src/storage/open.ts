/**
 * Opens the app's IndexedDB database with the options every connection must use, and wires the
 * multi-tab schema-upgrade events to the caller (DB-5).
 */
import Dexie, { type DexieOptions } from 'dexie';
import { AppError } from '../domain/errors';
import { AppDB, DB_NAME } from './db';
import { withStorageErrors } from './storage-errors';

/**
 * Dexie offers durability only per database (`chromeTransactionDurability`, passed to every
 * IDBTransaction it creates), not per transaction. DB-4 wants strict durability for every
 * transaction that moves the sync checkpoint, and almost every write this app makes is one of
 * those sync batches, so the whole database uses 'strict'.
 *
 * Cost: with 'strict', the browser asks the OS to flush to disk before firing `complete` (Chromium's
 * default has been 'relaxed' since Chrome 121), so every read-write transaction pays one disk
 * flush: typically milliseconds, more on slow disks. The sync engine commits once per batch, and run
 * heartbeats and settings writes are seconds apart, so the total stays small. Browsers that ignore
 * the hint are unaffected. Read-only transactions (everything the UI does) carry no durability and
 * pay nothing. Measured in headless Chromium in the dev container: no difference between 'strict'
 * and 'relaxed' (5,000 contacts + 2,000 clients in one transaction: 0.7-1.0 s with either; 100
 * one-row transactions: 70-93 ms with either), but that disk makes flushes cheap.
 */
export const APP_DB_OPTIONS = {
  chromeTransactionDurability: 'strict',
} as const satisfies DexieOptions;

export type VersionChangeReason = 'upgrade' | 'delete';

/** Connections another tab's upgrade or delete closed, with why (read by `assertNotVersionChanged`). */
const versionChanged = new WeakMap<AppDB, VersionChangeReason>();
/** Who to tell, per connection, when another tab's upgrade or delete closes it. */
const versionChangeListeners = new WeakMap<AppDB, Array<(error: AppError) => void>>();

/** Why this tab stopped: its code no longer matches the stored data (DB-5). */
export function versionChangedError(reason: VersionChangeReason): AppError {
  return new AppError(
    'storage/version-changed',
    reason === 'upgrade'
      ? 'A newer version of this app, open in another tab, upgraded the local data. This tab stopped syncing; reload it to use the new version.'
      : 'The local data was reset in another tab. This tab stopped syncing; reload it to start again.',
  );
}

/**
 * Refuses to go on with a connection another tab's upgrade (or reset) closed: this tab's code no
 * longer matches the stored data, so it must not sync (DB-5). Every worker call checks this first.
 */
export function assertNotVersionChanged(db: AppDB): void {
  const reason = versionChanged.get(db);
  if (reason !== undefined) throw versionChangedError(reason);
}

/** Calls `listener` (once) when another tab's upgrade or delete closes `db`, e.g. to stop a running sync. */
export function whenVersionChanges(db: AppDB, listener: (error: AppError) => void): void {
  versionChangeListeners.set(db, [...(versionChangeListeners.get(db) ?? []), listener]);
}

export interface OpenAppDBHandlers {
  /**
   * Another tab is upgrading or deleting the database. This connection is already closed when this
   * runs; stop the scheduler and ask the user to reload (or reload when idle).
   */
  readonly onVersionChange?: (reason: VersionChangeReason) => void;
  /** Opening this version waits for another tab that still holds an older version open. */
  readonly onBlocked?: () => void;
}

/** Opens (creating or upgrading as needed) the app database. */
export async function openAppDB(name: string = DB_NAME, handlers: OpenAppDBHandlers = {}): Promise<AppDB> {
  const db = new AppDB(name, APP_DB_OPTIONS);
  db.on('versionchange', (event) => {
    // close() also disables Dexie's auto-reopen, so this tab's old code fails fast with
    // DatabaseClosedError instead of reopening an out-of-date schema behind the user's back.
    db.close();
    const reason = event.newVersion === null || event.newVersion === 0 ? 'delete' : 'upgrade';
    versionChanged.set(db, reason);
    for (const listener of versionChangeListeners.get(db) ?? []) listener(versionChangedError(reason));
    handlers.onVersionChange?.(reason);
    // false stops Dexie's default handler, which would log a warning and leave auto-reopen on.
    return false;
  });
  db.on('blocked', () => {
    handlers.onBlocked?.();
  });
  await withStorageErrors('open the local database', () => db.open());
  // Dexie 4 opens a database whose installed version is newer than ours (a rolled-back app, a
  // foreign or damaged database) even when our tables are missing from it; every later call would
  // then fail. Say so once, here, so the app can offer to reset local data (DB-6).
  const missing = db.tables
    .map((table) => table.name)
    .filter((table) => !db.backendDB().objectStoreNames.contains(table));
  if (missing.length > 0) {
    db.close();
    throw new AppError(
      'storage/failed',
      'The local database on this device was made by a different version of the app and cannot be used. ' +
        'Reset local data to start again; the next sync downloads contacts and clients again.',
      {},
      { cause: new Error(`IndexedDB database "${name}" lacks object stores: ${missing.join(', ')}`) },
    );
  }
  return db;
}

/** Deletes the app database (reset local data): the next open is a first run. */
export async function deleteAppDB(name: string = DB_NAME): Promise<void> {
  await withStorageErrors('delete the local database', () => Dexie.delete(name));
}
