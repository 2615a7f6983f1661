/** Applies the disconnect transform (src/sync/disconnect.ts) to every stored record in one transaction. */
import type { AppDB } from './db';
import { clientAfterDisconnect, contactAfterDisconnect, staffAfterDisconnect } from '../sync/disconnect';
import { withStorageErrors } from './storage-errors';

export async function markAllDisconnected(db: AppDB, now: number): Promise<void> {
  await withStorageErrors('mark your synced records as disconnected', () =>
    db.transaction('rw', [db.contacts, db.clients, db.staff], async () => {
      await db.contacts.toCollection().modify((contact, ref) => {
        ref.value = contactAfterDisconnect(contact, now);
      });
      await db.clients.toCollection().modify((client, ref) => {
        ref.value = clientAfterDisconnect(client, now);
      });
      await db.staff.toCollection().modify((staff, ref) => {
        ref.value = staffAfterDisconnect(staff, now);
      });
    }),
  );
}
