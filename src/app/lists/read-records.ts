/**
 * Read-only loaders for the big lists. The full list is read in primary-key chunks: each chunk
 * arrives in its own IndexedDB success task, so deserialising and indexing 25,000 records never
 * becomes one long main-thread task, and the search box stays responsive while a list loads.
 */
import type { Table } from 'dexie';
import { mergeSorted } from './sort';

/**
 * Records per read. Small enough that one chunk's deserialisation plus row building stays under the
 * 50 ms long-task budget even while a sync keeps both cores busy (measured in headless Chromium on a
 * 2-core machine, 15,000-client practice: chunks of 2,000 took 50–90 ms and 500 up to 60 ms during a
 * Resync All; 250 gave no long task). The round trips cost little: the full list of ~15,000 contacts
 * loads in ~1 s with 250, 500 or 2,000.
 */
export const READ_CHUNK_ROWS = 250;

/**
 * Every record of `table`, mapped by `toRow` chunk by chunk. With `compare`, each chunk is sorted and
 * merged into the rows so far as it arrives, so the list is already in order when the last chunk
 * lands: no single task ever sorts the whole list (sorting 25,000 rows at once can exceed 50 ms on a
 * busy machine). Without it, rows come in primary-key order.
 */
export async function readAllRows<T extends { readonly id: string }, K, I, R>(
  table: Table<T, K, I>,
  toRow: (record: T) => R,
  options: { readonly compare?: (a: R, b: R) => number; readonly chunkRows?: number } = {},
): Promise<R[]> {
  const chunkRows = options.chunkRows ?? READ_CHUNK_ROWS;
  let rows: R[] = [];
  let after = '';
  for (;;) {
    const chunk = await table.where('id').above(after).limit(chunkRows).toArray();
    const mapped = chunk.map(toRow);
    if (options.compare === undefined) rows.push(...mapped);
    else rows = mergeSorted(rows, mapped.sort(options.compare), options.compare);
    const last = chunk[chunk.length - 1];
    if (last === undefined || chunk.length < chunkRows) return rows;
    after = last.id;
  }
}

/**
 * The first `limit` records by an index, for the first paint. IndexedDB orders strings by code unit
 * ("Zoe" before "adam"), not the way the list sorts, so a few of these rows may move when the full
 * list replaces them a moment later; reading the index directly is what makes first paint
 * independent of the list's size.
 */
export function readFirstByIndex<T, K, I>(table: Table<T, K, I>, index: string, limit: number): Promise<T[]> {
  return table.orderBy(index).limit(limit).toArray();
}
