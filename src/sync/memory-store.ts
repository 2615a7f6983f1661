/**
 * An in-memory SyncStore: the twin of the Dexie store, used by the command line and the engine's
 * tests. Transactions are serialised and atomic (writes are staged and applied only when the
 * callback succeeds), like IndexedDB's, and the key index is kept current as they commit.
 */
import { AppError } from '../domain/errors';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import {
  assertCurrentAttempt,
  mergeRunProgress,
  type RunBatchOutcome,
  type RunLogEntry,
  type RunRecord,
} from '../domain/runs';
import type { SyncState } from '../domain/sync-state';
import { INITIAL_SYNC_STATE } from '../domain/sync-state';
import type { FixEntry, SourceState } from '../domain/fix-list';
import type { LocalClientId, LocalContactId, RunId, XpmClientId, XpmStaffId } from '../domain/ids';
import type { StoreKeyIndex, StoreTx, SyncStore } from './ports';
import { planPrune, PRUNE_RUNS_PER_PIECE, type RetentionSettings } from '../domain/retention';
import { emptyKeyIndex, indexClient, indexContact, indexSourceState } from './session/key-index';

export interface MemoryStoreHooks {
  /** Called before each transaction commits, with its 1-based number; throwing aborts it (fault injection). */
  beforeCommit?: (transactionNumber: number) => void;
}

export class MemoryStore implements SyncStore {
  readonly contacts = new Map<LocalContactId, ContactRecord>();
  readonly clients = new Map<LocalClientId, ClientRecord>();
  readonly staff = new Map<XpmStaffId, StaffRecord>();
  readonly sources = new Map<XpmClientId, SourceState>();
  unattributed: readonly FixEntry[] = [];
  readonly changes: FieldChange[] = [];
  /** The run log in parts, keyed like the Dexie table's [runId+part] (part: the batch's first seq). */
  private readonly logParts = new Map<
    string,
    { readonly runId: RunId; readonly part: number; readonly entries: readonly RunLogEntry[] }
  >();
  readonly runs = new Map<RunId, RunRecord>();
  /** Batch outcomes of running runs, keyed like the Dexie table's [runId+batch]. */
  readonly batchOutcomeRows = new Map<string, RunBatchOutcome>();
  state: SyncState = INITIAL_SYNC_STATE;
  /** Kept current as transactions commit (the warm key index the Dexie store keeps too). */
  readonly keyIndex: StoreKeyIndex = emptyKeyIndex();

  /** xpmId → client id: xpmId is unique in the Dexie schema, and a transaction must check it. */
  readonly clientByXpmId = new Map<XpmClientId, LocalClientId>();
  private queue: Promise<unknown> = Promise.resolve();
  private transactions = 0;

  constructor(private readonly hooks: MemoryStoreHooks = {}) {}

  async readState(): Promise<SyncState> {
    return this.state;
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.serialised(async () => {
      this.runs.set(run.id, mergeRunProgress(this.runs.get(run.id), run));
    });
  }

  async getRun(id: RunId): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }

  async batchOutcomes(runId: RunId): Promise<RunBatchOutcome[]> {
    return [...this.batchOutcomeRows.values()].filter((row) => row.runId === runId).sort((a, b) => a.batch - b.batch);
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
    return this.keyIndex;
  }

  pruneRunHistory(policy: RetentionSettings, now: number): Promise<number> {
    return this.serialised(async () => {
      const plan = planPrune([...this.runs.values()], policy, now);
      const deletes = plan.deleteRuns.slice(0, PRUNE_RUNS_PER_PIECE);
      const drops = plan.dropLogs.slice(0, PRUNE_RUNS_PER_PIECE - deletes.length);
      for (const id of [...deletes, ...drops]) {
        for (const [key, part] of this.logParts) if (part.runId === id) this.logParts.delete(key);
        for (const [key, row] of this.batchOutcomeRows) if (row.runId === id) this.batchOutcomeRows.delete(key);
      }
      for (const id of deletes) this.runs.delete(id);
      for (const id of drops) {
        const run = this.runs.get(id);
        if (run) this.runs.set(id, { ...run, logPrunedAt: now });
      }
      return deletes.length + drops.length;
    });
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

  /** The standing fix-list: every client's entries, then the unattributed ones. */
  fixList(): FixEntry[] {
    return [...[...this.sources.values()].flatMap((state) => state.findings), ...this.unattributed];
  }

  /** Every run's log, by run id, then in the order the run wrote it. */
  get log(): RunLogEntry[] {
    return [...this.logParts.values()]
      .sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.part - b.part))
      .flatMap((part) => part.entries);
  }

  /** @internal */ applyLogPart(entries: readonly RunLogEntry[]): void {
    const first = entries[0];
    if (first !== undefined) this.logParts.set(logKey(first), { runId: first.runId, part: first.seq, entries });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A log part's primary key, [runId+part] in the Dexie schema. */
function logKey(entry: RunLogEntry): string {
  return JSON.stringify([entry.runId, entry.seq]);
}

/** Staged writes over a MemoryStore; reads see the staged writes. */
class MemoryTx implements StoreTx {
  private readonly contacts = new Map<LocalContactId, ContactRecord>();
  private readonly clients = new Map<LocalClientId, ClientRecord>();
  /** xpmId → id of the staged client that last took it (checked against `clients` before use). */
  private readonly stagedByXpmId = new Map<XpmClientId, LocalClientId>();
  private readonly staff = new Map<XpmStaffId, StaffRecord>();
  private readonly deletedStaff = new Set<XpmStaffId>();
  /** Records deleted by this transaction (a later put in it brings one back). */
  private readonly deletedContacts = new Set<LocalContactId>();
  private readonly deletedClients = new Set<LocalClientId>();
  private readonly sources = new Map<XpmClientId, SourceState | null>();
  private unattributed: readonly FixEntry[] | null = null;
  private readonly changes: FieldChange[] = [];
  private readonly log = new Map<string, readonly RunLogEntry[]>();
  private readonly runs = new Map<RunId, RunRecord>();
  private readonly batchOutcomes: RunBatchOutcome[] = [];
  private readonly droppedOutcomes = new Set<RunId>();
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

  private contact(id: LocalContactId): ContactRecord | undefined {
    if (this.deletedContacts.has(id)) return undefined;
    return this.contacts.get(id) ?? this.store.contacts.get(id);
  }
  private client(id: LocalClientId): ClientRecord | undefined {
    if (this.deletedClients.has(id)) return undefined;
    return this.clients.get(id) ?? this.store.clients.get(id);
  }

  async contactsByIds(ids: readonly LocalContactId[]): Promise<ContactRecord[]> {
    return ids.map((id) => this.contact(id)).filter((r): r is ContactRecord => r !== undefined);
  }

  async clientsByIds(ids: readonly LocalClientId[]): Promise<ClientRecord[]> {
    return ids.map((id) => this.client(id)).filter((r): r is ClientRecord => r !== undefined);
  }

  async allStaff(): Promise<StaffRecord[]> {
    const all = new Map(this.store.staff);
    for (const id of this.deletedStaff) all.delete(id);
    for (const [id, record] of this.staff) all.set(id, record);
    return [...all.values()];
  }

  async putContacts(records: readonly ContactRecord[]): Promise<void> {
    for (const record of records) {
      this.contacts.set(record.id, record);
      this.deletedContacts.delete(record.id);
    }
  }
  async deleteContacts(ids: readonly LocalContactId[]): Promise<void> {
    for (const id of ids) {
      this.contacts.delete(id);
      this.deletedContacts.add(id);
    }
  }
  async deleteClients(ids: readonly LocalClientId[]): Promise<void> {
    for (const id of ids) {
      this.clients.delete(id);
      this.deletedClients.add(id);
    }
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
      this.deletedClients.delete(record.id);
      this.stagedByXpmId.set(record.xpmId, record.id);
    }
  }
  /** The id of the client holding xpmId once staged writes apply (at most one, as the id is unique). */
  private xpmIdHolder(xpmId: XpmClientId): LocalClientId | undefined {
    const staged = this.stagedByXpmId.get(xpmId);
    if (staged !== undefined && this.clients.get(staged)?.xpmId === xpmId) return staged;
    const stored = this.store.clientByXpmId.get(xpmId);
    if (stored !== undefined && this.client(stored)?.xpmId === xpmId) return stored;
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
  async sourceStates(ids: readonly XpmClientId[]): Promise<SourceState[]> {
    const out: SourceState[] = [];
    for (const id of ids) {
      const state = this.sources.has(id) ? this.sources.get(id) : this.store.sources.get(id);
      if (state) out.push(state);
    }
    return out;
  }
  async putSourceStates(states: readonly SourceState[]): Promise<void> {
    for (const state of states) this.sources.set(state.clientId, state);
  }
  async deleteSourceStates(ids: readonly XpmClientId[]): Promise<void> {
    for (const id of ids) this.sources.set(id, null);
  }
  async unattributedFindings(): Promise<FixEntry[]> {
    return [...(this.unattributed ?? this.store.unattributed)];
  }
  async replaceUnattributedFindings(entries: readonly FixEntry[]): Promise<void> {
    this.unattributed = [...entries];
  }
  async addChanges(changes: readonly FieldChange[]): Promise<void> {
    this.changes.push(...changes);
  }
  async addLog(entries: readonly RunLogEntry[]): Promise<void> {
    const first = entries[0];
    if (first !== undefined) this.log.set(logKey(first), [...entries]);
  }
  async putRun(run: RunRecord): Promise<void> {
    try {
      assertCurrentAttempt(this.runs.get(run.id) ?? this.store.runs.get(run.id), run);
    } catch (error) {
      this.failure ??= { error };
      throw error;
    }
    this.runs.set(run.id, run);
  }
  async addBatchOutcome(outcome: RunBatchOutcome): Promise<void> {
    this.batchOutcomes.push(outcome);
  }
  async deleteBatchOutcomes(runId: RunId): Promise<void> {
    this.droppedOutcomes.add(runId);
    for (let i = this.batchOutcomes.length - 1; i >= 0; i--) {
      if (this.batchOutcomes[i]?.runId === runId) this.batchOutcomes.splice(i, 1);
    }
  }

  commit(): void {
    const { store } = this;
    for (const id of this.deletedContacts) {
      indexContact(store.keyIndex, store.contacts.get(id), null);
      store.contacts.delete(id);
    }
    if (this.deletedContacts.size > 0) {
      const kept = store.changes.filter((change) => !this.deletedContacts.has(change.contactId));
      store.changes.splice(0, store.changes.length, ...kept);
    }
    for (const id of this.deletedClients) {
      const before = store.clients.get(id);
      indexClient(store.keyIndex, before, null);
      if (before && store.clientByXpmId.get(before.xpmId) === id) store.clientByXpmId.delete(before.xpmId);
      store.clients.delete(id);
    }
    for (const record of this.contacts.values()) {
      indexContact(store.keyIndex, store.contacts.get(record.id), record);
      store.contacts.set(record.id, record);
    }
    for (const record of this.clients.values()) {
      const before = store.clients.get(record.id);
      indexClient(store.keyIndex, before, record);
      if (before && store.clientByXpmId.get(before.xpmId) === before.id) store.clientByXpmId.delete(before.xpmId);
      store.clients.set(record.id, record);
      store.clientByXpmId.set(record.xpmId, record.id);
    }
    for (const id of this.deletedStaff) store.staff.delete(id);
    for (const [id, record] of this.staff) store.staff.set(id, record);
    for (const [id, state] of this.sources) {
      indexSourceState(store.keyIndex, id, state);
      if (state === null) store.sources.delete(id);
      else store.sources.set(id, state);
    }
    if (this.unattributed !== null) store.unattributed = this.unattributed;
    store.changes.push(...this.changes);
    for (const entries of this.log.values()) store.applyLogPart(entries);
    for (const [id, run] of this.runs) store.runs.set(id, run);
    for (const [key, row] of store.batchOutcomeRows) {
      if (this.droppedOutcomes.has(row.runId)) store.batchOutcomeRows.delete(key);
    }
    for (const row of this.batchOutcomes) store.batchOutcomeRows.set(JSON.stringify([row.runId, row.batch]), row);
    if (this.state) store.state = this.state;
  }
}
