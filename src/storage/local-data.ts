/**
 * Everything this browser keeps, read for Export (U4), counted for Erase's confirmation, and erased by
 * Erase local data. The secrets table (the encrypted refresh token and the key that protects it) is
 * never read for an export.
 */
import { type AppDB, syncTables } from './db';
import type { ClientRecord, ContactRecord, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';
import type { FixEntry } from '../domain/fix-list';
import type { Settings } from '../domain/settings';
import type { ConnectionInfo } from '../domain/connection';
import type { SyncState } from '../domain/sync-state';
import type { StoredFieldChange } from './db';
import { KV_KEYS, readConnection, readKv, readSettings, readSyncState } from './kv';
import { bumpStoreGeneration, isFixEntryList } from './store-generation';
import { withStorageErrors } from './storage-errors';

/** Every record and row the app keeps, except its secrets. */
export interface LocalData {
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
  readonly staff: readonly StaffRecord[];
  readonly changes: readonly StoredFieldChange[];
  readonly runs: readonly RunRecord[];
  readonly runLog: readonly RunLogEntry[];
  readonly fixList: readonly FixEntry[];
  readonly settings: Settings;
  readonly connection: ConnectionInfo;
  readonly syncState: SyncState;
}

/** Reads everything in one read transaction (a consistent snapshot, even while another tab syncs). */
export async function readLocalData(db: AppDB): Promise<LocalData> {
  return withStorageErrors('read your local data for the export', () =>
    db.transaction(
      'r',
      [db.contactSegments, db.clientSegments, db.sourceSegments, db.staff, db.changes, db.runs, db.runLogParts, db.kv],
      async () => {
        const contacts = (await db.contactSegments.toArray()).flatMap((row) => row.records);
        const clients = (await db.clientSegments.toArray()).flatMap((row) => row.records);
        const fixList = [
          ...(await db.sourceSegments.toArray()).flatMap((row) => row.records.flatMap((state) => state.findings)),
          ...(await readKv(db, 'unattributedFindings', [], isFixEntryList)),
        ];
        return {
          contacts,
          clients,
          staff: await db.staff.toArray(),
          changes: await db.changes.orderBy('seq').toArray(),
          runs: await db.runs.orderBy('startedAt').toArray(),
          runLog: (await db.runLogParts.orderBy('[runId+part]').toArray()).flatMap((part) => part.entries),
          fixList,
          settings: await readSettings(db),
          connection: await readConnection(db),
          syncState: await readSyncState(db),
        };
      },
    ),
  );
}

/** What Erase local data would delete, for its confirmation. */
export interface LocalDataCounts {
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
  readonly runs: number;
}

export async function localDataCounts(db: AppDB): Promise<LocalDataCounts> {
  return withStorageErrors('count your local data', () =>
    db.transaction('r', [db.contactKeys, db.clientKeys, db.staff, db.runs], async () => {
      let contacts = 0;
      await db.contactKeys.each((row) => {
        contacts += row.entries.length;
      });
      let clients = 0;
      await db.clientKeys.each((row) => {
        clients += row.entries.length;
      });
      return { contacts, clients, staff: await db.staff.count(), runs: await db.runs.count() };
    }),
  );
}

/** kv entries Erase local data keeps: the user's settings, and the counter that tells workers their caches are stale. */
const KV_KEPT_ON_ERASE: ReadonlySet<string> = new Set(['settings', 'storeGeneration']);

/**
 * Erase local data (U4): every record, the change history, the run history and logs, the fix-list,
 * the connection, the schedule and cooldown, and the stored Xero tokens — in one transaction. Kept:
 * the settings, and the non-extractable key that encrypts tokens (it is not a token, and other open
 * tabs hold it). The store generation moves, so no worker keeps a warm index of the erased records.
 */
export async function eraseLocalData(db: AppDB): Promise<void> {
  await withStorageErrors('erase your local data', () =>
    db.transaction(
      'rw',
      // Every table a sync writes, and the tokens.
      [...syncTables(db), db.secrets],
      async () => {
        await Promise.all([
          db.contactSegments.clear(),
          db.contactKeys.clear(),
          db.clientSegments.clear(),
          db.clientKeys.clear(),
          db.sourceSegments.clear(),
          db.sourceKeys.clear(),
          db.staff.clear(),
          db.changes.clear(),
          db.runLogParts.clear(),
          db.runBatchOutcomes.clear(),
          db.runs.clear(),
          db.secrets.delete('grant'),
        ]);
        await db.kv.bulkDelete(KV_KEYS.filter((key) => !KV_KEPT_ON_ERASE.has(key)));
        await bumpStoreGeneration(db);
      },
    ),
  );
}
