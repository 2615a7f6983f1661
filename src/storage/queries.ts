/**
 * Read-only queries the UI observes through Dexie's liveQuery. Each one is a plain function of the
 * database, so a liveQuery re-runs it whenever a table it read changes (in any tab or worker).
 * Nothing in this module writes.
 */
import Dexie, { type Table } from 'dexie';
import type { IssueKind } from '../domain/reasons';
import type { ClientRecord, ContactRecord, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';
import type { SyncState } from '../domain/sync-state';
import type { AppDB, StoredFieldChange } from './db';
import { readSyncState } from './kv';
import type { LocalClientId, LocalContactId, RunId } from '../domain/ids';

/** Run history shown by default; matches the retention proposed in DB-2 (keep 200 runs). */
export const DEFAULT_RUN_HISTORY = 200;

/**
 * Names sort as people expect: case-insensitive ('accent' sensitivity keeps é apart from e but not
 * A from a), in the user's locale, with digit runs compared as numbers ("Client 2" before "Client 10").
 */
const NAME_COLLATOR = new Intl.Collator(undefined, { sensitivity: 'accent', numeric: true });

/** Orders by display text, then by id so records with equal names keep a stable order. */
export function compareByText(aText: string, aId: string, bText: string, bId: string): number {
  return NAME_COLLATOR.compare(aText, bText) || (aId < bId ? -1 : aId > bId ? 1 : 0);
}

/** Every contact, by name. */
export async function allContacts(db: AppDB): Promise<ContactRecord[]> {
  const contacts = await db.contacts.toArray();
  return contacts.sort((a, b) => compareByText(a.name, a.id, b.name, b.id));
}

export function contactCount(db: AppDB): Promise<number> {
  return db.contacts.count();
}

/** The record tables the big lists show. */
export type ListTable = 'contacts' | 'clients' | 'staff';
export type ListRecord<T extends ListTable> = T extends 'contacts'
  ? ContactRecord
  : T extends 'clients'
    ? ClientRecord
    : StaffRecord;

/** The index each list's first paint reads in order (IndexedDB orders it by UTF-16 code units). */
const FIRST_PAINT_INDEX: Record<ListTable, string> = { contacts: 'name', clients: 'legalName', staff: 'id' };

/**
 * The first `limit` records of a list by its name index, read straight from the index so the cost
 * does not grow with the list. The order is code-unit order ("Zoe" before "adam"), close to but not
 * exactly the collator's, so a few rows may move when the full list replaces them.
 */
export function firstRecords<T extends ListTable>(db: AppDB, table: T, limit: number): Promise<ListRecord<T>[]> {
  if (limit <= 0) return Promise.resolve([]);
  return (db[table] as unknown as Table<ListRecord<T>, string>)
    .orderBy(FIRST_PAINT_INDEX[table])
    .limit(limit)
    .toArray();
}

/**
 * Every record of a list table, delivered in primary-key chunks of `chunkRows`: each chunk arrives in
 * its own IndexedDB task, so deserialising 25,000 records never becomes one long main-thread task.
 */
export async function readInChunks<T extends ListTable>(
  db: AppDB,
  table: T,
  chunkRows: number,
  onChunk: (records: ListRecord<T>[]) => void,
): Promise<void> {
  const source = db[table] as unknown as Table<ListRecord<T>, string>;
  let after = '';
  for (;;) {
    const chunk = await source.where('id').above(after).limit(chunkRows).toArray();
    onChunk(chunk);
    const last = chunk[chunk.length - 1];
    if (last === undefined || chunk.length < chunkRows) return;
    after = last.id;
  }
}

export function contactById(db: AppDB, id: LocalContactId): Promise<ContactRecord | undefined> {
  return db.contacts.get(id);
}

export function clientById(db: AppDB, id: LocalClientId): Promise<ClientRecord | undefined> {
  return db.clients.get(id);
}

export function clientCount(db: AppDB): Promise<number> {
  return db.clients.count();
}

export async function allClients(db: AppDB): Promise<ClientRecord[]> {
  const clients = await db.clients.toArray();
  return clients.sort((a, b) => compareByText(a.legalName, a.id, b.legalName, b.id));
}

/** Every staff member, by name. */
export async function allStaff(db: AppDB): Promise<StaffRecord[]> {
  const staff = await db.staff.toArray();
  return staff.sort((a, b) => compareByText(a.name, a.id, b.name, b.id));
}

/** Runs, newest (latest startedAt) first. */
export function recentRuns(db: AppDB, limit: number = DEFAULT_RUN_HISTORY): Promise<RunRecord[]> {
  return db.runs.orderBy('startedAt').reverse().limit(Math.max(0, limit)).toArray();
}

/** The run started most recently, if any. */
export function runById(db: AppDB, id: RunId): Promise<RunRecord | undefined> {
  return db.runs.get(id);
}

/** Runs recorded as running (live in some tab, or left behind by a tab that closed). */
export function runningRuns(db: AppDB): Promise<RunRecord[]> {
  return db.runs.filter((run) => run.status === 'running').toArray();
}

/**
 * The newest run that finished and did something: what "the latest run" means for Download Sync
 * Summary (a run still going, or one that stopped at once because syncing is paused, has no summary).
 */
export async function latestFinishedRun(db: AppDB): Promise<RunRecord | undefined> {
  return db.runs
    .orderBy('startedAt')
    .reverse()
    .filter((run) => run.status !== 'running' && !(run.status === 'paused' && run.apiCalls === 0))
    .first();
}

export function latestRun(db: AppDB): Promise<RunRecord | undefined> {
  return db.runs.orderBy('startedAt').last();
}

/** A run's log in the order the run wrote it (XPM order); optionally only one kind of issue. */
export function runLogEntries(db: AppDB, runId: RunId, kind?: IssueKind): Promise<RunLogEntry[]> {
  // The primary key [runId+seq] keeps one run's rows together, in seq order.
  const rows = db.runLog.where('[runId+seq]').between([runId, Dexie.minKey], [runId, Dexie.maxKey], true, true);
  return (kind === undefined ? rows : rows.filter((entry) => entry.kind === kind)).toArray();
}

/** Field changes of one contact, newest first (ties broken by the order they were written); `seq` is a stable row key. */
export async function contactChanges(db: AppDB, contactId: string): Promise<StoredFieldChange[]> {
  const rows = await db.changes.where('contactId').equals(contactId).toArray();
  return rows.sort((a, b) => b.at - a.at || (b.seq ?? 0) - (a.seq ?? 0));
}

/** The engine's cursor (INITIAL_SYNC_STATE for a new or wiped store). */
export function syncState(db: AppDB): Promise<SyncState> {
  return readSyncState(db);
}
