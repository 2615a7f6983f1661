/**
 * How much each IndexedDB table holds (Settings, storage): rows counted exactly, bytes estimated.
 * IndexedDB reports no size per table, so the bytes are the average serialised size of a few rows
 * from each end of the table times its row count — labelled "about" wherever shown. Reading every
 * row to weigh it would deserialise the whole store (50,000 contacts) on the page.
 */
import type { Table } from 'dexie';
import type { AppDB } from './db';

/** Rows weighed from each end of a table: enough for a stable average, a few ms of reading. */
export const FOOTPRINT_SAMPLE_ROWS = 5;

/** Tables whose rows the page must not read (the worker's secrets): counted, not weighed. */
const UNREAD_TABLES: ReadonlySet<string> = new Set(['secrets']);

export interface TableFootprint {
  readonly table: string;
  readonly rows: number;
  /** Estimated bytes of the stored values; null when not weighed. */
  readonly approxBytes: number | null;
}

/** UTF-8 bytes of a value's JSON: what its data amounts to, close to what IndexedDB stores for it. */
function weigh(row: unknown): number {
  try {
    return new TextEncoder().encode(JSON.stringify(row) ?? '').length;
  } catch {
    return 0;
  }
}

async function footprintOf(table: Table): Promise<TableFootprint> {
  const rows = await table.count();
  if (UNREAD_TABLES.has(table.name)) return { table: table.name, rows, approxBytes: null };
  if (rows === 0) return { table: table.name, rows, approxBytes: 0 };
  const first = await table.limit(FOOTPRINT_SAMPLE_ROWS).toArray();
  const last = rows > FOOTPRINT_SAMPLE_ROWS ? await table.reverse().limit(FOOTPRINT_SAMPLE_ROWS).toArray() : [];
  const sample = [...first, ...last];
  const average = sample.reduce((sum, row) => sum + weigh(row), 0) / sample.length;
  return { table: table.name, rows, approxBytes: Math.round(average * rows) };
}

/** Every table of the database, in schema order. */
export function tableFootprints(db: AppDB): Promise<TableFootprint[]> {
  return Promise.all(db.tables.map((table) => footprintOf(table)));
}
