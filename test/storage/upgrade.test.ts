/**
 * The schema upgrade from the shipped version 1 (one row per contact, client and run-log finding) to
 * segments: a database written exactly as version 1 wrote it opens with every record, every run's log
 * in order, and the same answers from every query; the first sync afterwards works on it.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION } from '../../src/storage/db';
import { openAppDB } from '../../src/storage/open';
import * as queries from '../../src/storage/queries';
import { DexieSyncStore } from '../../src/storage/sync-store';
import { readSyncState } from '../../src/storage/kv';
import { client, contact, logEntry, run, staff } from '../contracts/records';
import type { RunLogEntry } from '../../src/domain/runs';
import type { FixEntry } from '../../src/domain/fix-list';
import { explainIssue } from '../../src/domain/wording/findings';
import { fixListEntries } from '../../src/storage/fix-list-queries';
import { readKv } from '../../src/storage/kv';
import { freshDbName } from './support/dexie';
import { lclid, lcid, rid, skey, xcid } from '../support/ids';
import { storedClients, storedContacts } from './support/records';
import { idsAt } from '../../src/sync/session/key-index';

/** The version 1 schema exactly as the first release declared it. */
class ShippedVersion1 extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores({
      contacts: 'id, identityKey, *sourceKeys, name',
      clients: 'id, &xpmId, codeKey, legalName',
      staff: 'id, email',
      changes: '++seq, contactId, runId',
      runLog: '[runId+seq], runId',
      runs: 'id, startedAt',
      kv: 'key',
      secrets: 'key',
    });
  }
}

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A log entry or fix-list entry as versions 1–3 stored it: English words instead of facts. */
function asWordedBefore4<T extends RunLogEntry | FixEntry>(entry: T) {
  const { wording: _facts, ...rest } = entry;
  const n = 'seq' in entry ? entry.seq : 0;
  return { ...rest, message: `Words of finding ${n}.`, suggestion: `Fix ${n} in XPM.` };
}

/** 250 contacts and 230 clients (several segments each), two runs' logs, staff, state and a secret. */
async function writeVersion1(name: string) {
  const v1 = new ShippedVersion1(name);
  const contacts = Array.from({ length: 250 }, (_, i) =>
    contact(`c${String(i).padStart(3, '0')}`, { sourceKeys: [skey(`c:c${i}`)], name: `Person ${i}` }),
  );
  const clients = Array.from({ length: 230 }, (_, i) => client(`k${String(i).padStart(3, '0')}`));
  const log = [
    ...Array.from({ length: 700 }, (_, i) => logEntry('r1', i + 1)),
    logEntry('r2', 1, { kind: 'skip', code: 'client-deleted' }),
  ].map(asWordedBefore4);
  await v1.table('contacts').bulkPut(contacts);
  await v1.table('clients').bulkPut(clients);
  await v1.table('runLog').bulkPut(log.slice().reverse());
  await v1.table('staff').bulkPut([staff('s1')]);
  await v1.table('runs').bulkPut([run('r1', { status: 'succeeded' }), run('r2', { status: 'succeeded' })]);
  await v1.table('kv').put({
    key: 'syncState',
    value: {
      watermark: '2026-01-05T09:00:00.000Z',
      lastSuccessAt: 1,
      lastFullSuccessAt: 1,
      lastRunId: 'r2',
      pausedUntil: null,
    },
  });
  await v1.table('secrets').put({ key: 'grant', value: { v: 1 } });
  v1.close();
  return { contacts, clients, log };
}

describe('schema upgrade from the shipped version 1', () => {
  it('keeps every record, every run log in order, state, staff and secrets, and answers queries the same', async () => {
    const name = freshDbName();
    names.push(name);
    const shipped = await writeVersion1(name);

    const db = await openAppDB(name);
    expect(db.verno).toBe(DB_VERSION);
    expect(db.tables.map((t) => t.name)).not.toContain('contacts');

    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);
    expect((await storedContacts(db)).sort(byId)).toEqual(shipped.contacts.sort(byId));
    expect((await storedClients(db)).sort(byId)).toEqual(shipped.clients.sort(byId));
    expect(await db.contactSegments.count()).toBe(3);
    expect(await queries.contactCount(db)).toBe(250);
    expect(await queries.clientCount(db)).toBe(230);
    expect(await queries.contactById(db, lcid('c123'))).toEqual(shipped.contacts.find((c) => c.id === 'c123'));
    expect(await queries.clientById(db, lclid('k229'))).toEqual(shipped.clients.find((c) => c.id === 'k229'));
    expect((await queries.runLogEntries(db, rid('r1'))).map((e) => e.seq)).toEqual(
      Array.from({ length: 700 }, (_, i) => i + 1),
    );
    expect(await queries.runLogEntries(db, rid('r2'), 'skip')).toHaveLength(1);
    // Version 1 stored words: they are kept as words and shown as written.
    const [first] = await queries.runLogEntries(db, rid('r1'));
    expect(first?.wording).toEqual({
      from: 'stored-words',
      message: 'Words of finding 1.',
      suggestion: 'Fix 1 in XPM.',
    });
    expect(first).not.toHaveProperty('message');
    expect((await readSyncState(db)).lastRunId).toBe('r2');
    expect(await queries.allStaff(db)).toHaveLength(1);
    expect((await db.secrets.get('grant'))?.value).toEqual({ v: 1 });

    // The engine finds the upgraded records through the key index, and writes to them work.
    const store = new DexieSyncStore(db);
    const index = await store.loadKeyIndex();
    expect(idsAt(index.contactsBySource, skey('c:c7'))).toEqual(['c007']);
    expect(idsAt(index.clientsByXpmId, xcid('k005'))).toEqual(['k005']);
    await store.transact((tx) => tx.putContacts([contact('c007', { name: 'Renamed' })]));
    expect((await queries.contactById(db, lcid('c007')))?.name).toBe('Renamed');
    expect(await queries.contactCount(db)).toBe(250);
    db.close();
  });
});

/** The version 3 schema exactly as it shipped (tables only: the data is written in its layout). */
class ShippedVersion3 extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(3).stores({
      contactSegments: 'id',
      contactKeys: 'id',
      clientSegments: 'id',
      clientKeys: 'id',
      sourceSegments: 'id',
      sourceKeys: 'id',
      staff: 'id, email',
      changes: '++seq, contactId, runId',
      runLogParts: '[runId+part], runId',
      runBatchOutcomes: '[runId+batch], runId',
      runs: 'id, startedAt',
      kv: 'key',
      secrets: 'key',
    });
  }
}

describe('schema upgrade from version 3: findings stored as words', () => {
  it('keeps every log and fix-list entry, as the words it had; clears the fingerprints so the next run stores facts', async () => {
    const name = freshDbName();
    names.push(name);
    const v3 = new ShippedVersion3(name);
    const log = Array.from({ length: 1_200 }, (_, i) => asWordedBefore4(logEntry('r1', i + 1)));
    await v3.table('runLogParts').bulkPut([
      { runId: 'r1', part: 0, entries: log.slice(0, 600) },
      { runId: 'r1', part: 1, entries: log.slice(600) },
    ]);
    const fix = (client: string, seq: number) => {
      const { runId: _r, seq: _s, at, ...issue } = logEntry('r1', seq, { clientId: xcid(client) });
      return asWordedBefore4({ ...issue, firstSeenAt: at, lastSeenAt: at, lastRunId: rid('r1') });
    };
    const states = Array.from({ length: 300 }, (_, i) => ({
      clientId: xcid(`k${i}`),
      hash: `hash-${i}`,
      findings: [fix(`k${i}`, 1), fix(`k${i}`, 2)],
      counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: 2, contactsSkipped: 0 },
      imported: [],
    }));
    await v3.table('sourceSegments').bulkPut([
      { id: 1, records: states.slice(0, 150) },
      { id: 2, records: states.slice(150) },
    ]);
    await v3.table('sourceKeys').bulkPut([
      {
        id: 1,
        entries: states
          .slice(0, 150)
          .map(({ clientId, hash, counts, imported }) => ({ clientId, hash, counts, imported })),
      },
      {
        id: 2,
        entries: states
          .slice(150)
          .map(({ clientId, hash, counts, imported }) => ({ clientId, hash, counts, imported })),
      },
    ]);
    await v3.table('kv').bulkPut([
      { key: 'unattributedFindings', value: [fix('', 9)] },
      { key: 'storeGeneration', value: 5 },
    ]);
    await v3.table('runs').put(run('r1', { status: 'succeeded' }));
    v3.close();

    const db = await openAppDB(name);
    expect(db.verno).toBe(DB_VERSION);
    const entries = await queries.runLogEntries(db, rid('r1'));
    expect(entries).toHaveLength(1_200);
    expect(entries.map((e) => explainIssue(e))).toEqual(
      log.map((e) => ({ message: e.message, suggestion: e.suggestion })),
    );
    expect(entries.every((e) => !('message' in e) && !('suggestion' in e))).toBe(true);

    const fixList = await fixListEntries(db);
    expect(fixList).toHaveLength(601);
    expect(fixList.every((e) => e.wording.from === 'stored-words')).toBe(true);
    expect(explainIssue(fixList[600] as FixEntry)).toEqual({
      message: 'Words of finding 0.',
      suggestion: 'Fix 0 in XPM.',
    });
    const stored = (await db.sourceSegments.toArray()).flatMap((row) => row.records);
    expect(stored.map((s) => s.hash)).toEqual(states.map(() => null));
    const keys = (await db.sourceKeys.toArray()).flatMap((row) => row.entries);
    expect(keys.map((k) => k.hash)).toEqual(states.map(() => null));
    expect(await readKv(db, 'storeGeneration', 0, (v): v is number => typeof v === 'number')).toBe(6);

    db.close();
  });
});
