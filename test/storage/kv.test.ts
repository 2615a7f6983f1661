import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDB } from '../../src/storage/db';
import { isKvKey, isSyncState, KV_KEYS, readKv, readSyncState, writeKv, writeSyncState } from '../../src/storage/kv';
import { openAppDB } from '../../src/storage/open';
import { DexieSyncStore } from '../../src/storage/sync-store';
import type { SyncState } from '../../src/domain/sync-state';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { destroy, freshDbName } from './support/dexie';
import { rid } from '../support/ids';

const VALID: SyncState = {
  watermark: '2026-01-05T09:00:00Z',
  lastSuccessAt: 1_767_603_600_000,
  lastFullSuccessAt: null,
  lastRunId: rid('run-7'),
  pausedUntil: 1_767_700_000_000,
};

describe('kv', () => {
  let db: AppDB;

  beforeEach(async () => {
    db = await openAppDB(freshDbName());
  });

  afterEach(async () => {
    await destroy(db);
  });

  it('has a closed list of keys', () => {
    expect(KV_KEYS).toEqual([
      'syncState',
      'settings',
      'connection',
      'cooldown',
      'schedule',
      'storeGeneration',
      'unattributedFindings',
      'listHeads',
      'outstandingCounts',
      'failureNotice',
    ]);
    expect(isKvKey('settings')).toBe(true);
    expect(isKvKey('Settings')).toBe(false);
    expect(isKvKey(undefined)).toBe(false);
  });

  it('readSyncState of an empty store is INITIAL_SYNC_STATE', async () => {
    expect(await readSyncState(db)).toEqual(INITIAL_SYNC_STATE);
  });

  it('round-trips a valid sync state', async () => {
    await writeSyncState(db, VALID);
    expect(await readSyncState(db)).toEqual(VALID);
  });

  const garbage: readonly [string, unknown][] = [
    ['a string', 'corrupt'],
    ['null', null],
    ['an array', [VALID]],
    ['a number', 42],
    [
      'an older shape missing pausedUntil',
      { watermark: null, lastSuccessAt: null, lastFullSuccessAt: null, lastRunId: null },
    ],
    ['a number as a string', { ...VALID, lastSuccessAt: '1767603600000' }],
    ['NaN', { ...VALID, lastSuccessAt: Number.NaN }],
    ['Infinity', { ...VALID, pausedUntil: Number.POSITIVE_INFINITY }],
    ['an unparseable watermark', { ...VALID, watermark: 'yesterday-ish' }],
    ['a numeric run id', { ...VALID, lastRunId: 7 }],
    ['a numeric unfinished Resync All', { ...VALID, unfinishedFullRun: 7 }],
  ];

  for (const [label, value] of garbage) {
    it(`garbage under 'syncState' (${label}) reads as INITIAL_SYNC_STATE, in the store too`, async () => {
      await db.kv.put({ key: 'syncState', value });
      expect(await readSyncState(db)).toEqual(INITIAL_SYNC_STATE);

      const store = new DexieSyncStore(db);
      expect(await store.readState()).toEqual(INITIAL_SYNC_STATE);
      expect(await store.transact((tx) => tx.getState())).toEqual(INITIAL_SYNC_STATE);
    });
  }

  it('readKv gives the fallback for a missing key or a value its guard rejects', async () => {
    interface Settings {
      readonly theme: 'light' | 'dark';
    }
    const isSettings = (value: unknown): value is Settings =>
      typeof value === 'object' &&
      value !== null &&
      ['light', 'dark'].includes((value as { theme?: unknown }).theme as string);
    const fallback: Settings = { theme: 'light' };

    expect(await readKv(db, 'settings', fallback, isSettings)).toBe(fallback);
    await writeKv<Settings>(db, 'settings', { theme: 'dark' });
    expect(await readKv(db, 'settings', fallback, isSettings)).toEqual({ theme: 'dark' });
    await db.kv.put({ key: 'settings', value: { theme: 'neon' } });
    expect(await readKv(db, 'settings', fallback, isSettings)).toBe(fallback);
  });

  it('isSyncState accepts extra fields written by a newer version', () => {
    expect(isSyncState({ ...VALID, somethingNew: true })).toBe(true);
  });

  it('keeps the Resync All a partly applied run left unfinished (M8); states without it stay valid', async () => {
    const unfinished: SyncState = { ...VALID, unfinishedFullRun: rid('run-7') };
    await writeSyncState(db, unfinished);
    expect(await readSyncState(db)).toEqual(unfinished);
    expect(isSyncState({ ...VALID, unfinishedFullRun: null })).toBe(true);
    expect(isSyncState(VALID)).toBe(true);
  });
});
