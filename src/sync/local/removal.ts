/**
 * Which records the user may remove (R5, R6): stale contacts and contacts, clients and staff missing
 * in XPM. Removal is local only — XPM is never written — and a removed record comes back only if its
 * source is (or reappears) in XPM, as any new record would.
 */
import type { ClientRecord, ContactRecord, StaffRecord } from '../../domain/records';

export function isRemovableContact(record: Pick<ContactRecord, 'stale' | 'missingInXpm' | 'state'>): boolean {
  return record.state === 'synced' && (record.stale !== null || record.missingInXpm);
}

export function isRemovableClient(record: Pick<ClientRecord, 'missingInXpm'>): boolean {
  return record.missingInXpm;
}

export function isRemovableStaff(record: Pick<StaffRecord, 'missingInXpm'>): boolean {
  return record.missingInXpm;
}
