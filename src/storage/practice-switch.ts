/**
 * The practice guard's storage side (C4): which local records came from practices other than the one
 * being connected, and, once the user has chosen, keeping them as manual records (stamped with their
 * practice, like a disconnect turns them) or erasing them — in one transaction each. Either way the
 * standing fix-list is emptied (its entries are about the other practice's XPM records), the sync
 * watermark is forgotten (the new practice's first run is a full one) and the store generation moves.
 */
import type { AppDB } from './db';
import { clientKeyEntry, contactKeyEntry } from './db';
import type { TenantId, LocalContactId } from '../domain/ids';
import type { ClientRecord, ContactRecord, StaffRecord } from '../domain/records';
import {
  connectionPractice,
  isPracticeContact,
  isSamePractice,
  practiceOf,
  PracticeTally,
  type OtherPracticeRecords,
  type PracticeRef,
} from '../domain/practice';
import {
  clientAfterDisconnect,
  contactAfterDisconnect,
  staffAfterDisconnect,
} from '../sync/reconcile/disconnected-records';
import { readConnection, readSyncState, writeKv, writeSyncState } from './kv';
import { bumpStoreGeneration } from './store-generation';
import { withStorageErrors } from './storage-errors';

/** The practice a contact, client or staff record came from, or null for a contact that is the user's own. */
function otherPractice(
  record: ContactRecord | ClientRecord | StaffRecord,
  isContact: boolean,
  unstamped: PracticeRef | null,
  to: TenantId,
): PracticeRef | null {
  if (isContact && !isPracticeContact(record as ContactRecord)) return null;
  const practice = practiceOf(record, unstamped);
  return isSamePractice(practice, to) ? null : practice;
}

/** The records of practices other than `to`, per practice (empty: connecting `to` mixes nothing). */
export async function otherPracticeRecords(db: AppDB, to: TenantId): Promise<OtherPracticeRecords[]> {
  return withStorageErrors('read which practice your records came from', () =>
    db.transaction('r', [db.contactSegments, db.clientSegments, db.staff, db.kv], async () => {
      const unstamped = connectionPractice(await readConnection(db));
      const tally = new PracticeTally();
      await db.contactSegments.each((row) => {
        for (const contact of row.records) {
          const practice = otherPractice(contact, true, unstamped, to);
          if (practice) tally.add(practice, 'contacts');
        }
      });
      await db.clientSegments.each((row) => {
        for (const client of row.records) {
          const practice = otherPractice(client, false, unstamped, to);
          if (practice) tally.add(practice, 'clients');
        }
      });
      await db.staff.each((member) => {
        const practice = otherPractice(member, false, unstamped, to);
        if (practice) tally.add(practice, 'staff');
      });
      return tally.list();
    }),
  );
}

/** Tables a practice switch writes. */
function switchTables(db: AppDB) {
  return [
    db.contactSegments,
    db.contactKeys,
    db.clientSegments,
    db.clientKeys,
    db.sourceSegments,
    db.sourceKeys,
    db.staff,
    db.changes,
    db.kv,
  ];
}

/** The fix-list is about the other practice's XPM records; the new practice's first run is a full one. */
async function startOverForNewPractice(db: AppDB): Promise<void> {
  await db.sourceSegments.clear();
  await db.sourceKeys.clear();
  await writeKv(db, 'unattributedFindings', []);
  await writeSyncState(db, { ...(await readSyncState(db)), watermark: null });
  await bumpStoreGeneration(db);
}

/**
 * Keeps the other practices' records as manual ones (C4): each is stamped with its practice (so the
 * lists can say where it came from) and turned as a disconnect turns it (C6) — contacts manual with
 * their XPM links, clients and staff disconnected — so the new practice's records never mix with them.
 */
export async function keepOtherPracticesAsManual(db: AppDB, to: TenantId, now: number): Promise<void> {
  await withStorageErrors('keep the other practice’s records as manual records', () =>
    db.transaction('rw', switchTables(db), async () => {
      const unstamped = connectionPractice(await readConnection(db));
      await db.contactSegments.toCollection().modify((row, ref) => {
        ref.value = {
          ...row,
          records: row.records.map((contact) => {
            const practice = otherPractice(contact, true, unstamped, to);
            return practice ? { ...contactAfterDisconnect(contact, now), practice } : contact;
          }),
        };
      });
      await db.clientSegments.toCollection().modify((row, ref) => {
        ref.value = {
          ...row,
          records: row.records.map((client) => {
            const practice = otherPractice(client, false, unstamped, to);
            return practice ? { ...clientAfterDisconnect(client, now), practice } : client;
          }),
        };
      });
      await db.staff.toCollection().modify((member, ref) => {
        const practice = otherPractice(member, false, unstamped, to);
        if (practice) ref.value = { ...staffAfterDisconnect(member, now), practice };
      });
      await startOverForNewPractice(db);
    }),
  );
}

/**
 * Erases the other practices' records (C4): their contacts (with their change history), clients and
 * staff. The user's own contacts (made by hand or detached) stay. Segment rows are rewritten with
 * their keys rows; a row left empty goes.
 */
export async function eraseOtherPractices(db: AppDB, to: TenantId): Promise<void> {
  await withStorageErrors('erase the other practice’s records', () =>
    db.transaction('rw', switchTables(db), async () => {
      const unstamped = connectionPractice(await readConnection(db));
      const erased: LocalContactId[] = [];
      for (const row of await db.contactSegments.toArray()) {
        const kept = row.records.filter((contact) => {
          const other = otherPractice(contact, true, unstamped, to) !== null;
          if (other) erased.push(contact.id);
          return !other;
        });
        if (kept.length === row.records.length) continue;
        if (kept.length === 0) {
          await db.contactSegments.delete(row.id);
          await db.contactKeys.delete(row.id);
        } else {
          await db.contactSegments.put({ id: row.id, records: kept });
          await db.contactKeys.put({ id: row.id, entries: kept.map(contactKeyEntry) });
        }
      }
      for (const row of await db.clientSegments.toArray()) {
        const kept = row.records.filter((client) => otherPractice(client, false, unstamped, to) === null);
        if (kept.length === row.records.length) continue;
        if (kept.length === 0) {
          await db.clientSegments.delete(row.id);
          await db.clientKeys.delete(row.id);
        } else {
          await db.clientSegments.put({ id: row.id, records: kept });
          await db.clientKeys.put({ id: row.id, entries: kept.map(clientKeyEntry) });
        }
      }
      const staffIds = (await db.staff.toArray())
        .filter((member) => otherPractice(member, false, unstamped, to) !== null)
        .map((member) => member.id);
      await db.staff.bulkDelete(staffIds);
      if (erased.length > 0) await db.changes.where('contactId').anyOf(erased).delete();
      await startOverForNewPractice(db);
    }),
  );
}
