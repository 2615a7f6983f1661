/**
 * The IndexedDB schema (Dexie). Every shipped version stays declared here; a schema change adds a
 * new version with an upgrade function, never edits an old one.
 *
 * Version 1 (the first release) kept one row per contact, client and run-log finding. Version 2 keeps
 * contacts, clients and the standing fix-list in segments (storage/segments.ts) and the run log in one
 * row per batch; its upgrade moves the version 1 data across. Version 3 drops the version 1 tables.
 * Version 4 stores findings as facts, worded when shown (upgrade-findings.ts); the tables are the same.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunBatchOutcome, RunLogEntry, RunRecord } from '../domain/runs';
import { countByFixReason, type FixEntry, type SourceState } from '../domain/fix-list';
import type { LocalClientId, LocalContactId, RunId, SourceKey, XpmClientId } from '../domain/ids';
import type { ClientStateKey } from '../sync/ports';
import type { KeysRow, SegmentRow } from './segments';
import { storeFindingsAsFacts } from './upgrade-findings';

export const DB_NAME = 'xpm-contact-sync';

/** The schema version this code writes. */
export const DB_VERSION = 4;

/** A stored field change, with its auto-increment key. */
export interface StoredFieldChange extends FieldChange {
  readonly seq?: number;
}

/** Singleton values by key (sync state, settings, connection, scheduler state). */
export interface KeyValue {
  readonly key: string;
  readonly value: unknown;
}

/** Secrets only the worker reads: the encrypted refresh token and its non-extractable key. */
export interface SecretRow {
  readonly key: string;
  readonly value: unknown;
}

/** What a contact's keys row keeps: how the engine finds it (R3, R4) and its links (R6). */
export interface ContactKeyEntry {
  readonly id: LocalContactId;
  readonly identityKey: string;
  readonly sourceKeys: readonly SourceKey[];
  readonly links: ReadonlyArray<{ readonly sourceKey: SourceKey; readonly clientId: XpmClientId }>;
}

/** What a client's keys row keeps: how the engine finds it (R12), and its name for the list's first rows. */
export interface ClientKeyEntry {
  readonly id: LocalClientId;
  readonly xpmId: XpmClientId;
  readonly xpmNumericId: string | null;
  readonly codeKey: string;
  /** legalName lower-cased: the order of the Clients list's first rows. */
  readonly sortKey: string;
}

/** What a source state's keys row keeps: enough to skip an unchanged client (the key index). */
export interface SourceKeyEntry extends ClientStateKey {
  readonly clientId: XpmClientId;
}

/** The findings of one batch of one run (the run's log, U3), in the order the run wrote them. */
export interface RunLogPart {
  readonly runId: RunId;
  readonly part: number;
  readonly entries: readonly RunLogEntry[];
}

export class AppDB extends Dexie {
  contactSegments!: Table<SegmentRow<ContactRecord>, number>;
  contactKeys!: Table<KeysRow<ContactKeyEntry>, number>;
  clientSegments!: Table<SegmentRow<ClientRecord>, number>;
  clientKeys!: Table<KeysRow<ClientKeyEntry>, number>;
  sourceSegments!: Table<SegmentRow<SourceState>, number>;
  sourceKeys!: Table<KeysRow<SourceKeyEntry>, number>;
  staff!: EntityTable<StaffRecord, 'id'>;
  changes!: Table<StoredFieldChange, number>;
  runLogParts!: Table<RunLogPart, [RunId, number]>;
  /** What each committed batch of a running run changed (S7 resume); a run's rows go when it ends. */
  runBatchOutcomes!: Table<RunBatchOutcome, [RunId, number]>;
  runs!: EntityTable<RunRecord, 'id'>;
  kv!: Table<KeyValue, string>;
  secrets!: Table<SecretRow, string>;
  /** The durability every read-write transaction of this connection asks for (see open.ts). */
  readonly durability: 'default' | 'strict' | 'relaxed';

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.durability = options?.chromeTransactionDurability ?? 'default';
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
    this.version(2)
      .stores({
        contactSegments: 'id',
        contactKeys: 'id',
        clientSegments: 'id',
        clientKeys: 'id',
        sourceSegments: 'id',
        sourceKeys: 'id',
        runLogParts: '[runId+part], runId',
      })
      .upgrade((tx) => migrateFromVersion1(tx));
    this.version(3).stores({
      contacts: null,
      clients: null,
      runLog: null,
      runBatchOutcomes: '[runId+batch], runId',
    });
    this.version(4)
      .stores({})
      .upgrade((tx) => storeFindingsAsFacts(tx));
  }
}

/** Records per segment row, as the upgrade writes them (the same capacities the store appends with). */
export const UPGRADE_SEGMENT_RECORDS = 100;
/** Findings per run-log row written by the upgrade (one version 1 run's log, in order). */
export const UPGRADE_LOG_PART_ENTRIES = 500;

/**
 * Version 1 → 2: contacts and clients into segments with their keys rows, the run log into parts. The
 * fix-list starts empty (version 1 kept no standing state): the next run evaluates every client.
 */
async function migrateFromVersion1(tx: Transaction): Promise<void> {
  const contacts = (await tx.table('contacts').toArray()) as ContactRecord[];
  const clients = (await tx.table('clients').toArray()) as ClientRecord[];
  const log = (await tx.table('runLog').toArray()) as RunLogEntry[];
  const segments = <R, E>(records: readonly R[], entryOf: (record: R) => E) => {
    const rows: SegmentRow<R>[] = [];
    const keys: KeysRow<E>[] = [];
    for (let i = 0; i < records.length; i += UPGRADE_SEGMENT_RECORDS) {
      const part = records.slice(i, i + UPGRADE_SEGMENT_RECORDS);
      const id = rows.length + 1;
      rows.push({ id, records: part });
      keys.push({ id, entries: part.map(entryOf) });
    }
    return { rows, keys };
  };
  const c = segments(contacts, contactKeyEntry);
  const k = segments(clients, clientKeyEntry);
  await tx.table('contactSegments').bulkPut(c.rows);
  await tx.table('contactKeys').bulkPut(c.keys);
  await tx.table('clientSegments').bulkPut(k.rows);
  await tx.table('clientKeys').bulkPut(k.keys);
  const parts: RunLogPart[] = [];
  const byRun = new Map<RunId, RunLogEntry[]>();
  for (const entry of log) {
    const list = byRun.get(entry.runId);
    if (list) list.push(entry);
    else byRun.set(entry.runId, [entry]);
  }
  for (const [runId, entries] of byRun) {
    entries.sort((a, b) => a.seq - b.seq);
    for (let i = 0; i < entries.length; i += UPGRADE_LOG_PART_ENTRIES) {
      parts.push({
        runId,
        part: i / UPGRADE_LOG_PART_ENTRIES,
        entries: entries.slice(i, i + UPGRADE_LOG_PART_ENTRIES),
      });
    }
  }
  await tx.table('runLogParts').bulkPut(parts);
}

export function contactKeyEntry(record: ContactRecord): ContactKeyEntry {
  return {
    id: record.id,
    identityKey: record.identityKey,
    sourceKeys: record.sourceKeys,
    links: record.links.map((link) => ({ sourceKey: link.sourceKey, clientId: link.clientId })),
  };
}

/** A client's place in the Clients list's first rows (ClientKeyEntry.sortKey). */
export function clientSortText(record: Pick<ClientRecord, 'legalName'>): string {
  return record.legalName.toLowerCase();
}

export function clientKeyEntry(record: ClientRecord): ClientKeyEntry {
  return {
    id: record.id,
    xpmId: record.xpmId,
    xpmNumericId: record.xpmNumericId ?? null,
    codeKey: record.codeKey,
    sortKey: clientSortText(record),
  };
}

export function sourceKeyEntry(state: SourceState): SourceKeyEntry {
  return {
    clientId: state.clientId,
    hash: state.hash,
    counts: state.counts,
    imported: state.imported,
    ...(state.deleted === true ? { deleted: true } : {}),
    ...(state.unimported === undefined ? {} : { unimported: state.unimported }),
    reasons: countByFixReason(state.findings),
  };
}

/** Tables a sync batch writes, in one transaction. */
export function syncTables(db: AppDB) {
  return [
    db.contactSegments,
    db.contactKeys,
    db.clientSegments,
    db.clientKeys,
    db.sourceSegments,
    db.sourceKeys,
    db.staff,
    db.changes,
    db.runLogParts,
    db.runBatchOutcomes,
    db.runs,
    db.kv,
  ] as const;
}

/** The fix-list entries not about an identified XPM client live in kv under this key (FixEntry[]). */
export type UnattributedFindings = readonly FixEntry[];
