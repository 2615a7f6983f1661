/**
 * The store's lookup keys held in memory for a run (SyncStore.loadKeyIndex), kept current as the run
 * commits batches. A batch then fetches exactly the records it can touch by id — nothing at all on a
 * first sync into an empty store — instead of searching indexes whose cost grows with the store
 * (QUALITY.md: a 15,000-client Resync All). It is the engine's one way to find stored records.
 */
import type { ClientRecord, ContactRecord } from '../../domain/records';
import type { LocalClientId, LocalContactId, SourceKey, XpmClientId } from '../../domain/ids';
import type { StoreKeyIndex } from '../ports';
import { clientXpmKeys } from './client-index';

type KeyMap<K, V> = Map<K, V[]>;

function collect<K, V>(map: KeyMap<K, V>, keys: Iterable<K>, into: Set<V>): void {
  for (const key of keys) for (const id of map.get(key) ?? []) into.add(id);
}

function remove<K, V>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const list = map.get(key)?.filter((x) => x !== id);
    if (list === undefined) continue;
    if (list.length === 0) map.delete(key);
    else map.set(key, list);
  }
}

function add<K, V>(map: KeyMap<K, V>, keys: Iterable<K>, id: V): void {
  for (const key of keys) {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  }
}

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

  /** Every source key held by a contact (the R6 sweep). */
  contactSourceKeys(): SourceKey[] {
    return [...this.maps.contactsBySource.keys()];
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

  /** Records a committed contact write. */
  contactWritten(before: ContactRecord | null, after: ContactRecord): void {
    if (before) {
      remove(this.maps.contactsBySource, before.sourceKeys, before.id);
      remove(this.maps.contactsByIdentity, [before.identityKey], before.id);
    }
    add(this.maps.contactsBySource, after.sourceKeys, after.id);
    add(this.maps.contactsByIdentity, [after.identityKey], after.id);
  }

  /** Records a committed client write. */
  clientWritten(before: ClientRecord | undefined, after: ClientRecord): void {
    if (before) {
      remove(this.maps.clientsByXpmId, clientXpmKeys(before), before.id);
      remove(this.maps.clientsByCode, [before.codeKey], before.id);
    }
    add(this.maps.clientsByXpmId, clientXpmKeys(after), after.id);
    add(this.maps.clientsByCode, [after.codeKey], after.id);
  }
}
