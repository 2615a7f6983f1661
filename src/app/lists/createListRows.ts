/**
 * The rows of a big list page: the first rows straight from an index for a fast first paint, the full
 * list behind them (in chunks), and the stored total — all live, all paused while a sync runs.
 */
import { createEffect, createSignal, type Accessor } from 'solid-js';
import { createLiveQuery } from '../primitives/createLiveQuery';

export interface ListRows<R> {
  /** The full list once loaded, the first rows until then. */
  readonly rows: Accessor<readonly R[]>;
  /** What the toolbar shows as the total: the full list's length, or the stored count while it loads. */
  readonly total: Accessor<number>;
  /** True while the count exceeds the rows shown (only the first rows have arrived). */
  readonly partial: Accessor<boolean>;
  /** Nothing to show yet. */
  readonly loading: Accessor<boolean>;
  /** The last read error, if any. */
  readonly failed: Accessor<boolean>;
}

export function createListRows<R>(options: {
  readonly readFirst: () => Promise<readonly R[]>;
  readonly readFull: () => Promise<readonly R[]>;
  readonly count: () => Promise<number>;
  readonly paused: Accessor<boolean>;
}): ListRows<R> {
  const empty: readonly R[] = [];
  // Created (and so issued to IndexedDB) first: the first-paint read must not queue behind a chunk of the full list.
  const [fullLoaded, setFullLoaded] = createSignal(false);
  const first = createLiveQuery(options.readFirst, empty, { paused: fullLoaded });
  const count = createLiveQuery(options.count, 0, { paused: options.paused });
  const full = createLiveQuery(options.readFull, empty, { paused: options.paused });
  createEffect(() => setFullLoaded(full.loaded()));
  return {
    rows: () => (full.loaded() ? full() : first()),
    total: () => (full.loaded() ? full().length : Math.max(count(), first().length)),
    partial: () => !full.loaded() && count() > first().length,
    loading: () => !full.loaded() && !first.loaded(),
    failed: () => full.error() !== undefined,
  };
}
