/** The clients list's row model, built once per load. */
import type { ClientRecord } from '../../domain/records';
import type { AppDB } from '../../storage/db';
import { searchText, phoneDigits, type Searchable } from './search';
import { LazyKeyedRow, rowComparator, sortRows, type SortState } from './sort';
import { readAllRows } from './read-records';
import { firstRecords } from '../../storage/queries';
import { FIRST_PAINT_ROWS } from './contact-rows';
import { outstandingClientRejections } from '../../domain/record-actions';
import type { LocalClientId } from '../../domain/ids';

export type ClientColumn = 'legalName' | 'code' | 'email' | 'partner' | 'entityType' | 'status';

export type ClientSource = 'synced' | 'disconnected' | 'missing';

export const CLIENT_SOURCE_LABEL: Readonly<Record<ClientSource, string>> = {
  synced: 'Synced',
  disconnected: 'Disconnected',
  missing: 'Missing in XPM',
};

export function clientSource(record: ClientRecord): ClientSource {
  return record.missingInXpm ? 'missing' : record.state;
}

/** "Archived", "Prospect", "Archived prospect" or "Active". */
export function clientStatusLabel(record: ClientRecord): string {
  if (record.archived && record.prospect) return 'Archived prospect';
  if (record.archived) return 'Archived';
  if (record.prospect) return 'Prospect';
  return 'Active';
}

export class ClientRow extends LazyKeyedRow<ClientColumn> implements Searchable {
  readonly id: LocalClientId;
  readonly source: ClientSource;
  readonly statusLabel: string;
  readonly search: string;
  readonly digits: string;
  /**
   * Its outstanding XPM rejections (the record carries them, so no query per row): XPM's record of this
   * client is now rejected and these are the last good values.
   */
  readonly rejections: number;

  constructor(readonly record: ClientRecord) {
    super();
    this.id = record.id;
    this.source = clientSource(record);
    this.statusLabel = clientStatusLabel(record);
    this.search = searchText([record.legalName, record.code, record.email, record.partner.name, record.partner.email]);
    this.digits = phoneDigits(record.phone);
    // One property read per row on the 50,000-row load; the rule only for a record that carries some.
    this.rejections = record.rejectedInXpm === undefined ? 0 : outstandingClientRejections(record).length;
  }

  /** Warnings and outstanding XPM rejections: what the Status filter's "With warnings" selects. */
  get problems(): number {
    return this.record.warnings.length + this.rejections;
  }

  protected sortText(column: ClientColumn): string | null {
    switch (column) {
      case 'legalName':
        return this.record.legalName;
      case 'code':
        return this.record.code;
      case 'email':
        return this.record.email;
      case 'partner':
        return this.record.partner.name || this.record.partner.email;
      case 'entityType':
        return this.record.entityType;
      case 'status':
        return this.statusLabel;
    }
  }
}

export function toClientRow(record: ClientRecord): ClientRow {
  return new ClientRow(record);
}

export const DEFAULT_CLIENT_SORT: SortState<ClientColumn> = { column: 'legalName', direction: 'ascending' };

export async function readFirstClientRows(db: AppDB): Promise<ClientRow[]> {
  const records = await firstRecords(db, 'clients', FIRST_PAINT_ROWS);
  return sortRows(records.map(toClientRow), DEFAULT_CLIENT_SORT);
}

/** Every client as a row, already in DEFAULT_CLIENT_SORT order. */
export function readClientRows(db: AppDB): Promise<ClientRow[]> {
  return readAllRows(db, 'clients', toClientRow, { compare: rowComparator(DEFAULT_CLIENT_SORT) });
}

export type ClientSourceFilter = 'all' | ClientSource;
export type ClientStatusFilter = 'all' | 'active' | 'archived' | 'prospect' | 'warnings';

export function clientFilter(
  source: ClientSourceFilter,
  status: ClientStatusFilter,
): ((row: ClientRow) => boolean) | undefined {
  if (source === 'all' && status === 'all') return undefined;
  return (row) => {
    const r = row.record;
    if (source === 'synced' && !(r.state === 'synced' && !r.missingInXpm)) return false;
    if (source === 'disconnected' && r.state !== 'disconnected') return false;
    if (source === 'missing' && !r.missingInXpm) return false;
    if (status === 'active' && (r.archived || r.prospect)) return false;
    if (status === 'archived' && !r.archived) return false;
    if (status === 'prospect' && !r.prospect) return false;
    if (status === 'warnings' && row.problems === 0) return false;
    return true;
  };
}
