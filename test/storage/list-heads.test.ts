import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDB } from '../../src/storage/db';
import type { ClientRecord, ContactRecord } from '../../src/domain/records';
import type { FixEntry, SourceState } from '../../src/domain/fix-list';
import { DexieSyncStore } from '../../src/storage/sync-store';
import {
  clientSortKey,
  contactSortKey,
  currentListHeads,
  headOf,
  LIST_HEAD_ROWS,
  type ListHeads,
  refreshListHeads,
} from '../../src/storage/list-heads';
import { applyHeadChanges, HEAD_CACHE_ROWS, type CachedHead } from '../../src/storage/list-head-cache';
import { currentOutstandingCounts } from '../../src/storage/outstanding-counts';
import { outstandingByReason } from '../../src/storage/fix-list-queries';
import { bumpStoreGeneration } from '../../src/storage/store-generation';
import { client, contact, logEntry } from '../contracts/records';
import { destroy, freshDbName } from './support/dexie';
import { openProbedDB, type StorageProbe } from './support/probe';
import { lcid, rid, xcid } from '../support/ids';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const WORDS = ['ann', 'Bea', 'cal', 'Dee', 'eli', 'Fay', 'gus', 'Hal', 'ivy', 'Jo', 'kai', 'Lu'];

function name(next: () => number): string {
  const word = () => WORDS[Math.floor(next() * WORDS.length)] ?? 'x';
  return `${word()} ${word()} ${Math.floor(next() * 1000)}`;
}

/** The heads as a rebuild from every keys row finds them (what the page fell back to before). */
async function rebuilt(db: AppDB): Promise<Omit<ListHeads, 'generation'>> {
  return db.transaction('r', [db.contactKeys, db.contactSegments, db.clientKeys, db.clientSegments], async () => {
    const contacts = await headOf(db.contactKeys, db.contactSegments, contactSortKey, LIST_HEAD_ROWS);
    const clients = await headOf(db.clientKeys, db.clientSegments, clientSortKey, LIST_HEAD_ROWS);
    return {
      contacts: contacts.records,
      clients: clients.records,
      contactCount: contacts.count,
      clientCount: clients.count,
    };
  });
}

function sourceState(id: string, findings: readonly FixEntry[]): SourceState {
  return {
    clientId: xcid(id),
    hash: `h-${id}`,
    findings,
    counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: findings.length, contactsSkipped: 0 },
    imported: [],
  };
}

function finding(seq: number, code: 'email-invalid' | 'name-missing'): FixEntry {
  return {
    ...logEntry('run-1', seq, { code, kind: 'rejection' }),
    firstSeenAt: 0,
    lastSeenAt: 0,
    lastRunId: rid('run-1'),
  };
}

describe('list heads kept by the sync store', () => {
  let db: AppDB;
  let probe: StorageProbe;

  beforeEach(async () => {
    ({ db, probe } = await openProbedDB(freshDbName()));
  });

  afterEach(async () => {
    await destroy(db);
  });

  it('every transaction that changes records leaves current heads, equal to a rebuild from the keys rows', async () => {
    const next = random(7);
    let store = new DexieSyncStore(db);
    const contacts = new Map<string, ContactRecord>();
    const clients = new Map<string, ClientRecord>();
    let serial = 0;
    const newContact = () => {
      const id = `c${String(serial++).padStart(5, '0')}`;
      return contact(id, { name: name(next), email: `${id}@x.com` });
    };
    const newClient = () => {
      const id = `k${String(serial++).padStart(5, '0')}`;
      return client(id, { legalName: name(next), xpmId: xcid(`x-${id}`) });
    };
    for (let step = 0; step < 12; step++) {
      const puts: ContactRecord[] = [];
      const clientPuts: ClientRecord[] = [];
      const deletes: string[] = [];
      // Batches like a sync's: new records, renames (of the first rows too), removals.
      for (let i = 0; i < (step === 0 ? 400 : 60); i++) puts.push(newContact());
      for (let i = 0; i < (step === 0 ? 150 : 20); i++) clientPuts.push(newClient());
      const known = [...contacts.values()];
      const firstRows = (await currentListHeads(db))?.contacts ?? [];
      for (const record of [...known.slice(0, 15), ...firstRows.slice(0, 10)]) {
        const renamed = next() < 0.5 ? `aaa ${name(next)}` : `zzz ${name(next)}`;
        puts.push(contact(record.id, { name: renamed, email: record.email }));
      }
      for (const record of [...firstRows.slice(10, 18), ...known.slice(40, 45)]) deletes.push(record.id);
      const knownClients = [...clients.values()];
      for (const record of knownClients.slice(0, 8)) clientPuts.push({ ...record, legalName: `AAA ${name(next)}` });
      const unique = [...new Map(puts.map((r) => [r.id, r])).values()].filter((r) => !deletes.includes(r.id));
      await store.transact(async (tx) => {
        await tx.putContacts(unique);
        await tx.putClients(clientPuts);
        await tx.deleteContacts([...new Set(deletes)].map(lcid));
      });
      for (const record of unique) contacts.set(record.id, record);
      for (const id of deletes) contacts.delete(id);
      for (const record of clientPuts) clients.set(record.id, record);

      const kept = await currentListHeads(db);
      expect(kept, `heads after step ${step}`).not.toBeNull();
      const { generation: _generation, ...stored } = kept as ListHeads;
      expect(stored).toEqual(await rebuilt(db));
      expect(stored.contactCount).toBe(contacts.size);
      expect(stored.clientCount).toBe(clients.size);
      // Now and then a new worker: it picks the kept heads up from the store.
      if (step % 4 === 3) store = new DexieSyncStore(db);
    }
    expect(clients.size).toBeGreaterThan(LIST_HEAD_ROWS);
  });

  it('a rebuild after the run finds the heads current and writes nothing', async () => {
    const store = new DexieSyncStore(db);
    await store.transact((tx) => tx.putContacts([contact('a'), contact('b')]));
    probe.reset();
    await refreshListHeads(db);
    expect(probe.writes).toBe(0);
  });

  it('a rebuild reads without holding the lists: a page’s read meanwhile is not queued behind it', async () => {
    const store = new DexieSyncStore(db);
    const many: ContactRecord[] = [];
    for (let i = 0; i < 3_000; i++)
      many.push(contact(`id-${String(i).padStart(5, '0')}`, { name: `P ${(i * 7) % 3000}` }));
    await store.transact((tx) => tx.putContacts(many));
    // Another writer (a local change elsewhere, an older app version) leaves the heads stale.
    await db.transaction('rw', db.kv, () => bumpStoreGeneration(db));
    expect(await currentListHeads(db)).toBeNull();

    const order: string[] = [];
    const rebuild = refreshListHeads(db).then(() => order.push('rebuild'));
    const pageRead = Promise.all([db.kv.get('settings'), db.contactSegments.get(1)]).then(() =>
      order.push('page read'),
    );
    await Promise.all([rebuild, pageRead]);
    expect(order).toEqual(['page read', 'rebuild']);
    expect((await currentListHeads(db))?.contacts[0]?.name).toBe('P 0');
  });

  it('a rebuild that another writer overtakes leaves its heads unwritten', async () => {
    const store = new DexieSyncStore(db);
    await store.transact((tx) => tx.putContacts([contact('a')]));
    await db.transaction('rw', db.kv, () => bumpStoreGeneration(db));
    const rebuild = refreshListHeads(db);
    await db.transaction('rw', db.kv, () => bumpStoreGeneration(db));
    await rebuild;
    expect(await currentListHeads(db)).toBeNull();
  });
});

describe('the cached first rows of one list', () => {
  const order = { sortKey: (r: { sort: string }) => r.sort, idOf: (r: { id: string }) => r.id };
  const row = (id: string, sort: string) => ({ id, sort });
  const head = (ids: number, whole: boolean, count: number): CachedHead<{ id: string; sort: string }> => ({
    entries: Array.from({ length: ids }, (_, i) => {
      const r = row(`r${String(i).padStart(4, '0')}`, `s${String(i).padStart(4, '0')}`);
      return { sort: r.sort, id: r.id, record: r };
    }),
    whole,
    count,
  });

  it('keeps a record that sorts after the last cached row out, and one at or before it in', () => {
    const before = head(LIST_HEAD_ROWS, false, 1_000);
    const last = before.entries[LIST_HEAD_ROWS - 1];
    const after = applyHeadChanges(
      before,
      [
        { before: undefined, after: row('late', 'zzz') },
        { before: undefined, after: row('early', 'a') },
        ...(last ? [{ before: last.record, after: { ...last.record } }] : []),
      ],
      order,
    );
    expect(after?.entries.map((e) => e.id)).toContain('early');
    expect(after?.entries.map((e) => e.id)).toContain(last?.id);
    expect(after?.entries.map((e) => e.id)).not.toContain('late');
    expect(after?.count).toBe(1_002);
  });

  it('gives up (null) when removals leave fewer known rows than the page needs', () => {
    const before = head(LIST_HEAD_ROWS, false, 1_000);
    const removed = before.entries.slice(0, 1).map((e) => ({ before: e.record, after: null }));
    expect(applyHeadChanges(before, removed, order)).toBeNull();
  });

  it('stays whole while the list is short, and keeps at most HEAD_CACHE_ROWS', () => {
    const small = applyHeadChanges(head(0, true, 0), [{ before: undefined, after: row('x', 'x') }], order);
    expect(small).toMatchObject({ whole: true, count: 1 });
    const adds = Array.from({ length: HEAD_CACHE_ROWS + 5 }, (_, i) => ({
      before: undefined,
      after: row(`n${i}`, `n${String(i).padStart(4, '0')}`),
    }));
    const big = applyHeadChanges(head(0, true, 0), adds, order);
    expect(big).toMatchObject({ whole: false, count: HEAD_CACHE_ROWS + 5 });
    expect(big?.entries).toHaveLength(HEAD_CACHE_ROWS);
  });
});

describe('fix-list totals kept by the sync store', () => {
  let db: AppDB;

  beforeEach(async () => {
    ({ db } = await openProbedDB(freshDbName()));
  });

  afterEach(async () => {
    await destroy(db);
  });

  /** The count from the keys rows, as the Sync page made it before the totals were kept. */
  async function countedFromKeys(): Promise<unknown> {
    await db.kv.delete('outstandingCounts');
    return outstandingByReason(db);
  }

  it('are current after each transaction that changes the fix-list, and equal the count from the keys rows', async () => {
    let store = new DexieSyncStore(db);
    await store.transact(async (tx) => {
      await tx.putSourceStates([
        sourceState('a', [finding(1, 'email-invalid'), finding(2, 'name-missing')]),
        sourceState('b', [finding(3, 'email-invalid')]),
        sourceState('c', []),
      ]);
      await tx.replaceUnattributedFindings([finding(4, 'name-missing')]);
    });
    const first = await currentOutstandingCounts(db);
    expect(first).toEqual({ 'rejection:email-invalid': 2, 'rejection:name-missing': 2 });
    expect(await outstandingByReason(db)).toEqual(first);

    // A new worker; a client fixed, another removed, the unattributed findings gone.
    store = new DexieSyncStore(db);
    await store.transact(async (tx) => {
      await tx.putSourceStates([sourceState('a', [finding(1, 'email-invalid')])]);
      await tx.deleteSourceStates([xcid('b')]);
      await tx.replaceUnattributedFindings([]);
    });
    const second = await currentOutstandingCounts(db);
    expect(second).toEqual({ 'rejection:email-invalid': 1 });
    expect(await countedFromKeys()).toEqual(second);
  });

  it('stay right when another tab replaced only the unattributed findings (no record changed, no new generation)', async () => {
    const tabA = new DexieSyncStore(db);
    await tabA.transact(async (tx) => {
      await tx.putSourceStates([sourceState('a', [finding(1, 'email-invalid')])]);
      await tx.replaceUnattributedFindings([finding(2, 'name-missing')]);
    });
    // Tab B's run ends having fixed the staff member's finding: only the unattributed findings change.
    const tabB = new DexieSyncStore(db);
    await tabB.transact((tx) => tx.replaceUnattributedFindings([]));
    // Tab A's next batch changes a source state but not the unattributed findings.
    await tabA.transact((tx) => tx.putSourceStates([sourceState('c', [finding(3, 'email-invalid')])]));
    const kept = await currentOutstandingCounts(db);
    expect(kept).toEqual({ 'rejection:email-invalid': 2 });
    expect(await countedFromKeys()).toEqual(kept);
  });

  it('stay current after a transaction that changes only contacts (a new generation)', async () => {
    const store = new DexieSyncStore(db);
    await store.transact((tx) => tx.putSourceStates([sourceState('a', [finding(1, 'email-invalid')])]));
    await store.transact((tx) => tx.putContacts([contact('p1')]));
    expect(await currentOutstandingCounts(db)).toEqual({ 'rejection:email-invalid': 1 });
  });

  it('are not trusted once another writer changed the store: the page counts the keys rows', async () => {
    const store = new DexieSyncStore(db);
    await store.transact((tx) => tx.putSourceStates([sourceState('a', [finding(1, 'email-invalid')])]));
    await db.transaction('rw', db.kv, () => bumpStoreGeneration(db));
    expect(await currentOutstandingCounts(db)).toBeNull();
    expect(await outstandingByReason(db)).toEqual({ 'rejection:email-invalid': 1 });
  });
});
