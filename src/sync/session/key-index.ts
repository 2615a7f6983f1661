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
import { countByFixReason, type SourceState } from '../../domain/fix-list';
import type { ClientStateKey, ContactLinkKey, StoreKeyIndex } from '../ports';
import { clientXpmKeys } from './client-index';

type KeyMap<K, V> = Map<K, V[]>;

function collect<K, V>(map: ReadonlyMap<K, readonly V[]>, keys: Iterable<K>, into: Set<V>): void {
  for (const key of keys) for (const id of map.get(key) ?? []) into.add(id);
}

function remove<K, V>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const list = map.get(key);
    if (list === undefined) continue;
    const at = list.indexOf(id);
    if (at < 0) continue;
    if (list.length === 1) map.delete(key);
    else list.splice(at, 1);
  }
}

function add<K, V>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  }
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
  };
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
  add(index.contactsBySource, after.sourceKeys, after.id);
  add(index.contactsByIdentity, [after.identityKey], after.id);
  const links = contactLinkKeys(after);
  if (links.length > 0) index.contactLinks.set(after.id, links);
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
  add(index.clientsByXpmId, clientXpmKeys(after), after.id);
  add(index.clientsByCode, [after.codeKey], after.id);
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
  index.clientStates.set(id, {
    hash: state.hash,
    counts: state.counts,
    imported: state.imported,
    ...(reasons === undefined ? {} : { reasons }),
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
  contactLinks(): ReadonlyMap<LocalContactId, readonly ContactLinkKey[]> {
    return this.maps.contactLinks;
  }

  /** Every XPM client with a stored state (a full pass drops those it did not see). */
  clientStateIds(): XpmClientId[] {
    return [...this.maps.clientStates.keys()];
  }

  /** The stored fingerprint and counts of an XPM client, if any. */
  clientState(xpmId: XpmClientId): ClientStateKey | undefined {
    return this.maps.clientStates.get(xpmId);
  }
}
