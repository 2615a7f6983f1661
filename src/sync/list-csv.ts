/**
 * The lists as CSV files for Settings → Export (U4): contacts, clients and staff, one row per record.
 * Built like the Sync Summary (summary-csv.ts): UTF-8 with BOM, CRLF, every cell quoted, and every
 * cell a spreadsheet would run as a formula neutralised with a leading apostrophe.
 */
import Papa from 'papaparse';
import type { Address, ClientRecord, ContactRecord, StaffRecord } from '../domain/records';
import { connectionPractice, isPracticeContact, practiceOf } from '../domain/practice';
import { outstandingClientRejections, outstandingRejections } from '../domain/record-actions';
import type { ConnectionInfo } from '../domain/connection';
import { neutraliseCell } from './summary-csv';

export type ExportList = 'contacts' | 'clients' | 'staff';

export const EXPORT_LISTS: readonly ExportList[] = ['contacts', 'clients', 'staff'];

export const CONTACT_COLUMNS = [
  'Name',
  'Email',
  'Mobile',
  'State',
  'Origin',
  'Stale',
  'Missing in XPM',
  'Detached',
  'Practice',
  'Clients',
  'XPM contact ids',
  'XPM client ids',
  'Warnings',
  /** Reason codes of XPM's record now rejected: the row holds the last good values (the fix-list says more). */
  'Rejected in XPM',
  'Created',
  'Updated',
] as const;

export const CLIENT_COLUMNS = [
  'Code',
  'Legal name',
  'Title',
  'Email',
  'Phone',
  'Fax',
  'Partner',
  'Partner email',
  'Manager',
  'Manager email',
  'Entity type',
  'Business number',
  'First name',
  'Last name',
  'Salutation',
  'Group',
  'Groups',
  'Residential address',
  'Postal address',
  'Archived',
  'Prospect',
  'State',
  'Missing in XPM',
  'Practice',
  'XPM id',
  'Warnings',
  'Rejected in XPM',
  'Created',
  'Updated',
] as const;

export const STAFF_COLUMNS = [
  'Name',
  'First name',
  'Last name',
  'Email',
  'State',
  'Missing in XPM',
  'Practice',
  'XPM id',
  'Created',
  'Updated',
] as const;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
/** Each reason once, in the order found (one source may be rejected on one reason for several fields). */
const reasonCodes = (entries: readonly { readonly code: string }[]) =>
  [...new Set(entries.map((entry) => entry.code))].join('; ');
const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** One address as one cell: its lines, suburb, state, postcode and country, comma separated. */
const address = (a: Address) =>
  [a.line1, a.line2, a.line3, a.suburb, a.state, a.postcode, a.country].filter((part) => part !== '').join(', ');

function contactRow(contact: ContactRecord, practice: (contact: ContactRecord) => string): string[] {
  return [
    contact.name,
    contact.email,
    contact.mobile ?? '',
    contact.state,
    contact.origin,
    contact.stale ?? '',
    yesNo(contact.missingInXpm),
    yesNo(contact.forcedManual),
    practice(contact),
    [...new Set(contact.links.map((link) => link.clientName))].join('; '),
    contact.links.flatMap((link) => (link.contactId === null ? [] : [link.contactId])).join('; '),
    [...new Set(contact.links.map((link) => link.clientId))].join('; '),
    contact.warnings.join('; '),
    reasonCodes(outstandingRejections(contact)),
    iso(contact.createdAt),
    iso(contact.updatedAt),
  ];
}

function clientRow(client: ClientRecord, practice: string): string[] {
  return [
    client.code,
    client.legalName,
    client.title,
    client.email,
    client.phone,
    client.fax,
    client.partner.name,
    client.partner.email,
    client.manager?.name ?? '',
    client.manager?.email ?? '',
    client.entityType,
    client.abn,
    client.firstName,
    client.lastName,
    client.salutation,
    client.group ?? '',
    client.groups.join('; '),
    address(client.residential),
    address(client.postal),
    yesNo(client.archived),
    yesNo(client.prospect),
    client.state,
    yesNo(client.missingInXpm),
    practice,
    client.xpmId,
    client.warnings.join('; '),
    reasonCodes(outstandingClientRejections(client)),
    iso(client.createdAt),
    iso(client.updatedAt),
  ];
}

function staffRow(member: StaffRecord, practice: string): string[] {
  return [
    member.name,
    member.firstName,
    member.lastName,
    member.email,
    member.state,
    yesNo(member.missingInXpm),
    practice,
    member.id,
    iso(member.createdAt),
    iso(member.updatedAt),
  ];
}

function csvText(fields: readonly string[], rows: readonly string[][]): string {
  const body = Papa.unparse(
    { fields: [...fields], data: rows.map((row) => row.map(neutraliseCell)) },
    { quotes: true, newline: '\r\n', escapeFormulae: false },
  );
  return `\uFEFF${body}\r\n`;
}

export interface ListCsvInput {
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
  readonly staff: readonly StaffRecord[];
  /** Names the practice of records that carry no practice of their own (C4). */
  readonly connection: ConnectionInfo;
}

/** The CSV text of one list, and its row count. */
export function listCsv(list: ExportList, input: ListCsvInput): { text: string; rows: number } {
  const unstamped = connectionPractice(input.connection);
  const practiceName = (record: { readonly practice?: ContactRecord['practice'] }) =>
    practiceOf(record, unstamped).name;
  switch (list) {
    case 'contacts':
      return {
        text: csvText(
          CONTACT_COLUMNS,
          input.contacts.map((c) => contactRow(c, (k) => (isPracticeContact(k) ? practiceName(k) : ''))),
        ),
        rows: input.contacts.length,
      };
    case 'clients':
      return {
        text: csvText(
          CLIENT_COLUMNS,
          input.clients.map((c) => clientRow(c, practiceName(c))),
        ),
        rows: input.clients.length,
      };
    case 'staff':
      return {
        text: csvText(
          STAFF_COLUMNS,
          input.staff.map((s) => staffRow(s, practiceName(s))),
        ),
        rows: input.staff.length,
      };
  }
}

/** `xpm-contacts-20261124-031500.csv` (only [A-Za-z0-9._-]). */
export function exportFilename(what: ExportList | 'all-data', at: number, extension: 'csv' | 'json'): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `xpm-${what}-${stamp}.${extension}`;
}
