/**
 * What disconnecting (C6) — or switching to another practice (C4) — does to local records: synced
 * contacts become manual but keep their XPM link metadata, so reconnecting the same practice relinks
 * them (R4a); client and staff mirrors are kept, marked disconnected.
 */
import type { ClientRecord, ContactRecord, StaffRecord } from '../../domain/records';

export function contactAfterDisconnect(contact: ContactRecord, now: number): ContactRecord {
  return contact.state === 'synced' ? { ...contact, state: 'manual', updatedAt: now } : contact;
}

export function clientAfterDisconnect(client: ClientRecord, now: number): ClientRecord {
  return client.state === 'synced' ? { ...client, state: 'disconnected', updatedAt: now } : client;
}

export function staffAfterDisconnect(staff: StaffRecord, now: number): StaffRecord {
  return staff.state === 'synced' ? { ...staff, state: 'disconnected', updatedAt: now } : staff;
}
