/** The staff list's row model, built once per load. */
import type { StaffRecord } from '../../domain/records';
import type { AppDB } from '../../storage/db';
import { searchText, type Searchable } from './search';
import { LazyKeyedRow, rowComparator, type SortState } from './sort';
import { readAllRows } from './read-records';
import { CLIENT_SOURCE_LABEL, type ClientSource } from './client-rows';
import type { XpmStaffId } from '../../domain/ids';

export type StaffColumn = 'name' | 'email' | 'source';
export type StaffSource = ClientSource;
export const STAFF_SOURCE_LABEL = CLIENT_SOURCE_LABEL;

export class StaffRow extends LazyKeyedRow<StaffColumn> implements Searchable {
  readonly id: XpmStaffId;
  readonly source: StaffSource;
  readonly search: string;
  readonly digits = '';

  constructor(readonly record: StaffRecord) {
    super();
    this.id = record.id;
    this.source = record.missingInXpm ? 'missing' : record.state;
    this.search = searchText([record.name, record.email]);
  }

  protected sortText(column: StaffColumn): string {
    switch (column) {
      case 'name':
        return this.record.name;
      case 'email':
        return this.record.email;
      case 'source':
        return STAFF_SOURCE_LABEL[this.source];
    }
  }
}

export function toStaffRow(record: StaffRecord): StaffRow {
  return new StaffRow(record);
}

export const DEFAULT_STAFF_SORT: SortState<StaffColumn> = { column: 'name', direction: 'ascending' };

/** Every staff member as a row, already in DEFAULT_STAFF_SORT order. */
export function readStaffRows(db: AppDB): Promise<StaffRow[]> {
  return readAllRows(db, 'staff', toStaffRow, { compare: rowComparator(DEFAULT_STAFF_SORT) });
}

export type StaffSourceFilter = 'all' | StaffSource;

export function staffFilter(source: StaffSourceFilter): ((row: StaffRow) => boolean) | undefined {
  if (source === 'all') return undefined;
  return (row) => row.source === source;
}
