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
import type { AppDB, ClientKeyEntry, ContactKeyEntry, StoredFieldChange } from './db';
import type { KeysRow, SegmentRow } from './segments';
import { clientSortKey, contactSortKey, currentListHeads, headOf, LIST_HEAD_ROWS } from './list-heads';
import { readSyncState } from './kv';
import type { LocalClientId, LocalContactId, RunId, XpmClientId } from '../domain/ids';

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

/** The segment rows and keys rows behind a segmented list. */
function segmentTables(db: AppDB, table: 'contacts' | 'clients') {
  return table === 'contacts'
    ? { segments: db.contactSegments, keys: db.contactKeys }
    : { segments: db.clientSegments, keys: db.clientKeys };
}

/** Every contact, by name. */
export async function allContacts(db: AppDB): Promise<ContactRecord[]> {
  const contacts = (await db.contactSegments.toArray()).flatMap((row) => row.records);
  return contacts.sort((a, b) => compareByText(a.name, a.id, b.name, b.id));
}

/** The number of records of a list. */
export async function recordCount(db: AppDB, table: ListTable): Promise<number> {
  if (table === 'staff') return db.staff.count();
  const heads = await currentListHeads(db);
  if (heads !== null) return table === 'contacts' ? heads.contactCount : heads.clientCount;
  let count = 0;
  await segmentTables(db, table).keys.each((row) => {
    count += row.entries.length;
  });
  return count;
}

export function contactCount(db: AppDB): Promise<number> {
  return recordCount(db, 'contacts');
}

/** The record tables the big lists show. */
export type ListTable = 'contacts' | 'clients' | 'staff';
export type ListRecord<T extends ListTable> = T extends 'contacts'
  ? ContactRecord
  : T extends 'clients'
    ? ClientRecord
    : StaffRecord;

/** A record with the segment it is stored in (0 for staff, which are not segmented): a detail view's hint. */
export interface Placed<R> {
  readonly record: R;
  readonly segment: number;
}

/**
 * The first `limit` records of a list by name: the list heads the worker keeps ready (one read) when
 * they are current, else read from the keys rows (contacts by their identity key, clients by their
 * lower-cased name) and the few segments that hold them. The order is close to but not exactly the
 * collator's, so a few rows may move when the full list replaces them.
 */
export async function firstRecords<T extends ListTable>(db: AppDB, table: T, limit: number): Promise<ListRecord<T>[]> {
  if (limit <= 0) return [];
  if (table === 'staff') return (await db.staff.orderBy('id').limit(limit).toArray()) as ListRecord<T>[];
  const heads = await currentListHeads(db);
  if (heads !== null && limit <= LIST_HEAD_ROWS) {
    return (table === 'contacts' ? heads.contacts : heads.clients).slice(0, limit) as ListRecord<T>[];
  }
  const head =
    table === 'contacts'
      ? await headOf(db.contactKeys, db.contactSegments, contactSortKey, limit)
      : await headOf(db.clientKeys, db.clientSegments, clientSortKey, limit);
  return head.records as ListRecord<T>[];
}

/** Segment rows per read: ~300 records, so one read's deserialisation stays well under 50 ms. */
export const SEGMENTS_PER_READ = 3;

/**
 * Every record of a list table, delivered in chunks: each chunk arrives in its own IndexedDB task, so
 * deserialising 50,000 records never becomes one long main-thread task. Records come with the segment
 * that holds them (a detail view reads just that one). `chunkRows` is the staff table's chunk size.
 */
export async function readInChunks<T extends ListTable>(
  db: AppDB,
  table: T,
  chunkRows: number,
  onChunk: (records: Placed<ListRecord<T>>[]) => void,
): Promise<void> {
  if (table === 'staff') {
    let after = '';
    for (;;) {
      const chunk = await db.staff.where('id').above(after).limit(chunkRows).toArray();
      onChunk(chunk.map((record) => ({ record: record as ListRecord<T>, segment: 0 })));
      const last = chunk[chunk.length - 1];
      if (last === undefined || chunk.length < chunkRows) return;
      after = last.id;
    }
  }
  const { segments } = segmentTables(db, table as 'contacts' | 'clients');
  let after = 0;
  for (;;) {
    const rows: SegmentRow<ContactRecord | ClientRecord>[] = await segments
      .where('id')
      .above(after)
      .limit(SEGMENTS_PER_READ)
      .toArray();
    onChunk(rows.flatMap((row) => row.records.map((record) => ({ record: record as ListRecord<T>, segment: row.id }))));
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < SEGMENTS_PER_READ) return;
    after = last.id;
  }
}

/** The segment holding a record: the hint when it is still right, else found in the keys rows. */
async function locate(
  keys: Table<KeysRow<ContactKeyEntry>, number> | Table<KeysRow<ClientKeyEntry>, number>,
  id: string,
  hint: number | undefined,
  holds: (segment: number) => Promise<boolean>,
): Promise<number | undefined> {
  if (hint !== undefined && hint > 0 && (await holds(hint))) return hint;
  let found: number | undefined;
  await (keys as Table<KeysRow<{ readonly id: string }>, number>).each((row) => {
    if (found === undefined && row.entries.some((entry) => entry.id === id)) found = row.id;
  });
  return found;
}

/** One contact, read from its segment (`segmentHint`: where the list found it). */
export async function contactById(
  db: AppDB,
  id: LocalContactId,
  segmentHint?: number,
): Promise<ContactRecord | undefined> {
  const find = async (segment: number) => (await db.contactSegments.get(segment))?.records.find((r) => r.id === id);
  const segment = await locate(db.contactKeys, id, segmentHint, async (s) => (await find(s)) !== undefined);
  return segment === undefined ? undefined : find(segment);
}

/** One client, read from its segment (`segmentHint`: where the list found it). */
export async function clientById(
  db: AppDB,
  id: LocalClientId,
  segmentHint?: number,
): Promise<ClientRecord | undefined> {
  const find = async (segment: number) => (await db.clientSegments.get(segment))?.records.find((r) => r.id === id);
  const segment = await locate(db.clientKeys, id, segmentHint, async (s) => (await find(s)) !== undefined);
  return segment === undefined ? undefined : find(segment);
}

export function clientCount(db: AppDB): Promise<number> {
  return recordCount(db, 'clients');
}

export async function allClients(db: AppDB): Promise<ClientRecord[]> {
  const clients = (await db.clientSegments.toArray()).flatMap((row) => row.records);
  return clients.sort((a, b) => compareByText(a.legalName, a.id, b.legalName, b.id));
}

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
export async function runLogEntries(db: AppDB, runId: RunId, kind?: IssueKind): Promise<RunLogEntry[]> {
  // The primary key [runId+part] keeps one run's rows together, in the order its batches wrote them.
  const parts = await db.runLogParts
    .where('[runId+part]')
    .between([runId, Dexie.minKey], [runId, Dexie.maxKey], true, true)
    .toArray();
  const entries = parts.flatMap((part) => part.entries);
  return kind === undefined ? entries : entries.filter((entry) => entry.kind === kind);
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

/** The clients currently answering to these XPM ids (a merge hint checks the clients it names, R6). */
export async function clientsByXpmIds(db: AppDB, xpmIds: readonly XpmClientId[]): Promise<ClientRecord[]> {
  if (xpmIds.length === 0) return [];
  const wanted = new Set<string>(xpmIds);
  const segments = new Set<number>();
  await db.clientKeys.each((row) => {
    if (row.entries.some((entry) => wanted.has(entry.xpmId))) segments.add(row.id);
  });
  const rows = await db.clientSegments.bulkGet([...segments]);
  return rows.flatMap((row) => row?.records.filter((record) => wanted.has(record.xpmId)) ?? []);
}
