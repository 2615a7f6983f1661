/**
 * A list screen's view state: the search text, the sort, and the rows to show. Sorting happens when
 * the data or the sort changes; a keystroke only filters the already-sorted rows.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js';
import { filterRows, type Searchable } from './search';
import { nextSort, sameSort, sortRows, type Sortable, type SortState } from './sort';

export interface ListView<C extends string, R> {
  readonly query: Accessor<string>;
  readonly setQuery: (query: string) => void;
  readonly sort: Accessor<SortState<C>>;
  readonly toggleSort: (column: C) => void;
  /** The rows matching the search and filters, in sort order. */
  readonly shown: Accessor<readonly R[]>;
}

export function createListView<C extends string, R extends Searchable & Sortable<C>>(options: {
  /** The rows, already in `defaultSort` order (the loaders sort as they read). */
  readonly rows: Accessor<readonly R[]>;
  readonly defaultSort: SortState<C>;
  readonly filter: Accessor<((row: R) => boolean) | undefined>;
}): ListView<C, R> {
  const [query, setQuery] = createSignal('');
  const [sort, setSort] = createSignal(options.defaultSort);
  // In the default order nothing is sorted here, so a (re)load never sorts the whole list in one task.
  const sorted = createMemo(() =>
    sameSort(sort(), options.defaultSort) ? options.rows() : sortRows(options.rows(), sort()),
  );
  const shown = createMemo(() => filterRows(sorted(), query(), options.filter()));
  return {
    query,
    setQuery,
    sort,
    toggleSort: (column) => setSort((current) => nextSort(current, column)),
    shown,
  };
}
