/** The contacts list's row model: each contact with its search text and sort keys, built once per load. */
import type { ContactRecord } from '../../domain/records';
import type { AppDB } from '../../storage/db';
import { phoneDigits, searchText, type Searchable } from './search';
import { LazyKeyedRow, rowComparator, sortRows, type SortState } from './sort';
import { readAllRows } from './read-records';
import { contactById, firstRecords } from '../../storage/queries';
import type { LocalContactId } from '../../domain/ids';
import { outstandingRejections } from '../../domain/record-actions';
import { plural } from '../format';

export type ContactColumn = 'name' | 'email' | 'mobile' | 'clients' | 'source' | 'warnings';

/** Where a contact stands, for the Source column and filter (PRODUCT.md U1). */
export type ContactSource = 'synced' | 'manual' | 'stale' | 'missing';

export const CONTACT_SOURCE_LABEL: Readonly<Record<ContactSource, string>> = {
  synced: 'Synced',
  manual: 'Manual',
  stale: 'Stale',
  missing: 'Missing in XPM',
};

/** The one state shown for a contact: missing in XPM outranks stale, which outranks synced/manual. */
export function contactSource(record: ContactRecord): ContactSource {
  if (record.missingInXpm) return 'missing';
  if (record.stale !== null) return 'stale';
  return record.state;
}

function clientsLabel(record: ContactRecord): string {
  const names = [...new Set(record.links.map((link) => link.clientName))];
  if (names.length <= 1) return names[0] ?? '';
  return `${names[0] ?? ''} +${names.length - 1}`;
}

export class ContactRow extends LazyKeyedRow<ContactColumn> implements Searchable {
  readonly id: LocalContactId;
  readonly source: ContactSource;
  /** The XPM clients it comes from, for the Clients column. */
  readonly clientsLabel: string;
  readonly search: string;
  readonly digits: string;
  /**
   * Its XPM source's outstanding rejections (the record carries them, so no query per row): XPM's
   * record of this person is now rejected and these are the last good values.
   */
  readonly rejections: number;

  constructor(readonly record: ContactRecord) {
    super();
    this.id = record.id;
    this.source = contactSource(record);
    this.clientsLabel = clientsLabel(record);
    this.search = searchText([record.name, record.email, record.mobile]);
    this.digits = phoneDigits(record.mobile);
    // Nearly every contact has none: one property read per row on the 50,000-row load.
    this.rejections = record.rejectedInXpm === undefined ? 0 : outstandingRejections(record).length;
  }

  /** Warnings and outstanding XPM rejections: what the Status filter's "With warnings" selects. */
  get problems(): number {
    return this.record.warnings.length + this.rejections;
  }

  protected sortText(column: ContactColumn): string | null {
    switch (column) {
      case 'name':
        return this.record.name;
      case 'email':
        return this.record.email;
      case 'mobile':
        return this.record.mobile;
      case 'clients':
        return this.clientsLabel;
      case 'source':
        return CONTACT_SOURCE_LABEL[this.source];
      case 'warnings':
        return this.problems === 0 ? null : String(this.problems);
    }
  }
}

export function toContactRow(record: ContactRecord): ContactRow {
  return new ContactRow(record);
}

export const DEFAULT_CONTACT_SORT: SortState<ContactColumn> = { column: 'name', direction: 'ascending' };

/**
 * Rows for the first paint: about three screens of rows. Enough to fill a tall window with overscan
 * while the full list loads, few enough to read from the name index in a few milliseconds.
 */
export const FIRST_PAINT_ROWS = 100;

export async function readFirstContactRows(db: AppDB): Promise<ContactRow[]> {
  const records = await firstRecords(db, 'contacts', FIRST_PAINT_ROWS);
  return sortRows(records.map(toContactRow), DEFAULT_CONTACT_SORT);
}

/** Every contact as a row, already in DEFAULT_CONTACT_SORT order. */
export function readContactRows(db: AppDB): Promise<ContactRow[]> {
  return readAllRows(db, 'contacts', toContactRow, { compare: rowComparator(DEFAULT_CONTACT_SORT) });
}

export type ContactSourceFilter = 'all' | ContactSource;
export type ContactStatusFilter = 'all' | 'warnings' | 'no-warnings';

/** Filters are not exclusive of each other: a stale contact can also be missing in XPM. */
export function contactFilter(
  source: ContactSourceFilter,
  status: ContactStatusFilter,
): ((row: ContactRow) => boolean) | undefined {
  if (source === 'all' && status === 'all') return undefined;
  return (row) => {
    const r = row.record;
    if (source === 'synced' && !(r.state === 'synced' && r.stale === null && !r.missingInXpm)) return false;
    if (source === 'manual' && r.state !== 'manual') return false;
    if (source === 'stale' && r.stale === null) return false;
    if (source === 'missing' && !r.missingInXpm) return false;
    if (status === 'warnings' && row.problems === 0) return false;
    if (status === 'no-warnings' && row.problems > 0) return false;
    return true;
  };
}

/** The Warnings column: a contact XPM now rejects says so first (it is not being updated), then its warnings. */
export function warningsLabel(row: ContactRow): string {
  const parts: string[] = [];
  if (row.rejections > 0) parts.push(REJECTED_IN_XPM);
  const warnings = row.record.warnings.length;
  if (warnings > 0) parts.push(plural(warnings, 'warning', 'warnings'));
  return parts.join(', ');
}

/** The list's words for a contact whose XPM source is now rejected (its detail panel says why). */
export const REJECTED_IN_XPM = 'Not updated: rejected in XPM';

/** One contact by id (the detail panel reads it live, so it updates while open). */
export function readContact(db: AppDB, id: LocalContactId): Promise<ContactRecord | undefined> {
  return contactById(db, id);
}
