/**
 * Applies the disconnect transform (src/sync/reconcile/disconnected-records.ts) to every stored record,
 * and forgets the sync watermark, in one transaction: after a reconnect the first run is a full one,
 * which relinks every record left behind (R4a) instead of asking only for changes since before the
 * disconnect. Every client is evaluated again on that run (the fix-list fingerprints are cleared), and
 * the store generation moves so no worker keeps a stale key index.
 */
import type { AppDB } from './db';
import {
  clientAfterDisconnect,
  contactAfterDisconnect,
  staffAfterDisconnect,
} from '../sync/reconcile/disconnected-records';
import { withStorageErrors } from './storage-errors';
import { readSyncState, writeSyncState } from './kv';
import { bumpStoreGeneration } from './store-generation';

export async function markAllDisconnected(db: AppDB, now: number): Promise<void> {
  await withStorageErrors('mark your synced records as disconnected', () =>
    db.transaction(
      'rw',
      [db.contactSegments, db.clientSegments, db.sourceSegments, db.sourceKeys, db.staff, db.kv],
      async () => {
        await db.contactSegments.toCollection().modify((row, ref) => {
          ref.value = { ...row, records: row.records.map((contact) => contactAfterDisconnect(contact, now)) };
        });
        await db.clientSegments.toCollection().modify((row, ref) => {
          ref.value = { ...row, records: row.records.map((client) => clientAfterDisconnect(client, now)) };
        });
        await db.sourceSegments.toCollection().modify((row, ref) => {
          ref.value = { ...row, records: row.records.map((state) => ({ ...state, hash: null })) };
        });
        await db.sourceKeys.toCollection().modify((row, ref) => {
          ref.value = { ...row, entries: row.entries.map((entry) => ({ ...entry, hash: null })) };
        });
        await db.staff.toCollection().modify((staff, ref) => {
          ref.value = staffAfterDisconnect(staff, now);
        });
        await writeSyncState(db, { ...(await readSyncState(db)), watermark: null });
        await bumpStoreGeneration(db);
      },
    ),
  );
}
