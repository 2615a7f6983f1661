/**
 * The one way the UI reads IndexedDB: a Solid signal over Dexie's liveQuery. Dexie re-runs the query
 * whenever a write (from this tab, another tab or the sync worker) touches what it read, so the
 * page shows what the worker stored without any message passing.
 * The subscription itself lives in src/storage/live.ts: only src/storage touches Dexie.
 */
import { observe, type LiveSubscription } from '../../storage/live';
import { batch, createEffect, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';

export interface LiveQueryOptions<I> {
  /**
   * The query's input (e.g. the selected contact's id). When it changes the query is re-subscribed
   * and the value goes back to `initial` until the new result arrives, so a panel never shows the
   * previous record's data under the new record's name.
   */
  readonly input?: Accessor<I>;
  /**
   * While true, the query stops listening (after it has a first value) and keeps showing the last
   * result; it re-reads when this turns false. Large lists pause during a sync run, which writes
   * in many batches: re-reading 25,000 contacts after each batch would compete with the worker for
   * the same object stores and keep the main thread busy for the whole run.
   */
  readonly paused?: Accessor<boolean>;
}

export interface LiveQuery<T> {
  /** The latest result (`initial` until the first one arrives). */
  (): T;
  /** True once a result for the current input has arrived. */
  readonly loaded: Accessor<boolean>;
  /** The last read error (cleared by the next successful result). */
  readonly error: Accessor<unknown>;
}

export function createLiveQuery<T, I = undefined>(
  query: (input: I) => T | Promise<T>,
  initial: T,
  options: LiveQueryOptions<I> = {},
): LiveQuery<T> {
  const [value, setValue] = createSignal<T>(initial, { equals: false });
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<unknown>(undefined);
  const readInput = options.input ?? ((): I => undefined as I);
  const isPaused = options.paused ?? (() => false);

  let subscription: LiveSubscription | null = null;
  let generation = 0;

  const stop = (): void => {
    subscription?.unsubscribe();
    subscription = null;
  };

  const start = (input: I): void => {
    stop();
    const current = ++generation;
    subscription = observe(() => query(input), {
      next: (result) => {
        if (current !== generation) return;
        batch(() => {
          setValue(() => result);
          setLoaded(true);
          setError(undefined);
        });
        // Paused before the first result arrived: keep this one and stop listening.
        if (untrack(isPaused)) stop();
      },
      error: (failure: unknown) => {
        if (current !== generation) return;
        setError(failure);
      },
    });
  };

  // Input changes: start over. Pause changes: stop, or resume (re-reading once).
  createEffect(
    on(readInput, (input) => {
      batch(() => {
        setLoaded(false);
        setValue(() => initial);
      });
      start(input);
    }),
  );
  createEffect(
    on(
      isPaused,
      (paused) => {
        if (paused) {
          if (untrack(loaded)) stop();
        } else if (subscription === null) {
          start(untrack(readInput));
        }
      },
      { defer: true },
    ),
  );
  onCleanup(() => {
    generation += 1;
    stop();
  });

  const accessor = (() => value()) as LiveQuery<T>;
  Object.defineProperties(accessor, {
    loaded: { value: loaded },
    error: { value: error },
  });
  return accessor;
}
