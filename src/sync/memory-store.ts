/**
 * An in-memory SyncStore: the twin of the Dexie store, used by the command line and the engine's
 * tests. Transactions are serialised and atomic (writes are staged and applied only when the
 * callback succeeds), like IndexedDB's.
 */
import { AppError } from '../domain/errors';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';
import type { SyncState } from '../domain/sync-state';
import { INITIAL_SYNC_STATE } from '../domain/sync-state';
import type { StoreKeyIndex, StoreTx, SyncStore } from './ports';
import type { XpmStaffId } from '../domain/ids';
import { clientXpmKeys } from './session/client-index';

/** Multi-valued index: key → ids. */
class Index {
  private readonly map = new Map<string, Set<string>>();
  add(keys: Iterable<string>, id: string): void {
    for (const key of keys) {
      let ids = this.map.get(key);
      if (!ids) {
        ids = new Set();
        this.map.set(key, ids);
      }
      ids.add(id);
    }
  }
  remove(keys: Iterable<string>, id: string): void {
    for (const key of keys) {
      const ids = this.map.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.map.delete(key);
    }
  }
  ids(key: string): Iterable<string> {
    return this.map.get(key) ?? [];
  }
}

export interface MemoryStoreHooks {
  /** Called before each transaction commits, with its 1-based number; throwing aborts it (fault injection). */
  beforeCommit?: (transactionNumber: number) => void;
}

export class MemoryStore implements SyncStore {
  readonly contacts = new Map<string, ContactRecord>();
  readonly clients = new Map<string, ClientRecord>();
  readonly staff = new Map<string, StaffRecord>();
  readonly changes: FieldChange[] = [];
  readonly log: RunLogEntry[] = [];
  readonly runs = new Map<string, RunRecord>();
  state: SyncState = INITIAL_SYNC_STATE;

  /** xpmId is unique in the Dexie schema ('&xpmId'); this index lets a transaction check it. */
  private readonly byClientXpm = new Index();
  /** Position in `log` of each (runId, seq): like the Dexie table's primary key, a rewrite replaces the row. */
  private readonly logPositions = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private transactions = 0;

  constructor(private readonly hooks: MemoryStoreHooks = {}) {}

  async readState(): Promise<SyncState> {
    return this.state;
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.serialised(async () => {
      this.runs.set(run.id, run);
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      const tx = new MemoryTx(this);
      const result = await fn(tx);
      // A failed store call aborts the transaction even if fn caught it (IndexedDB twin: a batch
      // lands whole or not at all).
      if (tx.failure) throw tx.failure.error;
      this.transactions += 1;
      this.hooks.beforeCommit?.(this.transactions);
      tx.commit();
      return result;
    });
  }

  async loadKeyIndex(): Promise<StoreKeyIndex> {
    const build = <T extends { id: I }, K, I>(records: Iterable<T>, keysOf: (record: T) => readonly K[]) => {
      const map = new Map<K, I[]>();
      for (const record of records) {
        for (const key of new Set(keysOf(record))) {
          const list = map.get(key);
          if (list) list.push(record.id);
          else map.set(key, [record.id]);
        }
      }
      return map;
    };
    return {
      contactsBySource: build(this.contacts.values(), (c) => c.sourceKeys),
      contactsByIdentity: build(this.contacts.values(), (c) => [c.identityKey]),
      clientsByXpmId: build(this.clients.values(), clientXpmKeys),
      clientsByCode: build(this.clients.values(), (c) => [c.codeKey]),
    };
  }

  /** Contacts, clients and staff as sorted plain data, for "same store as a clean run" comparisons. */
  records(): { contacts: ContactRecord[]; clients: ClientRecord[]; staff: StaffRecord[] } {
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return {
      contacts: [...this.contacts.values()].sort(byId),
      clients: [...this.clients.values()].sort(byId),
      staff: [...this.staff.values()].sort(byId),
    };
  }

  // ---- used by MemoryTx ----

  /** @internal */ idsByClientXpm(key: string): Iterable<string> {
    return this.byClientXpm.ids(key);
  }

  /** @internal */ applyClient(record: ClientRecord): void {
    const old = this.clients.get(record.id);
    if (old) this.byClientXpm.remove([old.xpmId], old.id);
    this.clients.set(record.id, record);
    this.byClientXpm.add([record.xpmId], record.id);
  }

  /** @internal */ applyLog(entry: RunLogEntry): void {
    const key = logKey(entry);
    const position = this.logPositions.get(key);
    if (position === undefined) {
      this.logPositions.set(key, this.log.length);
      this.log.push(entry);
    } else {
      this.log[position] = entry;
    }
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The run log's primary key, [runId+seq] in the Dexie schema. */
function logKey(entry: RunLogEntry): string {
  return JSON.stringify([entry.runId, entry.seq]);
}

/** Staged writes over a MemoryStore; reads see the staged writes. */
class MemoryTx implements StoreTx {
  private readonly contacts = new Map<string, ContactRecord>();
  private readonly clients = new Map<string, ClientRecord>();
  /** xpmId → id of the staged client that last took it (checked against `clients` before use). */
  private readonly stagedByXpmId = new Map<string, string>();
  private readonly staff = new Map<string, StaffRecord>();
  private readonly deletedStaff = new Set<string>();
  private readonly changes: FieldChange[] = [];
  private readonly log = new Map<string, RunLogEntry>();
  private readonly runs = new Map<string, RunRecord>();
  private state: SyncState | null = null;
  /** The first store call that failed; the transaction then never commits. */
  failure: { readonly error: unknown } | undefined;

  constructor(private readonly store: MemoryStore) {}

  async getState(): Promise<SyncState> {
    return this.state ?? this.store.state;
  }
  async putState(state: SyncState): Promise<void> {
    this.state = state;
  }

  private contact(id: string): ContactRecord | undefined {
    return this.contacts.get(id) ?? this.store.contacts.get(id);
  }
  private client(id: string): ClientRecord | undefined {
    return this.clients.get(id) ?? this.store.clients.get(id);
  }

  async contactsByIds(ids: readonly string[]): Promise<ContactRecord[]> {
    return ids.map((id) => this.contact(id)).filter((r): r is ContactRecord => r !== undefined);
  }

  async clientsByIds(ids: readonly string[]): Promise<ClientRecord[]> {
    return ids.map((id) => this.client(id)).filter((r): r is ClientRecord => r !== undefined);
  }

  async allStaff(): Promise<StaffRecord[]> {
    const all = new Map(this.store.staff);
    for (const id of this.deletedStaff) all.delete(id);
    for (const [id, record] of this.staff) all.set(id, record);
    return [...all.values()];
  }

  async putContacts(records: readonly ContactRecord[]): Promise<void> {
    for (const record of records) this.contacts.set(record.id, record);
  }
  async putClients(records: readonly ClientRecord[]): Promise<void> {
    for (const record of records) {
      // xpmId is a unique index in IndexedDB ('&xpmId'): a second holder fails the write there too.
      const holder = this.xpmIdHolder(record.xpmId);
      if (holder !== undefined && holder !== record.id) {
        const error = new AppError(
          'storage/failed',
          `Client ${record.id} cannot take XPM id ${record.xpmId}: client ${holder} already has it.`,
        );
        this.failure ??= { error };
        throw error;
      }
      this.clients.set(record.id, record);
      this.stagedByXpmId.set(record.xpmId, record.id);
    }
  }
  /** The id of the client holding xpmId once staged writes apply (at most one, as the id is unique). */
  private xpmIdHolder(xpmId: string): string | undefined {
    const staged = this.stagedByXpmId.get(xpmId);
    if (staged !== undefined && this.clients.get(staged)?.xpmId === xpmId) return staged;
    for (const id of this.store.idsByClientXpm(xpmId)) if (this.client(id)?.xpmId === xpmId) return id;
    return undefined;
  }
  async putStaff(records: readonly StaffRecord[]): Promise<void> {
    for (const record of records) this.staff.set(record.id, record);
  }
  async deleteStaff(ids: readonly XpmStaffId[]): Promise<void> {
    for (const id of ids) {
      this.staff.delete(id);
      this.deletedStaff.add(id);
    }
  }
  async addChanges(changes: readonly FieldChange[]): Promise<void> {
    this.changes.push(...changes);
  }
  async addLog(entries: readonly RunLogEntry[]): Promise<void> {
    for (const entry of entries) this.log.set(logKey(entry), entry);
  }
  async putRun(run: RunRecord): Promise<void> {
    this.runs.set(run.id, run);
  }

  commit(): void {
    for (const record of this.contacts.values()) this.store.contacts.set(record.id, record);
    for (const record of this.clients.values()) this.store.applyClient(record);
    for (const id of this.deletedStaff) this.store.staff.delete(id);
    for (const [id, record] of this.staff) this.store.staff.set(id, record);
    this.store.changes.push(...this.changes);
    for (const entry of this.log.values()) this.store.applyLog(entry);
    for (const [id, run] of this.runs) this.store.runs.set(id, run);
    if (this.state) this.store.state = this.state;
  }
}
