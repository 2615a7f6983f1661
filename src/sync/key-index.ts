/**
 * The store's lookup keys held in memory for one full pass (SyncStore.loadKeyIndex), kept current
 * as the pass commits batches. A batch then fetches exactly the records it needs by id — nothing at
 * all on a first sync into an empty store — instead of searching indexes whose cost grows with the
 * store (QUALITY.md: a 15,000-client Resync All).
 */
import type { ClientRecord, ContactRecord } from './model';
import type { StoreKeyIndex } from './ports';

type KeyMap = Map<string, string[]>;

function ids(map: KeyMap, keys: Iterable<string>, into: Set<string>): void {
  for (const key of keys) for (const id of map.get(key) ?? []) into.add(id);
}

function remove(map: KeyMap, keys: Iterable<string>, id: string): void {
  for (const key of keys) {
    const list = map.get(key)?.filter((x) => x !== id);
    if (list === undefined) continue;
    if (list.length === 0) map.delete(key);
    else map.set(key, list);
  }
}

function add(map: KeyMap, keys: Iterable<string>, id: string): void {
  for (const key of keys) {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  }
}

export class LiveKeyIndex {
  constructor(private readonly maps: StoreKeyIndex) {}

  /** Ids of contacts holding any of these source keys or identities. */
  contactIds(sourceKeys: Iterable<string>, identityKeys: Iterable<string>): string[] {
    const out = new Set<string>();
    ids(this.maps.contactsBySource, sourceKeys, out);
    ids(this.maps.contactsByIdentity, identityKeys, out);
    return [...out];
  }

  /** Ids of clients linked to any of these XPM ids or holding any of these codes. */
  clientIds(xpmIds: Iterable<string>, codeKeys: Iterable<string>): string[] {
    const out = new Set<string>();
    ids(this.maps.clientsByXpmId, xpmIds, out);
    ids(this.maps.clientsByCode, codeKeys, out);
    return [...out];
  }

  /** Every source key held by a contact (the R6 sweep). */
  contactSourceKeys(): string[] {
    return [...this.maps.contactsBySource.keys()];
  }

  contactIdsBySource(keys: Iterable<string>): string[] {
    const out = new Set<string>();
    ids(this.maps.contactsBySource, keys, out);
    return [...out];
  }

  clientXpmIds(): string[] {
    return [...this.maps.clientsByXpmId.keys()];
  }

  clientIdsByXpmId(keys: Iterable<string>): string[] {
    const out = new Set<string>();
    ids(this.maps.clientsByXpmId, keys, out);
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
      remove(this.maps.clientsByXpmId, [before.xpmId], before.id);
      remove(this.maps.clientsByCode, [before.codeKey], before.id);
    }
    add(this.maps.clientsByXpmId, [after.xpmId], after.id);
    add(this.maps.clientsByCode, [after.codeKey], after.id);
  }
}
