/**
 * The contacts one batch works on: the records loaded from the store for the batch's sources and
 * identities, indexed the way the matching rules (R3, R4) look them up, and kept consistent as the
 * batch changes them.
 */
import type { ContactRecord } from '../../domain/records';

/** Whether sync may find this record by (name, email): never a detached or stale record (R4, R5). */
function matchableByIdentity(record: ContactRecord): boolean {
  return !record.forcedManual && record.stale === null;
}

/** Deterministic preference when several records share an identity: synced first, then oldest. */
function preferred(a: ContactRecord, b: ContactRecord): number {
  if (a.state !== b.state) return a.state === 'synced' ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class ContactWorkset {
  private readonly records = new Map<string, ContactRecord>();
  /** The record as it was before this batch touched it; null when the batch created it. */
  private readonly before = new Map<string, ContactRecord | null>();
  private readonly bySource = new Map<string, string>();
  private readonly byIdentity = new Map<string, Set<string>>();

  /** Adds records read from the store (ignored when already present: the workset's copy is newer). */
  load(records: readonly ContactRecord[]): void {
    for (const record of records) {
      if (this.records.has(record.id)) continue;
      this.records.set(record.id, record);
      this.index(record);
    }
  }

  get(id: string): ContactRecord | undefined {
    return this.records.get(id);
  }

  findBySource(sourceKey: string): ContactRecord | undefined {
    const id = this.bySource.get(sourceKey);
    return id === undefined ? undefined : this.records.get(id);
  }

  findByIdentity(identityKey: string, exceptId?: string): ContactRecord | undefined {
    const ids = this.byIdentity.get(identityKey);
    if (!ids) return undefined;
    let best: ContactRecord | undefined;
    for (const id of ids) {
      if (id === exceptId) continue;
      const record = this.records.get(id);
      if (record && (!best || preferred(record, best) < 0)) best = record;
    }
    return best;
  }

  /** Replaces (or adds) a record, remembering its pre-batch state for change detection. */
  put(record: ContactRecord): void {
    const previous = this.records.get(record.id);
    if (!this.before.has(record.id)) this.before.set(record.id, previous ?? null);
    if (previous) this.unindex(previous);
    this.records.set(record.id, record);
    this.index(record);
  }

  /** Whether this batch created the record (it is not in the store yet). */
  createdInThisBatch(id: string): boolean {
    return this.before.has(id) && this.before.get(id) === null;
  }

  /** Forgets a record this batch created, so it is never written (it was absorbed by another). */
  discardCreated(id: string): void {
    const record = this.records.get(id);
    if (!record || !this.createdInThisBatch(id)) return;
    this.unindex(record);
    this.records.delete(id);
    this.before.delete(id);
  }

  /** Every record this batch put, with its state before the batch. */
  touched(): Array<{ readonly before: ContactRecord | null; readonly after: ContactRecord }> {
    const out: Array<{ before: ContactRecord | null; after: ContactRecord }> = [];
    for (const [id, before] of this.before) {
      const after = this.records.get(id);
      if (after) out.push({ before, after });
    }
    return out;
  }

  private index(record: ContactRecord): void {
    for (const key of record.sourceKeys) this.bySource.set(key, record.id);
    if (matchableByIdentity(record)) {
      let ids = this.byIdentity.get(record.identityKey);
      if (!ids) {
        ids = new Set();
        this.byIdentity.set(record.identityKey, ids);
      }
      ids.add(record.id);
    }
  }

  private unindex(record: ContactRecord): void {
    for (const key of record.sourceKeys) {
      if (this.bySource.get(key) === record.id) this.bySource.delete(key);
    }
    this.byIdentity.get(record.identityKey)?.delete(record.id);
  }
}
