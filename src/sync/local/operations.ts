/**
 * The user's own changes to the local records, each one atomic store transaction: manual contacts
 * (R8), detaching a synced contact (R4) and removing stale or missing records (R5, R6). They go through
 * writeLocalEdit / forgetFingerprints (local-edits.ts), so the next run evaluates the XPM clients the
 * changed records link to again instead of trusting their fingerprints. The caller holds the run lock:
 * no run changes the records between the key-index look-up and the transaction.
 */
import { AppError } from '../../domain/errors';
import type { LocalClientId, LocalContactId, XpmStaffId } from '../../domain/ids';
import type { ContactRecord } from '../../domain/records';
import { clientsTouchedBy, forgetFingerprints, writeLocalEdit } from '../local-edits';
import type { SyncStore } from '../ports';
import { idsAt } from '../session/key-index';
import {
  canDetach,
  checkManualContact,
  clashingContact,
  clashProblem,
  detachedContact,
  editedManualContact,
  isEditable,
  type ManualContactInput,
  type ManualProblem,
  newManualContact,
} from './manual-contacts';
import { isRemovableClient, isRemovableContact, isRemovableStaff } from '../../domain/record-actions';

export interface LocalEditContext {
  readonly now: number;
  newId(): LocalContactId;
  /** Settings' default country, for mobiles written without + (R2). */
  readonly defaultCountry: string;
}

/** What Save did: saved the contact, or refused the form with one problem per field. */
export type ManualSaveOutcome =
  | { readonly kind: 'saved'; readonly contact: ContactRecord }
  | { readonly kind: 'invalid'; readonly problems: readonly ManualProblem[] };

function gone(): AppError {
  return new AppError(
    'input/invalid',
    'This contact is no longer in this browser (it was removed, or a sync changed it). Close the panel and find it again in the list.',
  );
}

async function oneContact(store: SyncStore, id: LocalContactId): Promise<ContactRecord> {
  const [record] = await store.transact((tx) => tx.contactsByIds([id]));
  if (record === undefined) throw gone();
  return record;
}

/** Creates (no id) or edits a manual contact (R8). */
export async function saveManualContact(
  store: SyncStore,
  input: ManualContactInput & { readonly id?: LocalContactId },
  ctx: LocalEditContext,
): Promise<ManualSaveOutcome> {
  const check = checkManualContact(input, ctx);
  if (!check.ok) return { kind: 'invalid', problems: check.problems };
  const { values } = check;
  const sameIdentity = [...idsAt((await store.loadKeyIndex()).contactsByIdentity, values.identityKey)];
  return store.transact(async (tx): Promise<ManualSaveOutcome> => {
    let editing: ContactRecord | null = null;
    if (input.id !== undefined) {
      editing = (await tx.contactsByIds([input.id]))[0] ?? null;
      if (editing === null) throw gone();
      if (!isEditable(editing))
        throw new AppError(
          'input/invalid',
          `${editing.name} is synced from XPM, so it is edited in XPM. Use Make manual first to edit it here.`,
        );
    }
    const clash = clashingContact(values, editing, await tx.contactsByIds(sameIdentity));
    if (clash !== null) return { kind: 'invalid', problems: [clashProblem(clash)] };
    const contact =
      editing === null ? newManualContact(values, ctx.newId(), ctx.now) : editedManualContact(editing, values, ctx.now);
    await writeLocalEdit(tx, { contacts: [contact], ...(editing === null ? {} : { before: { contacts: [editing] } }) });
    return { kind: 'saved', contact };
  });
}

/** Deletes a manual contact (R8). Synced contacts are removed only when stale or missing (removeRecords). */
export async function deleteManualContact(store: SyncStore, id: LocalContactId): Promise<void> {
  await store.transact(async (tx) => {
    const record = (await tx.contactsByIds([id]))[0];
    if (record === undefined) throw gone();
    if (!isEditable(record))
      throw new AppError(
        'input/invalid',
        `${record.name} is synced from XPM, so it cannot be deleted here: delete it in XPM, or use Make manual first.`,
      );
    await tx.deleteContacts([id]);
    await forgetFingerprints(tx, clientsTouchedBy([record], []));
  });
}

/**
 * R4 "Make manual": the contact becomes editable and forced manual; its source makes a new synced
 * contact on the next sync. The sync watermark is forgotten with it, so that next sync — a Resync Now or
 * the hourly one too — lists every client (an incremental listing would not include an unchanged client).
 */
export async function detachContact(store: SyncStore, id: LocalContactId, now: number): Promise<ContactRecord> {
  const current = await oneContact(store, id);
  if (!canDetach(current))
    throw new AppError('input/invalid', `${current.name} is already a manual contact: it can be edited here.`);
  return store.transact(async (tx) => {
    const record = (await tx.contactsByIds([id]))[0];
    if (record === undefined) throw gone();
    if (!canDetach(record)) return record;
    const detached = detachedContact(record, now);
    await writeLocalEdit(tx, { contacts: [detached], before: { contacts: [record] } });
    const state = await tx.getState();
    if (state.watermark !== null) await tx.putState({ ...state, watermark: null });
    return detached;
  });
}

/** What the user asked to remove (R5, R6). */
export interface RemovalRequest {
  readonly contacts?: readonly LocalContactId[];
  readonly clients?: readonly LocalClientId[];
  readonly staff?: readonly XpmStaffId[];
}

/** How many of each kind were removed, and how many were kept because they are no longer stale or missing. */
export interface RemovalResult {
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
  /** Records not removed: a sync found them in XPM again meanwhile, or they were already gone. */
  readonly kept: number;
}

/**
 * Removes stale and missing-in-XPM records from this browser (XPM is never written). Each record is
 * checked again inside the transaction, so one a sync brought back since the list was shown is kept.
 */
export async function removeRecords(store: SyncStore, request: RemovalRequest): Promise<RemovalResult> {
  const contactIds = [...new Set(request.contacts ?? [])];
  const clientIds = [...new Set(request.clients ?? [])];
  const staffIds = new Set(request.staff ?? []);
  return store.transact(async (tx) => {
    const contacts = (await tx.contactsByIds(contactIds)).filter(isRemovableContact);
    const clients = (await tx.clientsByIds(clientIds)).filter(isRemovableClient);
    const staff = (await tx.allStaff()).filter((s) => staffIds.has(s.id) && isRemovableStaff(s));
    await tx.deleteContacts(contacts.map((c) => c.id));
    await tx.deleteClients(clients.map((c) => c.id));
    await tx.deleteStaff(staff.map((s) => s.id));
    await forgetFingerprints(tx, clientsTouchedBy(contacts, clients));
    const removed = contacts.length + clients.length + staff.length;
    return {
      contacts: contacts.length,
      clients: clients.length,
      staff: staff.length,
      kept: contactIds.length + clientIds.length + staffIds.size - removed,
    };
  });
}
