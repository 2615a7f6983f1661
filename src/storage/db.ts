/**
 * The IndexedDB schema (Dexie). Every shipped version stays declared here; a schema change adds a
 * new version with an upgrade function, never edits an old one.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';

export const DB_NAME = 'xpm-contact-sync';

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

export class AppDB extends Dexie {
  contacts!: EntityTable<ContactRecord, 'id'>;
  clients!: EntityTable<ClientRecord, 'id'>;
  staff!: EntityTable<StaffRecord, 'id'>;
  changes!: Table<StoredFieldChange, number>;
  runLog!: Table<RunLogEntry, [string, number]>;
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
  }
}

/** Tables a sync batch writes, in one transaction. */
export function syncTables(db: AppDB) {
  return [db.contacts, db.clients, db.staff, db.changes, db.runLog, db.runs, db.kv] as const;
}
