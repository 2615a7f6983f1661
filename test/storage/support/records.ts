/**
 * Writing and reading records the way the app stores them (in segments), for tests that set up or
 * inspect a database directly. Writes go through the real DexieSyncStore, so the segments, keys rows
 * and store generation are exactly what a sync would leave.
 */
import type { AppDB } from '../../../src/storage/db';
import { DexieSyncStore } from '../../../src/storage/sync-store';
import type { ClientRecord, ContactRecord } from '../../../src/domain/records';
import type { RunLogEntry } from '../../../src/domain/runs';
import type { FixEntry } from '../../../src/domain/fix-list';

const stores = new WeakMap<AppDB, DexieSyncStore>();

function storeOf(db: AppDB): DexieSyncStore {
  let store = stores.get(db);
  if (!store) {
    store = new DexieSyncStore(db);
    stores.set(db, store);
  }
  return store;
}

/** Upserts contacts (like bulkPut on the version 1 table). */
export async function putContacts(db: AppDB, records: readonly ContactRecord[]): Promise<void> {
  await storeOf(db).transact((tx) => tx.putContacts(records));
}

/** Upserts clients (like bulkPut on the version 1 table). */
export async function putClients(db: AppDB, records: readonly ClientRecord[]): Promise<void> {
  await storeOf(db).transact((tx) => tx.putClients(records));
}

/** Adds run-log entries, one row per run (as a batch would). */
export async function putLog(db: AppDB, entries: readonly RunLogEntry[]): Promise<void> {
  const byRun = new Map<string, RunLogEntry[]>();
  for (const entry of entries) byRun.set(entry.runId, [...(byRun.get(entry.runId) ?? []), entry]);
  await storeOf(db).transact(async (tx) => {
    for (const list of byRun.values()) await tx.addLog(list.sort((a, b) => a.seq - b.seq));
  });
}

export async function storedContacts(db: AppDB): Promise<ContactRecord[]> {
  return (await db.contactSegments.toArray()).flatMap((row) => row.records);
}

export async function storedClients(db: AppDB): Promise<ClientRecord[]> {
  return (await db.clientSegments.toArray()).flatMap((row) => row.records);
}

export async function storedLog(db: AppDB): Promise<RunLogEntry[]> {
  return (await db.runLogParts.orderBy('[runId+part]').toArray()).flatMap((part) => part.entries);
}

/** The standing fix-list as stored: every client's entries. */
export async function storedFixList(db: AppDB): Promise<FixEntry[]> {
  return (await db.sourceSegments.toArray()).flatMap((row) => row.records.flatMap((state) => state.findings));
}
