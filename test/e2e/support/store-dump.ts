/**
 * The app's local store read straight from IndexedDB in the page, reduced to what a clean run and a
 * recovered run must agree on ("nothing lost", QUALITY.md reliability): every contact, client, staff
 * member and fix-list entry, without the values that differ between any two runs (local ids, times,
 * run ids) and regardless of how records are laid out in segments.
 */
import type { Page } from '@playwright/test';
import { DB_NAME } from '../../../src/storage/db';

export interface StoreDump {
  readonly contacts: readonly string[];
  readonly clients: readonly string[];
  readonly staff: readonly string[];
  readonly fixList: readonly string[];
}

/** Field names whose values differ between two runs over the same data. */
const VOLATILE = [
  'id',
  'createdAt',
  'updatedAt',
  'emailChangedAt',
  'firstSeenAt',
  'lastSeenAt',
  'lastRunId',
  'runId',
  'at',
] as const;

export function dumpStore(page: Page): Promise<StoreDump> {
  return page.evaluate(
    ({ name, volatile }) =>
      new Promise<StoreDump>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = ['contactSegments', 'clientSegments', 'sourceSegments', 'staff'];
          const tx = db.transaction(stores);
          const rows: Record<string, unknown[]> = {};
          for (const store of stores) {
            const request = tx.objectStore(store).getAll();
            request.onsuccess = () => {
              rows[store] = request.result;
            };
          }
          const strip = (value: unknown): unknown => {
            if (Array.isArray(value)) return value.map(strip);
            if (value === null || typeof value !== 'object') return value;
            const out: Record<string, unknown> = {};
            for (const key of Object.keys(value).sort()) {
              const field = (value as Record<string, unknown>)[key];
              // A merged contact points at another local id: whether it is merged is what matters.
              if (key === 'mergedInto') out[key] = field !== null;
              else if (!(volatile as readonly string[]).includes(key)) out[key] = strip(field);
            }
            return out;
          };
          const records = (store: string) =>
            (rows[store] ?? [])
              .flatMap((row) => (row as { records: unknown[] }).records)
              .map((record) => JSON.stringify(strip(record)))
              .sort();
          tx.oncomplete = () => {
            db.close();
            resolve({
              contacts: records('contactSegments'),
              clients: records('clientSegments'),
              fixList: records('sourceSegments'),
              staff: (rows['staff'] ?? []).map((record) => JSON.stringify(strip(record))).sort(),
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, volatile: VOLATILE },
  );
}
