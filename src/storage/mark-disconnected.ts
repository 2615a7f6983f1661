/**
 * Applies the disconnect transform (src/sync/disconnect.ts) to every stored record, and forgets the
 * sync watermark, in one transaction: after a reconnect the first run is a full one, which relinks
 * every record left behind (R4a) instead of asking only for changes since before the disconnect.
 */
import type { AppDB } from './db';
import {
  clientAfterDisconnect,
  contactAfterDisconnect,
  staffAfterDisconnect,
} from '../sync/reconcile/disconnected-records';
import { withStorageErrors } from './storage-errors';
import { readSyncState, writeSyncState } from './kv';

export async function markAllDisconnected(db: AppDB, now: number): Promise<void> {
  await withStorageErrors('mark your synced records as disconnected', () =>
    db.transaction('rw', [db.contacts, db.clients, db.staff, db.kv], async () => {
      await db.contacts.toCollection().modify((contact, ref) => {
        ref.value = contactAfterDisconnect(contact, now);
      });
      await db.clients.toCollection().modify((client, ref) => {
        ref.value = clientAfterDisconnect(client, now);
      });
      await db.staff.toCollection().modify((staff, ref) => {
        ref.value = staffAfterDisconnect(staff, now);
      });
      await writeSyncState(db, { ...(await readSyncState(db)), watermark: null });
    }),
  );
}
