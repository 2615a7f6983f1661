import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../src/storage/db';
import { NO_COOLDOWN } from '../../src/domain/schedule';
import {
  readConnection,
  readCooldown,
  readSettings,
  writeConnection,
  writeCooldown,
  writeKv,
  writeSettings,
} from '../../src/storage/kv';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { NO_CONNECTION, type ConnectionInfo } from '../../src/domain/connection';
import { tid } from '../support/ids';

let db: AppDB;
let n = 0;
afterEach(async () => {
  db.close();
  await AppDB.delete(db.name);
});
const open = () => (db = new AppDB(`kv-app-state-${++n}`));

describe('app-state accessors', () => {
  it('round-trip connection, cooldown and settings', async () => {
    open();
    const connection: ConnectionInfo = {
      status: 'connected',
      tenantId: tid('t'),
      connectionId: 'c',
      practiceName: 'Harbourside',
      name: 'Main',
      connectedAt: 5,
      firstSyncStarted: false,
      reason: null,
    };
    await writeConnection(db, connection);
    await writeCooldown(db, { manualRunStartedAt: 42 });
    await writeSettings(db, { ...DEFAULT_SETTINGS, defaultCountry: 'NZ', includeArchived: true });
    expect(await readConnection(db)).toEqual(connection);
    expect(await readCooldown(db)).toEqual({ manualRunStartedAt: 42 });
    expect(await readSettings(db)).toMatchObject({ defaultCountry: 'NZ', includeArchived: true });
  });

  it('fall back to defaults for missing or malformed values', async () => {
    open();
    expect(await readConnection(db)).toEqual(NO_CONNECTION);
    expect(await readCooldown(db)).toEqual(NO_COOLDOWN);
    expect(await readSettings(db)).toEqual(DEFAULT_SETTINGS);
    await writeKv(db, 'connection', { status: 'hacked' });
    await writeKv(db, 'cooldown', { manualRunStartedAt: Number.NaN });
    await writeKv(db, 'settings', 'not settings');
    expect(await readConnection(db)).toEqual(NO_CONNECTION);
    expect(await readCooldown(db)).toEqual(NO_COOLDOWN);
    expect(await readSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('keep every valid settings field when another is invalid, missing or unknown', async () => {
    open();
    await writeKv(db, 'settings', {
      defaultCountry: 'australia',
      includeArchived: true,
      rescueNumbers: 'yes',
      futureOption: 3,
    });
    expect(await readSettings(db)).toEqual({ ...DEFAULT_SETTINGS, includeArchived: true });
  });
});
