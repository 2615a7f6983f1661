/**
 * The segmented record kinds of the store (storage/segments.ts) and the worker's warm view of them: the
 * directories (record → segment) and the engine's key index, both built from the keys rows and kept
 * current as transactions commit, and valid while the store generation in kv is unchanged (another tab's
 * worker, a disconnect or a manual edit bumps it).
 */
import type { ClientRecord, ContactRecord } from '../domain/records';
import type { SourceState } from '../domain/fix-list';
import type { LocalClientId, LocalContactId, XpmClientId } from '../domain/ids';
import type { StoreKeyIndex } from '../sync/ports';
import {
  clearKeyIndex,
  emptyKeyIndex,
  indexClient,
  indexContact,
  indexSourceState,
  pooledId,
} from '../sync/session/key-index';
import {
  type AppDB,
  type ClientKeyEntry,
  type ContactKeyEntry,
  clientKeyEntry,
  contactKeyEntry,
  type SourceKeyEntry,
  sourceKeyEntry,
} from './db';
import { type KeysRow, readKeyRows, SegmentDirectory, type SegmentKind } from './segments';
import { emptyHeadCache, type HeadCache, headCacheOf } from './list-head-cache';
import { currentListHeads } from './list-heads';
import { type OutstandingTotals, sourceTotalsOf, UNKNOWN_TOTALS } from './outstanding-counts';

/**
 * Records per segment. Small enough that a Resync Now touching 50 scattered clients rewrites only a
 * few thousand records (each changed record rewrites its whole segment), large enough that a first sync
 * of 15,000 clients writes ~150 rows per kind instead of 15,000.
 */
export const CONTACTS_PER_SEGMENT = 100;
export const CLIENTS_PER_SEGMENT = 100;
/** Source states are small (a fingerprint and a few findings), so more of them share a row. */
export const SOURCES_PER_SEGMENT = 200;

export const CONTACT_KIND: SegmentKind<ContactRecord, LocalContactId, ContactKeyEntry> = {
  name: 'contacts',
  capacity: CONTACTS_PER_SEGMENT,
  idOf: (record) => record.id,
  entryOf: contactKeyEntry,
  idOfEntry: (entry) => entry.id,
};

export const CLIENT_KIND: SegmentKind<ClientRecord, LocalClientId, ClientKeyEntry> = {
  name: 'clients',
  capacity: CLIENTS_PER_SEGMENT,
  idOf: (record) => record.id,
  entryOf: clientKeyEntry,
  idOfEntry: (entry) => entry.id,
};

export const SOURCE_KIND: SegmentKind<SourceState, XpmClientId, SourceKeyEntry> = {
  name: 'sources',
  capacity: SOURCES_PER_SEGMENT,
  idOf: (state) => state.clientId,
  entryOf: sourceKeyEntry,
  idOfEntry: (entry) => entry.clientId,
};

/** The worker's warm view of the store. */
export interface WarmStore {
  generation: number;
  readonly keyIndex: StoreKeyIndex;
  contacts: SegmentDirectory<LocalContactId>;
  clients: SegmentDirectory<LocalClientId>;
  sources: SegmentDirectory<XpmClientId>;
  /** The lists' first rows at `generation` (storage/list-head-cache.ts); null while not known. */
  heads: HeadCache | null;
  /** The fix-list's totals (storage/outstanding-counts.ts). */
  outstanding: OutstandingTotals;
}

export function emptyWarmStore(): WarmStore {
  return {
    generation: -1,
    keyIndex: emptyKeyIndex(),
    contacts: new SegmentDirectory(CONTACTS_PER_SEGMENT),
    clients: new SegmentDirectory(CLIENTS_PER_SEGMENT),
    sources: new SegmentDirectory(SOURCES_PER_SEGMENT),
    heads: null,
    outstanding: UNKNOWN_TOTALS,
  };
}

/**
 * Adds one keys row of each kind to the warm view: its records to the key index first, so the directory
 * then keys on the index's pooled copy of each id.
 */
export const addKeysRow = {
  contacts(warm: WarmStore, row: KeysRow<ContactKeyEntry>): void {
    for (const entry of row.entries) indexContact(warm.keyIndex, undefined, entry);
    warm.contacts.addSegment(
      row.id,
      pooledIds(warm.keyIndex, row.entries, (entry) => entry.id),
    );
  },
  clients(warm: WarmStore, row: KeysRow<ClientKeyEntry>): void {
    for (const entry of row.entries) indexClient(warm.keyIndex, undefined, entry);
    warm.clients.addSegment(
      row.id,
      pooledIds(warm.keyIndex, row.entries, (entry) => entry.id),
    );
  },
  sources(warm: WarmStore, row: KeysRow<SourceKeyEntry>): void {
    for (const entry of row.entries) indexSourceState(warm.keyIndex, entry.clientId, entry);
    warm.sources.addSegment(
      row.id,
      pooledIds(warm.keyIndex, row.entries, (entry) => entry.clientId),
    );
  },
};

function pooledIds<E, Id extends string>(index: StoreKeyIndex, entries: readonly E[], idOf: (entry: E) => Id): Id[] {
  return entries.map((entry) => pooledId(index, idOf(entry)));
}

/**
 * Rebuilds `warm` in place from the keys rows (so whoever holds its key index sees the new one). Must
 * run inside a transaction over the keys tables.
 */
export async function reloadWarmStore(db: AppDB, warm: WarmStore, generation: number): Promise<void> {
  clearKeyIndex(warm.keyIndex);
  warm.contacts = new SegmentDirectory(CONTACTS_PER_SEGMENT);
  warm.clients = new SegmentDirectory(CLIENTS_PER_SEGMENT);
  warm.sources = new SegmentDirectory(SOURCES_PER_SEGMENT);
  warm.heads = null;
  // In bounded pieces (readKeyRows), the three tables at once: only what the index keeps of each row
  // stays in memory, and the round trips of one table overlap the others'.
  await Promise.all([
    readKeyRows(db.contactKeys, (row) => addKeysRow.contacts(warm, row)),
    readKeyRows(db.clientKeys, (row) => addKeysRow.clients(warm, row)),
    readKeyRows(db.sourceKeys, (row) => addKeysRow.sources(warm, row)),
  ]);
  warm.outstanding = { sources: sourceTotalsOf(warm.keyIndex.clientStates), unattributed: null };
  warm.generation = generation;
}

/**
 * The lists' first rows to keep from now on: none to know in an empty store, else the stored heads
 * when they describe the store as it is. Must run inside a transaction over kv, after the directories
 * are current.
 */
export async function knownHeads(db: AppDB, warm: WarmStore): Promise<HeadCache | null> {
  if (warm.contacts.size === 0 && warm.clients.size === 0) return emptyHeadCache();
  const heads = await currentListHeads(db);
  return heads === null ? null : headCacheOf(heads);
}
