/**
 * Read-only loaders for the big lists. The full list is read in primary-key chunks: each chunk
 * arrives in its own IndexedDB success task, so deserialising and indexing 25,000 records never
 * becomes one long main-thread task, and the search box stays responsive while a list loads.
 */
import type { AppDB } from '../../storage/db';
import { readInChunks, type ListRecord, type ListTable } from '../../storage/queries';
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
export async function readAllRows<T extends ListTable, R>(
  db: AppDB,
  table: T,
  toRow: (record: ListRecord<T>) => R,
  options: { readonly compare?: (a: R, b: R) => number; readonly chunkRows?: number } = {},
): Promise<R[]> {
  let rows: R[] = [];
  await readInChunks(db, table, options.chunkRows ?? READ_CHUNK_ROWS, (chunk) => {
    const mapped = chunk.map((placed) => toRow(placed.record));
    if (options.compare === undefined) rows.push(...mapped);
    else rows = mergeSorted(rows, mapped.sort(options.compare), options.compare);
  });
  return rows;
}
