/** fast-check generators for XPM records, values and hostile XML-ish text. */
import fc from 'fast-check';
import type { XpmClient, XpmContact, XpmRef, XpmStaffRef } from '../../../src/xero/types';
import { xpmClientKey, xpmContactKey, xpmStaffKey } from '../../../src/domain/ids';
import { xmlLegal } from './xml-writer';

/** Strings that tempt parsers to convert, trim or unescape (reliability.md XM-6, §10 row 10). */
const TRICKY = [
  '0412345678',
  '007',
  '1E5',
  '0x1F',
  '9007199254740993',
  '0800',
  '-0',
  '  padded  ',
  '\t\n',
  '<',
  '&',
  '&amp;',
  ']]>',
  '"quoted"',
  "it's",
  '\r\n',
  '\r',
  '=HYPERLINK("x")',
  '\u202E',
  'Yes',
  '__proto__',
];

/** Any XML-legal value, from every corner: binary and grapheme strings, digits, tricky constants. */
export const anyValue: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.stringMatching(/^0\d{0,30}$/),
    fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
    fc.constantFrom(...TRICKY),
    fc.array(fc.constantFrom(...TRICKY), { maxLength: 4 }).map((parts) => parts.join('')),
  )
  .map(xmlLegal);

/** Values a parser without entity handling reads identically: no markup characters, no CR. */
export const plainValue: fc.Arbitrary<string> = anyValue.map((v) => v.replace(/[&<>\r]/g, ''));

/** Values for the entity-decoding comparison: markup characters allowed, CR excluded (written as &#13;). */
export const escapedValue: fc.Arbitrary<string> = anyValue.map((v) => v.replace(/\r/g, ''));

/** XPM's integer ids as XPM 3.0 sends them, or none (3.1). */
const numericIdArb = fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 99_999_999 }).map(String));

function refArb(value: fc.Arbitrary<string>): fc.Arbitrary<XpmRef> {
  return fc.record({ uuid: fc.uuid(), numericId: numericIdArb, name: value });
}

/** A staff reference with the key the reader derives from its ids. */
function staffRefArb(value: fc.Arbitrary<string>): fc.Arbitrary<XpmStaffRef> {
  return refArb(value).map((ref) => ({ ...ref, key: xpmStaffKey(ref.uuid, ref.numericId) }));
}

function contactArb(value: fc.Arbitrary<string>): fc.Arbitrary<XpmContact> {
  return fc
    .record({
      uuid: fc.oneof(fc.uuid(), value),
      numericId: fc.oneof(numericIdArb, value),
      name: value,
      salutation: value,
      addressee: value,
      mobile: value,
      email: value,
      phone: value,
      position: value,
      isPrimary: fc.boolean(),
      isDeleted: fc.boolean(),
    })
    .map((contact) => ({ ...contact, key: xpmContactKey(contact.uuid, contact.numericId) }));
}

export function clientArb(value: fc.Arbitrary<string> = anyValue): fc.Arbitrary<XpmClient> {
  return fc
    .record({
      uuid: fc.oneof(fc.uuid(), value),
      numericId: fc.oneof(numericIdArb, value),
      name: value,
      title: value,
      firstName: value,
      lastName: value,
      email: value,
      phone: value,
      fax: value,
      website: value,
      address: value,
      city: value,
      region: value,
      postCode: value,
      country: value,
      postalAddress: value,
      postalCity: value,
      postalRegion: value,
      postalPostCode: value,
      postalCountry: value,
      clientCode: value,
      exportCode: value,
      businessNumber: value,
      businessStructure: value,
      isArchived: fc.boolean(),
      isDeleted: fc.boolean(),
      isProspect: fc.boolean(),
      accountManager: fc.option(staffRefArb(value), { nil: null }),
      jobManager: fc.option(staffRefArb(value), { nil: null }),
      groups: fc.array(refArb(value), { maxLength: 3 }),
      contacts: fc.array(contactArb(value), { maxLength: 3 }),
    })
    .map((client) => ({ ...client, key: xpmClientKey(client.uuid, client.numericId) }));
}

/** Element names a client may contain, for shuffling field order. */
export const CLIENT_ELEMENTS = [
  'UUID',
  'Name',
  'Title',
  'FirstName',
  'LastName',
  'Email',
  'Address',
  'City',
  'Region',
  'PostCode',
  'Country',
  'PostalAddress',
  'PostalCity',
  'PostalRegion',
  'PostalPostCode',
  'PostalCountry',
  'Phone',
  'Fax',
  'Website',
  'ClientCode',
  'ExportCode',
  'IsProspect',
  'IsArchived',
  'IsDeleted',
  'BusinessNumber',
  'BusinessStructure',
  'Contacts',
  'Groups',
  'AccountManager',
  'JobManager',
] as const;

/** Cut points that split `length` characters into pieces: any number, anywhere. */
export function cutsArb(length: number): fc.Arbitrary<number[]> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 })
    .map((cuts) => cuts.sort((a, b) => a - b));
}

export function splitAt(text: string, cuts: readonly number[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut <= from || cut >= text.length) continue;
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** Fragments that steer random text into the parser's and the reader's interesting states. */
const XMLISH = [
  '<Response>',
  '</Response>',
  '<Response api-method="List">',
  '<Status>OK</Status>',
  '<Status>ERROR</Status>',
  '<ErrorDescription>e</ErrorDescription>',
  '<Clients>',
  '</Clients>',
  '<Clients/>',
  '<Client>',
  '</Client>',
  '<Name>',
  '</Name>',
  '<UUID>1</UUID>',
  '<Contacts>',
  '</Contacts>',
  '<Contact>',
  '</Contact>',
  '<IsPrimary>Yes</IsPrimary>',
  '<AccountManager>',
  '</AccountManager>',
  '<Groups><Group><Name>g</Name></Group></Groups>',
  '<StaffList>',
  '<Staff>',
  '<!DOCTYPE',
  '<!ENTITY',
  '<!doctype',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<?pi x?>',
  '&amp;',
  '&#x41;',
  '&#0;',
  '&#xD800;',
  '&bogus;',
  '&',
  '<',
  '>',
  '/>',
  '</',
  '"',
  "'",
  '=',
  '__proto__',
  'constructor',
  '<__proto__>',
  '<a>',
  '</a>',
  'x',
  ' ',
  '\n',
  '\r',
  '\uFEFF',
  '\uD800',
  '\u0000',
  '\uFFFF',
  '😀',
];

/** Arbitrary text, mostly XML-shaped, including illegal characters and broken markup. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.oneof(fc.constantFrom(...XMLISH), fc.string({ maxLength: 5 })), { maxLength: 60 })
    .map((parts) => parts.join('')),
);
