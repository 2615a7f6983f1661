/**
 * Column sorting for list rows. Rows carry a precomputed sort key per column (folded once per data
 * load), so a sort compares plain strings: an Intl.Collator comparison is several times slower, and
 * sorting 25,000 rows with it would block the page for longer than a frame budget allows.
 */
import { foldText } from './search';

export type SortDirection = 'ascending' | 'descending';

export interface SortState<C extends string> {
  readonly column: C;
  readonly direction: SortDirection;
}

/** Digit runs are zero-padded to this width so "Client 2" sorts before "Client 10" in a plain string compare. */
const NUMBER_PAD = 12;
/** Empty values sort after every real value (in both directions) so blanks never crowd the top. */
const EMPTY_LAST = '\uffff';

/** The sort key of a display value: folded, with numbers padded; blanks sort last. */
export function sortKey(value: string | null | undefined): string {
  const text = (value ?? '').trim();
  if (text === '') return EMPTY_LAST;
  return foldText(text).replace(/\d+/g, (digits) => digits.padStart(NUMBER_PAD, '0'));
}

export interface Sortable<C extends string> {
  readonly id: string;
  /** The row's sort key for `column` (see sortKey). */
  sortKey(column: C): string;
}

/**
 * A list row whose sort keys are computed the first time a column is sorted, then kept. Loading
 * 25,000 rows then folds only the default sort column: building every column's key up front made
 * ~30 short-lived strings per row, and the garbage collection that caused stretched reads into long tasks.
 */
export abstract class LazyKeyedRow<C extends string> implements Sortable<C> {
  abstract readonly id: string;
  // A plain object, not a Map: comparisons read it ~15 times per row per sort, and property reads are several times faster.
  private keyCache: Partial<Record<C, string>> | undefined;

  /** The display text a column sorts by. */
  protected abstract sortText(column: C): string | null;

  sortKey(column: C): string {
    this.keyCache ??= {};
    const cache: Partial<Record<C, string>> = this.keyCache;
    const known = cache[column];
    if (known !== undefined) return known;
    const key = sortKey(this.sortText(column));
    cache[column] = key;
    return key;
  }
}

/** The order `state` defines (ties by id, so the order is stable across reloads). */
export function rowComparator<C extends string, R extends Sortable<C>>(state: SortState<C>): (a: R, b: R) => number {
  const { column } = state;
  const factor = state.direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const ka = a.sortKey(column);
    const kb = b.sortKey(column);
    if (ka !== kb) {
      if (ka === EMPTY_LAST) return 1;
      if (kb === EMPTY_LAST) return -1;
      return ka < kb ? -factor : factor;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** A new array of `rows` ordered by `state` (keys read once per row, then plain string comparisons). */
export function sortRows<C extends string, R extends Sortable<C>>(rows: readonly R[], state: SortState<C>): R[] {
  const { column } = state;
  const factor = state.direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row) => ({ key: row.sortKey(column), id: row.id, row }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === EMPTY_LAST) return 1;
      if (b.key === EMPTY_LAST) return -1;
      return a.key < b.key ? -factor : factor;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((entry) => entry.row);
}

/** Merges two arrays already sorted by `compare` into a new sorted array (O(a + b)). */
export function mergeSorted<R>(a: readonly R[], b: readonly R[], compare: (x: R, y: R) => number): R[] {
  const out: R[] = new Array<R>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as R;
    const y = b[j] as R;
    if (compare(x, y) <= 0) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as R;
  while (j < b.length) out[k++] = b[j++] as R;
  return out;
}

export function sameSort<C extends string>(a: SortState<C>, b: SortState<C>): boolean {
  return a.column === b.column && a.direction === b.direction;
}

/** Clicking a column header: a new column sorts ascending; the current column flips direction. */
export function nextSort<C extends string>(current: SortState<C>, column: C): SortState<C> {
  if (current.column !== column) return { column, direction: 'ascending' };
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
