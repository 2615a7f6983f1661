/**
 * The client records one batch works on, by XPM id (either identity form), by code (R12) and by local
 * id, kept consistent as the batch writes them.
 */
import type { ClientRecord } from '../../domain/records';
import { NUMERIC_ID_PREFIX, type LocalClientId, type XpmClientId } from '../../domain/ids';

/** Every XPM identity a client record answers to: its XPM id, and `id:<integer>` when XPM sent one. */
export function clientXpmKeys(record: Pick<ClientRecord, 'xpmId' | 'xpmNumericId'>): XpmClientId[] {
  const keys = [record.xpmId];
  const alt = record.xpmNumericId == null ? null : (`${NUMERIC_ID_PREFIX}${record.xpmNumericId}` as XpmClientId);
  if (alt !== null && alt !== record.xpmId) keys.push(alt);
  return keys;
}

export class ClientIndex {
  private readonly xpm = new Map<XpmClientId, ClientRecord>();
  private readonly code = new Map<string, ClientRecord[]>();
  private readonly ids = new Map<LocalClientId, ClientRecord>();

  constructor(records: readonly ClientRecord[]) {
    for (const record of records) this.put(record);
  }

  /** The record linked to any of these XPM identities (the first that matches). */
  byXpmId(keys: readonly XpmClientId[]): ClientRecord | undefined {
    for (const key of keys) {
      const record = this.xpm.get(key);
      if (record) return record;
    }
    return undefined;
  }

  hasId(id: LocalClientId): boolean {
    return this.ids.has(id);
  }

  byCodeKey(codeKey: string): ClientRecord[] {
    return this.code.get(codeKey) ?? [];
  }

  put(record: ClientRecord): ClientRecord {
    const previous = this.ids.get(record.id);
    if (previous) this.forget(previous);
    this.ids.set(record.id, record);
    for (const key of clientXpmKeys(record)) this.xpm.set(key, record);
    const list = (this.code.get(record.codeKey) ?? []).filter((r) => r.id !== record.id);
    list.push(record);
    this.code.set(record.codeKey, list);
    return record;
  }

  forget(record: ClientRecord): void {
    if (this.ids.get(record.id) === record) this.ids.delete(record.id);
    for (const key of clientXpmKeys(record)) if (this.xpm.get(key)?.id === record.id) this.xpm.delete(key);
    const list = this.code.get(record.codeKey);
    if (list)
      this.code.set(
        record.codeKey,
        list.filter((r) => r.id !== record.id),
      );
  }
}
