/**
 * Counts each kind of mess (data/mess.ts) in a practice. The generator uses it to make sure every
 * kind is present and reports the counts; the same numbers are in the README.
 */
import type { ClientRecord, ContactRecord, StaffRecord } from './model';
import type { MessKind } from './mess';
import { MESS_KINDS, TOO_LONG_FIELD_LENGTH } from './mess';

export interface MessSubject {
  readonly staff: readonly StaffRecord[];
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
}

/** A number followed by a bracketed note: `0411 111 111 (Leanne)`. */
export const PHONE_WITH_NOTE = /\d\s*\([^)]*[A-Za-z][^)]*\)/;
/** An Australian landline as the generator writes it. */
export const AU_LANDLINE = /^\(0[2378]\) \d{4} \d{4}$/;
export const SEVERAL_EMAILS = /@[^@]*[;,][^@]*@/;
export const EMAIL_WITH_TEXT = /@\S+\s+\(/;
/** A foreign mobile written the local way (no `+`): NZ, UK, Singapore, US. */
export const FOREIGN_WITHOUT_PLUS = /^(02[127] \d{3} \d{4}|079\d\d \d{6,7}|9\d{3} \d{4}|\(415\) 555-\d{4})$/;
export const FORMULA_START = /^\s*[=+\-@]/;
export const MARKUP = /[&<>"]/;
export const NON_LATIN = /[^\u0000-\u024F\u1E00-\u1EFF\u2000-\u206F]/;
export const RTL = /[\u0590-\u08FF]/;

function inc(counts: Record<MessKind, number>, kind: MessKind, when: boolean): void {
  if (when) counts[kind] += 1;
}

export function countMess(practice: MessSubject): Record<MessKind, number> {
  const counts = Object.fromEntries(MESS_KINDS.map((k) => [k, 0])) as Record<MessKind, number>;
  const staffIds = new Set(practice.staff.map((s) => s.uuid));
  const contactById = new Map(practice.contacts.map((c) => [c.uuid, c]));
  const linkCount = new Map<string, number>();
  const people = new Map<string, Set<string>>();
  for (const client of practice.clients) {
    inc(counts, 'client-missing-email', client.email === '');
    inc(counts, 'several-emails', SEVERAL_EMAILS.test(client.email));
    inc(counts, 'phone-with-note', PHONE_WITH_NOTE.test(client.phone));
    inc(counts, 'international-with-plus', client.phone.startsWith('+') && !client.phone.startsWith('+61'));
    inc(counts, 'international-without-plus', FOREIGN_WITHOUT_PLUS.test(client.phone));
    inc(counts, 'archived-client', client.isArchived);
    inc(counts, 'deleted-client', client.isDeleted);
    inc(counts, 'prospect-client', client.isProspect);
    inc(counts, 'client-without-contacts', client.contacts.length === 0);
    inc(counts, 'missing-partner', client.accountManager === null);
    inc(counts, 'unknown-partner', client.accountManager !== null && !staffIds.has(client.accountManager.uuid));
    inc(
      counts,
      'individual-missing-name',
      client.tax?.businessStructure === 'Individual' && (client.firstName === '' || client.lastName === ''),
    );
    inc(counts, 'markup-characters', MARKUP.test(client.name));
    inc(counts, 'non-latin-name', NON_LATIN.test(client.name) && !RTL.test(client.name));
    inc(counts, 'rtl-text', RTL.test(client.name));
    inc(counts, 'code-export-only', client.clientCode === '' && client.exportCode !== '');
    inc(counts, 'code-missing', client.clientCode === '' && client.exportCode === '');
    inc(counts, 'business-structure-missing', client.tax === null);
    inc(counts, 'multi-line-postal-address', client.postalAddress.includes('\n'));
    inc(
      counts,
      'formula-text',
      client.notes.some((n) => FORMULA_START.test(n.text)) ||
        client.contacts.some((l) => FORMULA_START.test(l.position)),
    );
    inc(
      counts,
      'field-too-long',
      client.contacts.some((l) => l.position.length >= TOO_LONG_FIELD_LENGTH),
    );
    for (const link of client.contacts) {
      linkCount.set(link.contactUuid, (linkCount.get(link.contactUuid) ?? 0) + 1);
      const contact = contactById.get(link.contactUuid);
      if (!contact || contact.name === '' || contact.email === '') continue;
      const key = `${contact.name.toLowerCase()}\u0000${contact.email.toLowerCase()}`;
      const ids = people.get(key) ?? new Set<string>();
      ids.add(contact.uuid);
      people.set(key, ids);
    }
  }
  for (const contact of practice.contacts) {
    if (!linkCount.has(contact.uuid)) continue;
    inc(counts, 'phone-with-note', PHONE_WITH_NOTE.test(contact.mobile));
    inc(counts, 'landline-in-mobile', AU_LANDLINE.test(contact.mobile));
    inc(counts, 'contact-missing-email', contact.email === '' && !contact.isDeleted);
    inc(counts, 'several-emails', SEVERAL_EMAILS.test(contact.email));
    inc(counts, 'email-with-text', EMAIL_WITH_TEXT.test(contact.email));
    inc(counts, 'international-with-plus', contact.mobile.startsWith('+') && !contact.mobile.startsWith('+61'));
    inc(counts, 'international-without-plus', FOREIGN_WITHOUT_PLUS.test(contact.mobile));
    inc(counts, 'deleted-contact', contact.isDeleted);
    inc(counts, 'contact-missing-name', contact.name.trim() === '');
    inc(counts, 'markup-characters', MARKUP.test(contact.name));
    inc(counts, 'non-latin-name', NON_LATIN.test(contact.name) && !RTL.test(contact.name));
    inc(counts, 'rtl-text', RTL.test(contact.name));
  }
  for (const n of linkCount.values()) inc(counts, 'shared-contact', n > 1);
  for (const ids of people.values()) inc(counts, 'duplicate-person', ids.size > 1);
  for (const s of practice.staff) {
    inc(counts, 'staff-missing-email', s.email === '');
    inc(counts, 'staff-one-word-name', !s.name.trim().includes(' '));
  }
  return counts;
}
