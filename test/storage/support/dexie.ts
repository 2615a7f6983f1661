/**
 * Helpers for Dexie tests under fake-indexeddb. Test files import 'fake-indexeddb/auto' on their
 * first line, before anything that loads Dexie, because Dexie captures `indexedDB` when it loads.
 */
import Dexie from 'dexie';
import type { AppDB } from '../../../src/storage/db';
import { readSyncState } from '../../../src/storage/kv';
import { byId } from '../../contracts/records';
import type { StoreDump } from '../../contracts/sync-store.contract';
import type { FixEntry } from '../../../src/domain/fix-list';
import { storedClients, storedContacts, storedLog } from './records';

let databases = 0;

/** A database name no other test uses, so tests never see each other's data. */
export function freshDbName(): string {
  databases += 1;
  return `xpm-test-${databases}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Closes and deletes a test database. */
export async function destroy(db: AppDB): Promise<void> {
  db.close();
  await Dexie.delete(db.name);
}

/** Everything in the sync tables, in the contract's StoreDump form (field changes lose their key). */
export async function dumpDexie(db: AppDB): Promise<StoreDump> {
  const [contacts, clients, sources, staff, changes, log, runs, state, unattributed] = await Promise.all([
    storedContacts(db),
    storedClients(db),
    db.sourceSegments.toArray(),
    db.staff.toArray(),
    db.changes.orderBy('seq').toArray(),
    storedLog(db),
    db.runs.toArray(),
    readSyncState(db),
    db.kv.get('unattributedFindings'),
  ]);
  return {
    contacts: contacts.sort(byId),
    clients: clients.sort(byId),
    sources: sources.flatMap((row) => row.records).sort((a, b) => (a.clientId < b.clientId ? -1 : 1)),
    unattributed: (unattributed?.value as FixEntry[] | undefined) ?? [],
    staff: staff.sort(byId),
    changes: changes.map(({ seq: _seq, ...change }) => change),
    log,
    runs: runs.sort(byId),
    state,
  };
}

/** Row counts of every sync table, for before/after comparisons. */
export async function tableCounts(db: AppDB): Promise<Record<string, number>> {
  const entries = await Promise.all(db.tables.map(async (table) => [table.name, await table.count()] as const));
  return Object.fromEntries(entries);
}
