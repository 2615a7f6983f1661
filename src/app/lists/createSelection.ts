/**
 * The rows ticked for a bulk action on a filtered list (Remove selected, R6). Only rows that are both
 * shown and selectable count, so a search or a filter change never acts on rows the user cannot see.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js';

export interface Selection<R extends { readonly id: string }> {
  readonly isSelected: (id: string) => boolean;
  readonly toggle: (id: string) => void;
  /** The shown, selectable rows that are ticked. */
  readonly selected: Accessor<readonly R[]>;
  /** Every shown row that could be ticked. */
  readonly candidates: Accessor<readonly R[]>;
  readonly allSelected: Accessor<boolean>;
  readonly setAll: (on: boolean) => void;
  readonly clear: () => void;
}

export function createSelection<R extends { readonly id: string }>(options: {
  readonly rows: Accessor<readonly R[]>;
  readonly selectable: (row: R) => boolean;
}): Selection<R> {
  const [ids, setIds] = createSignal<ReadonlySet<string>>(new Set());
  const candidates = createMemo(() => options.rows().filter(options.selectable));
  const selected = createMemo(() => {
    const ticked = ids();
    return ticked.size === 0 ? [] : candidates().filter((row) => ticked.has(row.id));
  });
  return {
    isSelected: (id) => ids().has(id),
    toggle: (id) =>
      setIds((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    selected,
    candidates,
    allSelected: () => candidates().length > 0 && selected().length === candidates().length,
    setAll: (on) => setIds(on ? new Set(candidates().map((row) => row.id)) : new Set<string>()),
    clear: () => setIds(new Set<string>()),
  };
}
