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
import { readKeyRows, SegmentDirectory, type SegmentKind } from './segments';
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
 * Rebuilds `warm` in place from the keys rows (so whoever holds its key index sees the new one). Must
 * run inside a transaction over the keys tables.
 */
export async function reloadWarmStore(db: AppDB, warm: WarmStore, generation: number): Promise<void> {
  const index = warm.keyIndex;
  clearKeyIndex(index);
  warm.contacts = new SegmentDirectory(CONTACTS_PER_SEGMENT);
  warm.clients = new SegmentDirectory(CLIENTS_PER_SEGMENT);
  warm.sources = new SegmentDirectory(SOURCES_PER_SEGMENT);
  warm.heads = null;
  // In bounded pieces (readKeyRows), the three tables at once: only what the index keeps of each row
  // stays in memory, and the round trips of one table overlap the others'.
  const contacts = warm.contacts;
  const clients = warm.clients;
  const sources = warm.sources;
  await Promise.all([
    readKeyRows(db.contactKeys, (row) => {
      // Indexed first: the directory then keys on the index's pooled copy of each id.
      for (const entry of row.entries) indexContact(index, undefined, entry);
      contacts.addSegment(
        row.id,
        row.entries.map((entry) => pooledId(index, entry.id)),
      );
    }),
    readKeyRows(db.clientKeys, (row) => {
      for (const entry of row.entries) indexClient(index, undefined, entry);
      clients.addSegment(
        row.id,
        row.entries.map((entry) => pooledId(index, entry.id)),
      );
    }),
    readKeyRows(db.sourceKeys, (row) => {
      for (const entry of row.entries) indexSourceState(index, entry.clientId, entry);
      sources.addSegment(
        row.id,
        row.entries.map((entry) => pooledId(index, entry.clientId)),
      );
    }),
  ]);
  warm.outstanding = { sources: sourceTotalsOf(index.clientStates), unattributed: null };
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
