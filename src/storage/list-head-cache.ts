/**
 * The lists' first rows kept current by the sync store itself (M6, U1). The worker keeps the first
 * rows of Contacts and Clients in memory and updates them from each transaction's changed records, so
 * every transaction that changes records also writes the list heads for its new store generation. The
 * heads are then never stale after a run: a page opened the moment a run ends reads them at once,
 * instead of waiting for a rebuild that reads every keys row while holding the lists' tables.
 *
 * The cache holds exactly the smallest entries of a list (by sort key, then id) — the whole list
 * while it is short — so a change only has to be compared with the last cached entry: a record that
 * sorts after it belongs outside the cache, whatever else the list holds.
 */
import type { ClientRecord, ContactRecord } from '../domain/records';
import { byKey, clientRecordSortKey, contactSortKey, LIST_HEAD_ROWS, type ListHeads } from './list-heads';

/**
 * Entries kept per list: the LIST_HEAD_ROWS written, plus as many again in reserve, so removing or
 * renaming a few of the first rows (Resync Now, a manual removal) leaves enough known rows to write
 * without rebuilding from every keys row.
 */
export const HEAD_CACHE_ROWS = 2 * LIST_HEAD_ROWS;

export interface HeadEntry<R> {
  readonly sort: string;
  readonly id: string;
  readonly record: R;
}

/** One list's first rows as the worker knows them. */
export interface CachedHead<R> {
  /** The list's smallest entries in order; every entry of the list when `whole`. */
  readonly entries: readonly HeadEntry<R>[];
  readonly whole: boolean;
  /** Records in the whole list. */
  readonly count: number;
}

/** Both lists' first rows; null in the warm store when they are not known (rebuilt after the run instead). */
export interface HeadCache {
  readonly contacts: CachedHead<ContactRecord>;
  readonly clients: CachedHead<ClientRecord>;
}

/** A record as a transaction first saw it and as it left it (null: deleted). */
export interface RecordChange<R> {
  readonly before: R | undefined;
  readonly after: R | null;
}

interface ListOrder<R> {
  readonly sortKey: (record: R) => string;
  readonly idOf: (record: R) => string;
}

const CONTACT_ORDER: ListOrder<ContactRecord> = { sortKey: contactSortKey, idOf: (record) => record.id };
const CLIENT_ORDER: ListOrder<ClientRecord> = { sortKey: clientRecordSortKey, idOf: (record) => record.id };

/** The heads of an empty store: whole and empty. */
export function emptyHeadCache(): HeadCache {
  return { contacts: { entries: [], whole: true, count: 0 }, clients: { entries: [], whole: true, count: 0 } };
}

function headOfStored<R>(records: readonly R[], count: number, order: ListOrder<R>): CachedHead<R> {
  const entries = records.map((record) => ({ sort: order.sortKey(record), id: order.idOf(record), record }));
  return { entries: entries.sort(byKey), whole: entries.length >= count, count };
}

/** The cache seeded from stored heads that are current (they are exactly the first LIST_HEAD_ROWS). */
export function headCacheOf(heads: ListHeads): HeadCache {
  return {
    contacts: headOfStored(heads.contacts, heads.contactCount, CONTACT_ORDER),
    clients: headOfStored(heads.clients, heads.clientCount, CLIENT_ORDER),
  };
}

/**
 * One list's head after a transaction's changes, or null when too few known entries remain to write
 * LIST_HEAD_ROWS of them (the heads are then rebuilt from the keys rows after the run).
 */
export function applyHeadChanges<R>(
  head: CachedHead<R>,
  changes: readonly RecordChange<R>[],
  order: ListOrder<R>,
): CachedHead<R> | null {
  if (changes.length === 0) return head;
  // Everything outside the cache sorts after its last entry, so a record at or before it is in the head.
  const boundary = head.whole ? undefined : head.entries[head.entries.length - 1];
  if (boundary === undefined && !head.whole) return null;
  const changed = new Set<string>();
  let count = head.count;
  const entries: HeadEntry<R>[] = [];
  for (const { before, after } of changes) {
    const record = after ?? before;
    if (record === undefined) continue;
    changed.add(order.idOf(record));
    count += (after === null ? 0 : 1) - (before === undefined ? 0 : 1);
  }
  for (const entry of head.entries) if (!changed.has(entry.id)) entries.push(entry);
  for (const { after } of changes) {
    if (after === null) continue;
    const entry = { sort: order.sortKey(after), id: order.idOf(after), record: after };
    if (boundary === undefined || byKey(entry, boundary) <= 0) entries.push(entry);
  }
  entries.sort(byKey);
  const whole = head.whole && entries.length <= HEAD_CACHE_ROWS;
  if (entries.length > HEAD_CACHE_ROWS) entries.length = HEAD_CACHE_ROWS;
  if (!whole && entries.length < LIST_HEAD_ROWS) return null;
  return { entries, whole, count };
}

/** Both heads after a transaction, or null when either is no longer known. */
export function applyTransactionToHeads(
  cache: HeadCache | null,
  contacts: readonly RecordChange<ContactRecord>[],
  clients: readonly RecordChange<ClientRecord>[],
): HeadCache | null {
  if (cache === null) return null;
  const nextContacts = applyHeadChanges(cache.contacts, contacts, CONTACT_ORDER);
  const nextClients = applyHeadChanges(cache.clients, clients, CLIENT_ORDER);
  return nextContacts === null || nextClients === null ? null : { contacts: nextContacts, clients: nextClients };
}

/** What is stored for the pages: the first LIST_HEAD_ROWS of each list, at `generation`. */
export function storedHeads(cache: HeadCache, generation: number): ListHeads {
  return {
    generation,
    contacts: cache.contacts.entries.slice(0, LIST_HEAD_ROWS).map((entry) => entry.record),
    clients: cache.clients.entries.slice(0, LIST_HEAD_ROWS).map((entry) => entry.record),
    contactCount: cache.contacts.count,
    clientCount: cache.clients.count,
  };
}
