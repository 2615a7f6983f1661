import 'fake-indexeddb/auto';
/**
 * An open connection meeting a newer schema from another tab (DB-5): it closes at once, so the other
 * tab's upgrade is not blocked, says so to whoever listens (a running sync stops), and from then on
 * every use is refused with 'storage/version-changed' and a message asking to reload.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/domain/errors';
import { DB_VERSION } from '../../src/storage/db';
import { assertNotVersionChanged, openAppDB, whenVersionChanges } from '../../src/storage/open';
import { freshDbName } from './support/dexie';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Opens the database at a higher version, as a newer app in another tab would; resolves when it is open. */
function upgradeElsewhere(name: string): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const open = indexedDB.open(name, (DB_VERSION + 1) * 10);
    open.onblocked = () => {
      blocked = true;
    };
    open.onupgradeneeded = () => open.result.createObjectStore('addedByANewerVersion');
    open.onsuccess = () => {
      open.result.close();
      resolve({ blocked });
    };
    open.onerror = () => reject(open.error);
  });
}

describe('another tab upgrades the database', () => {
  it('this connection closes at once, tells its listeners, and refuses every later use with storage/version-changed', async () => {
    const name = freshDbName();
    names.push(name);
    const reasons: string[] = [];
    const db = await openAppDB(name, { onVersionChange: (reason) => reasons.push(reason) });
    const heard: AppError[] = [];
    whenVersionChanges(db, (error) => heard.push(error));
    expect(() => assertNotVersionChanged(db)).not.toThrow();

    expect(await upgradeElsewhere(name)).toEqual({ blocked: false });
    expect(reasons).toEqual(['upgrade']);
    expect(heard.map((e) => e.code)).toEqual(['storage/version-changed']);
    expect(() => assertNotVersionChanged(db)).toThrow(/This tab stopped syncing; reload it/);
    try {
      assertNotVersionChanged(db);
    } catch (error) {
      expect((error as AppError).code).toBe('storage/version-changed');
    }
  });

  it('a reset (delete) in another tab is reported as such', async () => {
    const name = freshDbName();
    names.push(name);
    const db = await openAppDB(name);
    await Dexie.delete(name);
    expect(() => assertNotVersionChanged(db)).toThrow(/reset in another tab/);
  });
});
