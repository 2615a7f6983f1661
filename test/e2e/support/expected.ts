/**
 * What a first sync should import, computed straight from the sandbox's data (GET /__sandbox/data)
 * by a deliberately separate, simpler reading of PRODUCT.md §4 — not by the app's engine — so the
 * end-to-end tests check the app against an independent oracle.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

interface Ref {
  uuid: string;
  name: string;
}
interface ContactView {
  uuid: string;
  name: string;
  email: string;
  mobile: string;
  isDeleted: boolean;
}
interface ClientView {
  uuid: string;
  name: string;
  email: string;
  phone: string;
  clientCode: string;
  exportCode: string;
  firstName: string;
  lastName: string;
  isArchived: boolean;
  isDeleted: boolean;
  accountManager: Ref | null;
  businessStructure: string | null;
  contacts: ContactView[];
}
interface StaffView {
  uuid: string;
  name: string;
  email: string;
}
export interface PracticeData {
  clients: ClientView[];
  staff: StaffView[];
}

const collapse = (s: string) => s.replace(/\s+/gu, ' ').trim();
export const hasLetter = (s: string) => /\p{L}/u.test(s);
/** One address: local@domain.tld, no spaces, separators or extra text. */
const EMAIL = /^[^\s@,;<>()[\]"]+@[^\s@,;<>()[\]"]+\.[\p{L}]{2,}$/u;
export const validEmail = (raw: string) => {
  const e = raw.trim();
  return EMAIL.test(e) && !e.includes('..') && !/@[.-]|[.-]$|\.@/.test(e) && !/\.-|-\./.test(e.split('@')[1] ?? '');
};
const PHONE_CHARS = /^\+?[\d\s\-.()\u2010-\u2015]+$/u;

type PhoneVerdict = 'blank' | 'mobile' | 'other-valid' | 'invalid';
export function phone(raw: string, country = 'AU'): PhoneVerdict {
  const text = raw.trim();
  if (text === '') return 'blank';
  if (!PHONE_CHARS.test(text)) return 'invalid';
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country as 'AU', extract: false });
  if (!parsed?.isValid()) return 'invalid';
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined ? 'mobile' : 'other-valid';
}

export interface Expected {
  /** Distinct people imported as contacts (R1–R3). */
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
  readonly clientsSkipped: number;
  /** Identity keys of the imported contacts. */
  readonly identities: ReadonlySet<string>;
}

export function identity(name: string, email: string): string {
  return `${collapse(name).toLowerCase()}|${email.trim().toLowerCase()}`;
}

export function expectedFirstSync(data: PracticeData): Expected {
  const staff = data.staff.filter(
    (s) => hasLetter(s.name) && collapse(s.name).split(' ').length >= 2 && validEmail(s.email),
  );
  const staffIds = new Set(staff.map((s) => s.uuid));
  const identities = new Set<string>();
  let clients = 0;
  let skipped = 0;
  for (const client of data.clients) {
    if (client.isDeleted || client.isArchived) {
      skipped += 1;
      continue;
    }
    const people = client.contacts.filter((c) => !c.isDeleted && hasLetter(c.name) && validEmail(c.email));
    if (people.length > 0) {
      for (const person of people)
        if (phone(person.mobile) === 'blank' || phone(person.mobile) === 'mobile')
          identities.add(identity(person.name, person.email));
    } else if (hasLetter(client.name) && validEmail(client.email) && phone(client.phone) !== 'invalid') {
      identities.add(identity(client.name, client.email));
    }
    const structure = collapse(client.businessStructure ?? '');
    const individual = /^(individual|sole ?trader)$/i.test(structure);
    const ok =
      collapse(client.name) !== '' &&
      (client.clientCode.trim() !== '' || client.exportCode.trim() !== '') &&
      client.accountManager !== null &&
      staffIds.has(client.accountManager.uuid) &&
      structure !== '' &&
      (!individual || (collapse(client.firstName) !== '' && collapse(client.lastName) !== ''));
    if (ok) clients += 1;
  }
  return { contacts: identities.size, clients, staff: staff.length, clientsSkipped: skipped, identities };
}
