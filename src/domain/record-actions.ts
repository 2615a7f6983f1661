/**
 * What the user may do to a local record by hand: edit, delete or detach contacts (R4, R8) and remove
 * stale or missing records (R5, R6). Shared by the worker, which enforces it, and the page, which offers
 * only the actions a record allows. Removal is local only — XPM is never written — and a removed record
 * comes back only if its source is (or reappears) in XPM, as any new record would.
 */
import type { ClientRecord, ClientRejection, ContactRecord, ContactRejection, StaffRecord } from './records';

/** Only manual contacts are edited or deleted here; synced ones are edited in XPM (R4). */
export function isEditable(record: Pick<ContactRecord, 'state'>): boolean {
  return record.state === 'manual';
}

/** "Make manual" is offered on synced contacts (stale and missing ones included). */
export function canDetach(record: Pick<ContactRecord, 'state'>): boolean {
  return record.state === 'synced';
}

/** Stale or missing in XPM, synced or left manual by a disconnect (which keeps those marks). */
export function isRemovableContact(record: Pick<ContactRecord, 'stale' | 'missingInXpm'>): boolean {
  return record.stale !== null || record.missingInXpm;
}

export function isRemovableClient(record: Pick<ClientRecord, 'missingInXpm'>): boolean {
  return record.missingInXpm;
}

export function isRemovableStaff(record: Pick<StaffRecord, 'missingInXpm'>): boolean {
  return record.missingInXpm;
}

/**
 * The XPM rejections a contact shows: only while sync keeps it (synced, not detached, stale or missing
 * in XPM, whose own notices say why it is no longer updated).
 */
export function outstandingRejections(
  record: Pick<ContactRecord, 'state' | 'forcedManual' | 'stale' | 'missingInXpm' | 'rejectedInXpm'>,
): readonly ContactRejection[] {
  if (record.state !== 'synced' || record.forcedManual || record.stale !== null || record.missingInXpm) return [];
  return record.rejectedInXpm ?? [];
}

/**
 * The XPM rejections a client shows: only while sync keeps it (synced and still in XPM; a missing or
 * disconnected client has its own notice saying why it is no longer updated).
 */
export function outstandingClientRejections(
  record: Pick<ClientRecord, 'state' | 'missingInXpm' | 'rejectedInXpm'>,
): readonly ClientRejection[] {
  if (record.state !== 'synced' || record.missingInXpm) return [];
  return record.rejectedInXpm ?? [];
}
