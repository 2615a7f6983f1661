/**
 * The first rows of the Contacts and Clients lists, kept ready in one kv row so a page shows them
 * without reading the whole store (U1: first rows ≤ 300 ms at 50,000 contacts). The sync store writes
 * them in every transaction that changes records (storage/list-head-cache.ts); the worker rebuilds them
 * after a run or a local change only when they are not current. The row says which store generation it
 * describes, and a stale or missing one makes the page fall back to reading the keys rows.
 */
import type { ClientRecord, ContactRecord } from '../domain/records';
import { type AppDB, type ClientKeyEntry, clientSortText } from './db';
import type { KeysRow, SegmentRow } from './segments';
import { readKv, writeKv } from './kv';
import { readStoreGeneration } from './store-generation';
import { withStorageErrors } from './storage-errors';

/**
 * Rows kept: about three screens, enough to fill a tall window with overscan while the full list
 * loads (matches the page's FIRST_PAINT_ROWS).
 */
export const LIST_HEAD_ROWS = 100;

export interface ListHeads {
  readonly generation: number;
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
  readonly contactCount: number;
  readonly clientCount: number;
}

function isListHeads(value: unknown): value is ListHeads {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['generation'] === 'number' &&
    Array.isArray(v['contacts']) &&
    Array.isArray(v['clients']) &&
    typeof v['contactCount'] === 'number' &&
    typeof v['clientCount'] === 'number'
  );
}

/** The ordering of a list's first rows: its sort key in code-unit order, then the id. */
export function byKey(a: { sort: string; id: string }, b: { sort: string; id: string }): number {
  return a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The first `limit` records of a segmented list and its size, from its keys rows and the few segments holding them. */
export async function headOf<R extends { id: string }, E extends { id: string }>(
  keys: { each(fn: (row: KeysRow<E>) => void): Promise<void> },
  segments: { bulkGet(ids: number[]): Promise<(SegmentRow<R> | undefined)[]> },
  sortKey: (entry: E) => string,
  limit: number,
): Promise<{ records: R[]; count: number }> {
  const head: Array<{ sort: string; id: string; segment: number }> = [];
  let count = 0;
  await keys.each((row) => {
    count += row.entries.length;
    for (const entry of row.entries) head.push({ sort: sortKey(entry), id: entry.id, segment: row.id });
  });
  head.sort(byKey);
  const chosen = head.slice(0, Math.max(0, limit));
  const rows = await segments.bulkGet([...new Set(chosen.map((c) => c.segment))]);
  const byId = new Map<string, R>();
  for (const row of rows) for (const record of row?.records ?? []) byId.set(record.id, record);
  return { records: chosen.flatMap((c) => byId.get(c.id) ?? []), count };
}

/** A contact's place in the first rows, from its keys entry or its record (both carry the identity key). */
export const contactSortKey = (entry: { readonly identityKey: string }) => entry.identityKey;
export const clientSortKey = (entry: ClientKeyEntry) => entry.sortKey;
/** The same key as `clientSortKey`, from the record (the keys entry stores exactly this). */
export const clientRecordSortKey = (record: ClientRecord) => clientSortText(record);

/**
 * Rebuilds the list heads when they do not describe the store as it is (the worker, after a run or a
 * local change; the sync store keeps them current itself, so after most runs there is nothing to do).
 * The keys rows and segments are read in a read-only transaction, which never holds up a page reading
 * the same tables; the heads are then written in a short one over kv alone, and only if no writer
 * changed the store meanwhile (that writer keeps the heads itself, or the next refresh rebuilds them).
 */
export async function refreshListHeads(db: AppDB): Promise<void> {
  await withStorageErrors('prepare the lists', async () => {
    const built = await db.transaction(
      'r',
      [db.kv, db.contactKeys, db.contactSegments, db.clientKeys, db.clientSegments],
      async (): Promise<ListHeads | null> => {
        if ((await currentListHeads(db)) !== null) return null;
        const generation = await readStoreGeneration(db);
        const [contacts, clients] = await Promise.all([
          headOf(db.contactKeys, db.contactSegments, contactSortKey, LIST_HEAD_ROWS),
          headOf(db.clientKeys, db.clientSegments, clientSortKey, LIST_HEAD_ROWS),
        ]);
        return {
          generation,
          contacts: contacts.records,
          clients: clients.records,
          contactCount: contacts.count,
          clientCount: clients.count,
        };
      },
    );
    if (built === null) return;
    await db.transaction('rw', db.kv, async () => {
      if ((await readStoreGeneration(db)) === built.generation) await writeKv(db, 'listHeads', built);
    });
  });
}

/** The list heads, if they describe the store as it is now. */
export async function currentListHeads(db: AppDB): Promise<ListHeads | null> {
  const [heads, generation] = await Promise.all([
    readKv<ListHeads | null>(db, 'listHeads', null, (v): v is ListHeads | null => v === null || isListHeads(v)),
    readStoreGeneration(db),
  ]);
  return heads !== null && heads.generation === generation ? heads : null;
}
