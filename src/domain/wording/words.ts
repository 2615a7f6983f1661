/**
 * The building blocks of issue wording: how records, fields and values are named in a sentence,
 * and where in XPM's screens each kind of record is edited. Full sentences live in findings.ts.
 * Nothing here reads phone metadata (the page renders stored findings with it): an example number
 * is one of a finding's facts.
 */
import { assertNever } from '../assert-never';
import type { ClientName, Place, RegionCode } from '../findings';
import { cutAtCodePoint } from '../text';

/** Values quoted inside a sentence are cut here: the full value is in the issue's `value`. */
const QUOTED_VALUE_CHARS = 80;

/** Line breaks and control characters would break a one-line message (and a CSV row's readability). */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

/** A value inside ‘quotes’, on one line and at most QUOTED_VALUE_CHARS long. */
export function q(value: string): string {
  const line = value.replace(UNPRINTABLE, ' ');
  const cut = cutAtCodePoint(line, QUOTED_VALUE_CHARS);
  return `‘${cut}${cut.length < line.length ? '…' : ''}’`;
}

/** `client ‘Acme Pty Ltd’`, or by code or UUID when the client has no name. */
export function clientRef(client: ClientName): string {
  if (client.name !== '') return `client ${q(client.name)}`;
  if (client.code !== '') return `the client with code ${q(client.code)}`;
  return `the unnamed client with XPM UUID ${q(client.id)}`;
}

/** `‘Leanne Smith’`, or `the contact with email ‘jo@x.com’` for an unnamed one. */
export function contactRef(person: string, email: string): string {
  if (person !== '') return q(person);
  if (email.trim() !== '') return `the contact with email ${q(email.trim())}`;
  return 'the contact with no name or email';
}

/** `‘Jo Bloggs’`, or by email or UUID for an unnamed staff member. */
export function staffRef(person: string, email: string, id: string): string {
  if (person !== '') return q(person);
  if (email.trim() !== '') return `the staff member with email ${q(email.trim())}`;
  return `the staff member with XPM UUID ${q(id)}`;
}

/** The record in a sentence: "contact ‘Leanne Smith’ of client ‘Acme’", "staff member ‘Jo’", … */
export function subjectOf(place: Place): string {
  switch (place.kind) {
    case 'contact':
      return `${place.person === '' ? '' : 'contact '}${contactRef(place.person, place.email)} of ${clientRef(place.client)}`;
    case 'client-details':
    case 'client':
      return clientRef(place.client);
    case 'staff':
      return `${place.person === '' ? '' : 'staff member '}${staffRef(place.person, place.email, place.id)}`;
    default:
      return assertNever(place, 'place');
  }
}

/** Where to go in XPM to edit the field, ending where the sentence continues with "and …". */
export function whereInXpm(place: Place): string {
  switch (place.kind) {
    case 'contact':
      return `In XPM open ${clientRef(place.client)} → Contacts → ${contactRef(place.person, place.email)}`;
    case 'client-details':
    case 'client':
      return `In XPM open ${clientRef(place.client)} → Edit`;
    case 'staff':
      return `In XPM go to Business → Settings → Staff → ${staffRef(place.person, place.email, place.id)}`;
    default:
      return assertNever(place, 'place');
  }
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Opens every message about a client-derived contact (R1b): why the client's own details were used. */
export function fallbackIntro(client: ClientName): string {
  return `${capitalise(clientRef(client))} has no contact with a name and a valid email, so its own details were used`;
}

/**
 * The advice for a client with no usable person (R1b): add a contact, or `fix` the client's own
 * details. `fix` completes "or …" and names the field, e.g. "fill in the client's own Email".
 */
export function fallbackAdvice(client: ClientName, fix: string, withMobile = false): string {
  const ref = clientRef(client);
  const person = withMobile ? 'a name, email and mobile' : 'a name and email';
  return `In XPM add a contact with ${person} to ${ref} (Client → Contacts), or ${fix} (${ref} → Edit).`;
}

/** XPM's screen labels for the API element names used as `field`. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  ClientCode: 'Client Code',
  ExportCode: 'Export Code',
  AccountManager: 'Partner',
  JobManager: 'Manager',
  BusinessStructure: 'Business Structure',
  BusinessNumber: 'Business Number',
  FirstName: 'First Name',
  LastName: 'Last Name',
  PostalAddress: 'Postal Address',
  PostalCity: 'Postal City',
  PostalRegion: 'Postal Region',
  PostalPostCode: 'Postal Post Code',
  PostalCountry: 'Postal Country',
  PostCode: 'Post Code',
};

/** How XPM's screens label an API field (`AccountManager` → `Partner`). */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Country names by code, filled on first use: Intl lookups would dominate a run with many rejections. */
const countryNames = new Map<RegionCode, string>();

/** "Australia" for AU; the code itself where the runtime has no region names. */
export function countryName(country: RegionCode | null): string {
  if (country === null) return 'no country';
  let name = countryNames.get(country);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
    } catch {
      name = country;
    }
    countryNames.set(country, name);
  }
  return name;
}

/** An overseas mobile written the way R2 wants it: with + and the country code. */
export function internationalExample(country: RegionCode | null): string {
  return country === 'NZ' ? '+61 412 345 678' : '+64 21 555 0199';
}

/**
 * "a landline in Australia", preceded by how the number was read when that differs from what was
 * typed (`021 555 0199` read in Australia is `(02) 1555 0199`).
 */
export function readingOf(
  typed: string,
  national: string,
  type: string | undefined,
  country: RegionCode | null,
): string {
  const kind = `${numberKind(type)}${country === null ? '' : ` in ${countryName(country)}`}`;
  return typed.trim() === national ? kind : `read as ${national}, ${kind}`;
}

/** What a non-mobile number is, in words ("a landline"). */
export function numberKind(type: string | undefined): string {
  switch (type) {
    case 'FIXED_LINE':
      return 'a landline';
    case 'TOLL_FREE':
      return 'a toll-free number';
    case 'SHARED_COST':
      return 'a shared-cost number (such as 1300)';
    case 'PREMIUM_RATE':
      return 'a premium-rate number';
    case 'VOIP':
      return 'an internet (VoIP) number';
    case 'PERSONAL_NUMBER':
      return 'a personal (forwarding) number';
    case 'PAGER':
      return 'a pager number';
    case 'UAN':
      return 'a company switchboard (UAN) number';
    case 'VOICEMAIL':
      return 'a voicemail number';
    default:
      return 'not a mobile number';
  }
}
