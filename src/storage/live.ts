/**
 * The page's subscription to IndexedDB: Dexie's liveQuery re-runs a query whenever a write from this
 * tab, another tab or the sync worker touches what it read, so the page shows what the worker stored
 * without any message passing. Kept here so that only src/storage touches Dexie.
 */
import { liveQuery } from 'dexie';

export interface LiveSubscription {
  unsubscribe(): void;
}

export interface LiveObserver<T> {
  next(value: T): void;
  error(failure: unknown): void;
}

export function observe<T>(query: () => T | Promise<T>, observer: LiveObserver<T>): LiveSubscription {
  return liveQuery(query).subscribe(observer);
}
