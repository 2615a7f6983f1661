/**
 * The store's lookup keys (SyncStore.loadKeyIndex): stored records by every key the engine finds them
 * by, every contact's (source, client) links for the R6 sweep, and every XPM client's fingerprint.
 *
 * Stores keep it and update it as their transactions commit (`indexContact`, `indexClient`, …), so a
 * run reads it once — a store may keep it warm between runs — and each batch fetches exactly the
 * records it can touch by id, nothing at all on a first sync, instead of searching indexes whose cost
 * grows with the store (QUALITY.md: a 15,000-client Resync All). The engine only reads it
 * (`LiveKeyIndex`).
 */
import type { ClientRecord } from '../../domain/records';
import type { LocalClientId, LocalContactId, SourceKey, XpmClientId } from '../../domain/ids';
import { countByFixReason, type OutstandingCounts, type SourceCounts, type SourceState } from '../../domain/fix-list';
import type { ClientStateKey, ContactLinkKey, ContactLinkKeys, KeyIds, StoreKeyIndex, StringPool } from '../ports';
import { clientXpmKeys } from './client-index';

type KeyMap<K, V extends string> = Map<K, KeyIds<V>>;

function isList<V extends string>(ids: KeyIds<V>): ids is V[] {
  return typeof ids !== 'string';
}

/** A contact's links as the key index holds them, as a list (see ContactLinkKeys). */
export function linksAt(links: ContactLinkKeys): readonly ContactLinkKey[] {
  // A single link starts with its source key (a string); a list starts with a link.
  return typeof links[0] === 'string' ? [links as ContactLinkKey] : (links as readonly ContactLinkKey[]);
}

/** The ids at `key` of one of the key index's maps, as a list. */
export function idsAt<K, V extends string>(map: ReadonlyMap<K, KeyIds<V>>, key: K): readonly V[] {
  const ids = map.get(key);
  if (ids === undefined) return [];
  return isList(ids) ? ids : [ids];
}

function collect<K, V extends string>(map: ReadonlyMap<K, KeyIds<V>>, keys: Iterable<K>, into: Set<V>): void {
  for (const key of keys) for (const id of idsAt(map, key)) into.add(id);
}

function remove<K, V extends string>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const ids = map.get(key);
    if (ids === undefined) continue;
    if (!isList(ids)) {
      if (ids === id) map.delete(key);
      continue;
    }
    const at = ids.indexOf(id);
    if (at < 0) continue;
    ids.splice(at, 1);
    const only = ids.length === 1 ? ids[0] : undefined;
    if (only !== undefined) map.set(key, only);
  }
}

/** Adds `id` under each of `keys` (once). */
export function addId<K, V extends string>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const ids = map.get(key);
    if (ids === undefined) map.set(key, id);
    else if (isList(ids)) {
      if (!ids.includes(id)) ids.push(id);
    } else if (ids !== id) map.set(key, [ids, id]);
  }
}

/** The pool's copy of `value` (adding it): equal ids from different rows then share one string. */
function pooled<T extends string>(pool: StringPool, value: T): T {
  const held = pool.get(value);
  if (held !== undefined) return held as T;
  pool.set(value, value);
  return value;
}

/** An empty key index (a new store). */
export function emptyKeyIndex(): StoreKeyIndex {
  return {
    contactsBySource: new Map(),
    contactsByIdentity: new Map(),
    clientsByXpmId: new Map(),
    clientsByCode: new Map(),
    contactLinks: new Map(),
    clientStates: new Map(),
    strings: new Map(),
  };
}

/** Empties every map of `index` in place (whoever holds it sees the change). */
export function clearKeyIndex(index: StoreKeyIndex): void {
  for (const map of [
    index.contactsBySource,
    index.contactsByIdentity,
    index.clientsByXpmId,
    index.clientsByCode,
    index.contactLinks,
    index.clientStates,
    index.strings,
  ]) {
    map.clear();
  }
}

/** What the key index needs of a contact (a ContactRecord, or a storage keys entry). */
export interface ContactIndexed {
  readonly id: LocalContactId;
  readonly identityKey: string;
  readonly sourceKeys: readonly SourceKey[];
  readonly links: ReadonlyArray<{ readonly sourceKey: SourceKey; readonly clientId: XpmClientId }>;
}

/** What the key index needs of a client (a ClientRecord, or a storage keys entry). */
export type ClientIndexed = Pick<ClientRecord, 'id' | 'xpmId' | 'xpmNumericId' | 'codeKey'>;

/** The links of a contact the key index keeps: none for a contact sync never updates (detached). */
export function contactLinkKeys(record: Pick<ContactIndexed, 'sourceKeys' | 'links'>): ContactLinkKey[] {
  return record.sourceKeys.length === 0 ? [] : record.links.map((link) => [link.sourceKey, link.clientId] as const);
}

/** Stores call this for every committed contact write (before: the stored version, if any). */
export function indexContact(
  index: StoreKeyIndex,
  before: ContactIndexed | undefined,
  after: ContactIndexed | null,
): void {
  const id = (after ?? before)?.id;
  if (id === undefined) return;
  if (before) {
    remove(index.contactsBySource, before.sourceKeys, before.id);
    remove(index.contactsByIdentity, [before.identityKey], before.id);
    index.contactLinks.delete(before.id);
  }
  if (!after) return;
  const pool = index.strings;
  const kept = pooled(pool, after.id);
  addId(
    index.contactsBySource,
    after.sourceKeys.map((key) => pooled(pool, key)),
    kept,
  );
  addId(index.contactsByIdentity, [after.identityKey], kept);
  const links = contactLinkKeys(after).map(
    ([sourceKey, clientId]) => [pooled(pool, sourceKey), pooled(pool, clientId)] as const,
  );
  const only = links.length === 1 ? links[0] : undefined;
  if (only !== undefined) index.contactLinks.set(kept, only);
  else if (links.length > 0) index.contactLinks.set(kept, links);
}

/** Stores call this for every committed client write (before: the stored version, if any). */
export function indexClient(
  index: StoreKeyIndex,
  before: ClientIndexed | undefined,
  after: ClientIndexed | null,
): void {
  if (before) {
    remove(index.clientsByXpmId, clientXpmKeys(before), before.id);
    remove(index.clientsByCode, [before.codeKey], before.id);
  }
  if (!after) return;
  const pool = index.strings;
  const kept = pooled(pool, after.id);
  addId(
    index.clientsByXpmId,
    clientXpmKeys(after).map((key) => pooled(pool, key)),
    kept,
  );
  addId(index.clientsByCode, [after.codeKey], kept);
}

/**
 * Shared by every client with nothing rejected or skipped and no fix-list entry (nearly all of them),
 * instead of two small objects per client in the worker's heap. Frozen: the index only reads them.
 */
const ZERO_COUNTS: SourceCounts = Object.freeze({
  clientRejected: 0,
  clientSkipped: 0,
  contactsRejected: 0,
  contactsSkipped: 0,
});
const NO_REASONS: OutstandingCounts = Object.freeze({});

function isZero(counts: SourceCounts): boolean {
  return (
    counts.clientRejected === 0 &&
    counts.clientSkipped === 0 &&
    counts.contactsRejected === 0 &&
    counts.contactsSkipped === 0
  );
}

function isEmpty(reasons: OutstandingCounts): boolean {
  return Object.keys(reasons).length === 0;
}

/** Stores call this for every committed source state write, or with null for a deletion. */
export function indexSourceState(
  index: StoreKeyIndex,
  id: XpmClientId,
  state: SourceState | ClientStateKey | null,
): void {
  if (state === null) {
    index.clientStates.delete(id);
    return;
  }
  // A SourceState brings its findings (counted here); a stored keys entry brings its counts, if it has them.
  const reasons = 'findings' in state ? countByFixReason(state.findings) : state.reasons;
  const pool = index.strings;
  index.clientStates.set(pooled(pool, id), {
    hash: state.hash,
    counts: isZero(state.counts) ? ZERO_COUNTS : state.counts,
    imported: state.imported.map((key) => pooled(pool, key)),
    ...(state.deleted === true ? { deleted: true } : {}),
    ...(state.unimported === undefined ? {} : { unimported: state.unimported.map((key) => pooled(pool, key)) }),
    ...(reasons === undefined ? {} : { reasons: isEmpty(reasons) ? NO_REASONS : reasons }),
  });
}

/** The engine's read-only view of the key index. */
export class LiveKeyIndex {
  constructor(private readonly maps: StoreKeyIndex) {}

  /** Ids of contacts holding any of these source keys or identities. */
  contactIds(sourceKeys: Iterable<SourceKey>, identityKeys: Iterable<string>): LocalContactId[] {
    const out = new Set<LocalContactId>();
    collect(this.maps.contactsBySource, sourceKeys, out);
    collect(this.maps.contactsByIdentity, identityKeys, out);
    return [...out];
  }

  /** Ids of clients linked to any of these XPM ids or holding any of these codes. */
  clientIds(xpmIds: Iterable<XpmClientId>, codeKeys: Iterable<string>): LocalClientId[] {
    const out = new Set<LocalClientId>();
    collect(this.maps.clientsByXpmId, xpmIds, out);
    collect(this.maps.clientsByCode, codeKeys, out);
    return [...out];
  }

  contactIdsBySource(keys: Iterable<SourceKey>): LocalContactId[] {
    const out = new Set<LocalContactId>();
    collect(this.maps.contactsBySource, keys, out);
    return [...out];
  }

  /** Every XPM identity a client record answers to (the R6 sweep). */
  clientXpmIds(): XpmClientId[] {
    return [...this.maps.clientsByXpmId.keys()];
  }

  clientIdsByXpmId(keys: Iterable<XpmClientId>): LocalClientId[] {
    const out = new Set<LocalClientId>();
    collect(this.maps.clientsByXpmId, keys, out);
    return [...out];
  }

  /** Every contact sync may update, with its (source, client) links (the R6 sweep). */
  *contactLinks(): Iterable<readonly [LocalContactId, readonly ContactLinkKey[]]> {
    for (const [id, links] of this.maps.contactLinks) yield [id, linksAt(links)];
  }

  /** Every XPM client with a stored state (a full pass drops those it did not see). */
  clientStateIds(): XpmClientId[] {
    return [...this.maps.clientStates.keys()];
  }

  /** Every XPM client's stored state, by its id. */
  clientStates(): ReadonlyMap<XpmClientId, ClientStateKey> {
    return this.maps.clientStates;
  }

  /** The stored fingerprint and counts of an XPM client, if any. */
  clientState(xpmId: XpmClientId): ClientStateKey | undefined {
    return this.maps.clientStates.get(xpmId);
  }

  /**
   * The index's own copy of an id or key it holds, else `value`: a run's bookkeeping keyed by what it
   * read (the response's strings, new on every run) then shares the index's strings instead of keeping
   * a second copy of each for the whole run.
   */
  shared<T extends string>(value: T): T {
    return pooledId(this.maps, value);
  }
}

/** The key index's copy of an id it holds (so other maps keyed by it share the string), else `id`. */
export function pooledId<T extends string>(index: StoreKeyIndex, id: T): T {
  return (index.strings.get(id) as T | undefined) ?? id;
}
