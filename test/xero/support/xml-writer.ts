/**
 * A small trusted XML serializer for tests: it escapes every value so that any legal XML 1.0 string
 * round-trips. CR and TAB are written as character references because XML parsers normalise a
 * literal CR to LF (XML 1.0 §2.11).
 */
import type { XpmClient, XpmContact, XpmRef, XpmStaff } from '../../../src/xero/types';

export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/["'\t\n]/g, (c) =>
    c === '"' ? '&quot;' : c === "'" ? '&apos;' : c === '\t' ? '&#9;' : '&#10;',
  );
}

/** Removes characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF). */
export function xmlLegal(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

export function element(name: string, value: string): string {
  return value === '' ? `<${name}></${name}>` : `<${name}>${escapeText(value)}</${name}>`;
}

const yesNo = (flag: boolean): string => (flag ? 'Yes' : 'No');

export interface WriteOptions {
  /** Field elements in this order (by element name); unlisted ones follow in the default order. */
  readonly order?: readonly string[];
  /** Element names to leave out entirely (their value must then be '' / false for a round trip). */
  readonly omit?: ReadonlySet<string>;
}

function ordered(parts: ReadonlyArray<readonly [string, string]>, options: WriteOptions): string {
  const omit = options.omit ?? new Set<string>();
  const order = options.order ?? [];
  const rank = (name: string): number => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return [...parts]
    .filter(([name]) => !omit.has(name))
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([, xml]) => xml)
    .join('');
}

/** `<ID>` (XPM's integer id) is written only when the record has one, as XPM 3.1 omits it. */
function idXml(numericId: string): string {
  return numericId === '' ? '' : element('ID', numericId);
}

function refXml(name: string, ref: XpmRef): string {
  return `<${name}>${idXml(ref.numericId)}${element('UUID', ref.uuid)}${element('Name', ref.name)}</${name}>`;
}

export function contactXml(contact: XpmContact): string {
  return (
    '<Contact>' +
    idXml(contact.numericId) +
    element('UUID', contact.uuid) +
    element('Name', contact.name) +
    element('Salutation', contact.salutation) +
    element('Addressee', contact.addressee) +
    element('Mobile', contact.mobile) +
    element('Email', contact.email) +
    element('Phone', contact.phone) +
    element('IsDeleted', yesNo(contact.isDeleted)) +
    element('IsPrimary', yesNo(contact.isPrimary)) +
    element('Position', contact.position) +
    '</Contact>'
  );
}

export function clientXml(client: XpmClient, options: WriteOptions = {}): string {
  const text = (name: string, value: string): [string, string] => [name, element(name, value)];
  const parts: Array<[string, string]> = [
    ['ID', idXml(client.numericId)],
    text('UUID', client.uuid),
    text('Name', client.name),
    text('Title', client.title),
    text('FirstName', client.firstName),
    text('LastName', client.lastName),
    text('Email', client.email),
    text('Address', client.address),
    text('City', client.city),
    text('Region', client.region),
    text('PostCode', client.postCode),
    text('Country', client.country),
    text('PostalAddress', client.postalAddress),
    text('PostalCity', client.postalCity),
    text('PostalRegion', client.postalRegion),
    text('PostalPostCode', client.postalPostCode),
    text('PostalCountry', client.postalCountry),
    text('Phone', client.phone),
    text('Fax', client.fax),
    text('Website', client.website),
    text('ClientCode', client.clientCode),
    text('ExportCode', client.exportCode),
    text('IsProspect', yesNo(client.isProspect)),
    text('IsArchived', yesNo(client.isArchived)),
    text('IsDeleted', yesNo(client.isDeleted)),
    text('BusinessNumber', client.businessNumber),
    text('BusinessStructure', client.businessStructure),
    [
      'Contacts',
      client.contacts.length === 0
        ? '<Contacts />'
        : `<Contacts>${client.contacts.map(contactXml).join('')}</Contacts>`,
    ],
    [
      'Groups',
      client.groups.length === 0
        ? '<Groups />'
        : `<Groups>${client.groups.map((g) => refXml('Group', g)).join('')}</Groups>`,
    ],
  ];
  if (client.accountManager !== null) parts.push(['AccountManager', refXml('AccountManager', client.accountManager)]);
  if (client.jobManager !== null) parts.push(['JobManager', refXml('JobManager', client.jobManager)]);
  return `<Client>${ordered(parts, options)}</Client>`;
}

export function clientListXml(clients: readonly XpmClient[], options: WriteOptions = {}): string {
  const body =
    clients.length === 0 ? '<Clients />' : `<Clients>${clients.map((c) => clientXml(c, options)).join('')}</Clients>`;
  return `<Response api-method="List"><Status>OK</Status>${body}</Response>`;
}

export function staffXml(staff: XpmStaff): string {
  return (
    '<Staff>' +
    idXml(staff.numericId) +
    element('UUID', staff.uuid) +
    element('Name', staff.name) +
    element('Email', staff.email) +
    element('Phone', staff.phone) +
    element('Mobile', staff.mobile) +
    element('Address', '') +
    element('PayrollCode', '') +
    '</Staff>'
  );
}

export function staffListXml(staff: readonly XpmStaff[]): string {
  return `<Response api-method="List"><Status>OK</Status><StaffList>${staff.map(staffXml).join('')}</StaffList></Response>`;
}

/** A client with every field empty, for building examples by spreading. */
export const EMPTY_CLIENT: XpmClient = {
  key: null,
  uuid: '',
  numericId: '',
  name: '',
  title: '',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  fax: '',
  website: '',
  address: '',
  city: '',
  region: '',
  postCode: '',
  country: '',
  postalAddress: '',
  postalCity: '',
  postalRegion: '',
  postalPostCode: '',
  postalCountry: '',
  clientCode: '',
  exportCode: '',
  businessNumber: '',
  businessStructure: '',
  isArchived: false,
  isDeleted: false,
  isProspect: false,
  accountManager: null,
  jobManager: null,
  groups: [],
  contacts: [],
};

export const EMPTY_CONTACT: XpmContact = {
  key: null,
  uuid: '',
  numericId: '',
  name: '',
  salutation: '',
  addressee: '',
  mobile: '',
  email: '',
  phone: '',
  position: '',
  isPrimary: false,
  isDeleted: false,
};
