/**
 * The store generation: a counter in kv that every transaction changing contacts, clients or the
 * fix-list increments. A worker keeps its key index warm between runs only while the generation is the
 * one it built the index at; any other writer (another tab's worker, a disconnect, a manual edit) bumps
 * it, and the next run rebuilds the index from the keys rows.
 */
import type { FixEntry } from '../domain/fix-list';
import type { AppDB } from './db';
import { readKv, writeKv } from './kv';

const isGeneration = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

export function readStoreGeneration(db: AppDB): Promise<number> {
  return readKv(db, 'storeGeneration', 0, isGeneration);
}

/** For writers outside the sync store, inside their transaction (which must include db.kv). */
export async function bumpStoreGeneration(db: AppDB): Promise<void> {
  await writeKv(db, 'storeGeneration', (await readStoreGeneration(db)) + 1);
}

/** Fix-list entries read back from kv: a list of objects with a code (anything else reads as none). */
export function isFixEntryList(value: unknown): value is FixEntry[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) => typeof entry === 'object' && entry !== null && typeof (entry as { code?: unknown }).code === 'string',
    )
  );
}
