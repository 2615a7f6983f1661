/**
 * The SyncStore over IndexedDB (Dexie). Each `transact` call is one read-write IndexedDB
 * transaction over every table a sync batch touches, so a batch's records, run log, field changes,
 * run progress and checkpoint land together or not at all (DB-3, SY-1). Contacts, clients and the
 * fix-list are kept in segments (storage/segments.ts): a batch writes a handful of rows, not one per
 * record, and the key index is kept warm in the worker between runs (storage/record-segments.ts).
 *
 * THE RULE FOR TRANSACTION CALLBACKS: `fn` may await only StoreTx calls (and plain synchronous
 * work between them). IndexedDB commits a transaction as soon as no request is pending at the end
 * of a task, so awaiting anything else inside `fn` (fetch, setTimeout, a timer-based sleep, a
 * Comlink call, a crypto.subtle call) commits the writes made so far and fails the rest: Dexie
 * then raises PrematureCommitError or TransactionInactiveError, which `transact` reports as an
 * 'internal' error because it is a bug in the caller and retrying cannot fix it. Fetch and compute
 * first, then open the transaction.
 */
import Dexie, { type Transaction } from 'dexie';
import { AppError, isAppError, isQuotaError } from '../domain/errors';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import {
  assertCurrentAttempt,
  mergeRunProgress,
  type RunBatchOutcome,
  type RunLogEntry,
  type RunRecord,
} from '../domain/runs';
import type { SyncState } from '../domain/sync-state';
import { countByFixReason, type FixEntry, type SourceState } from '../domain/fix-list';
import type { LocalClientId, LocalContactId, RunId, XpmClientId, XpmStaffId } from '../domain/ids';
import type { StoreKeyIndex, StoreTx, SyncStore } from '../sync/ports';
import { planPrune, PRUNE_RUNS_PER_PIECE, type RetentionSettings } from '../domain/retention';
import { idsAt, indexClient, indexContact, indexSourceState, pooledId } from '../sync/session/key-index';
import { type AppDB, syncTables } from './db';
import { readKv, readSyncState, writeKv, writeSyncState } from './kv';
import { APP_DB_OPTIONS } from './open';
import {
  CLIENT_KIND,
  CONTACT_KIND,
  emptyWarmStore,
  knownHeads,
  reloadWarmStore,
  SOURCE_KIND,
  type WarmStore,
} from './record-segments';
import { SegmentEditor } from './segments';
import { isDexieError, isStorageQuotaError, QUOTA_MESSAGE, toStorageError, withStorageErrors } from './storage-errors';
import { isFixEntryList, readStoreGeneration } from './store-generation';
import { applyTransactionToHeads, type HeadCache, storedHeads } from './list-head-cache';
import { applyOutstandingChanges, type OutstandingTotals, outstandingOf } from './outstanding-counts';

/** Raised by Dexie when `fn` awaited non-IndexedDB work and the transaction committed under it. */
const PREMATURE_COMMIT_ERRORS: ReadonlySet<string> = new Set([
  Dexie.errnames.PrematureCommit,
  Dexie.errnames.TransactionInactive,
]);

export class DexieSyncStore implements SyncStore {
  /** The key index and segment directories, kept warm between runs while the generation holds. */
  private readonly warm: WarmStore = emptyWarmStore();

  constructor(private readonly db: AppDB) {
    // DB-4: checkpoints must be written with strict durability. Refuse a connection opened
    // without it rather than silently commit checkpoints that a power cut could lose.
    if (db.durability !== APP_DB_OPTIONS.chromeTransactionDurability) {
      throw new AppError('internal', 'The sync store needs a database opened with openAppDB (strict durability).');
    }
  }

  readState(): Promise<SyncState> {
    return withStorageErrors('read the sync state', () => readSyncState(this.db));
  }

  putRun(run: RunRecord): Promise<void> {
    // Its own transaction even when called from code that continues a batch's promise chain (Dexie
    // carries the transaction zone along promise continuations; a nested one would wait on it).
    return withStorageErrors('save the run record', () =>
      Dexie.ignoreTransaction(() =>
        this.db.transaction('rw', this.db.runs, async () => {
          await this.db.runs.put(mergeRunProgress(await this.db.runs.get(run.id), run));
        }),
      ),
    );
  }

  getRun(id: RunId): Promise<RunRecord | undefined> {
    return withStorageErrors('read the run record', () => this.db.runs.get(id));
  }

  batchOutcomes(runId: RunId): Promise<RunBatchOutcome[]> {
    return withStorageErrors('read the run’s progress', () =>
      this.db.runBatchOutcomes.where('runId').equals(runId).sortBy('batch'),
    );
  }

  /** The warm key index, reloaded first if another writer changed the store since it was built. */
  loadKeyIndex(): Promise<StoreKeyIndex> {
    return withStorageErrors('read the local index', () =>
      this.db.transaction('r', [this.db.kv, this.db.contactKeys, this.db.clientKeys, this.db.sourceKeys], async () => {
        await this.ensureWarm();
        return this.warm.keyIndex;
      }),
    );
  }

  pruneRunHistory(policy: RetentionSettings, now: number): Promise<number> {
    const { runs, runLogParts, runBatchOutcomes } = this.db;
    return withStorageErrors('remove old run logs', () =>
      Dexie.ignoreTransaction(() =>
        this.db.transaction('rw', [runs, runLogParts, runBatchOutcomes], async () => {
          // The run records are small summaries (at most RUN_RECORDS_KEPT plus a few), read whole; the
          // logs, the bulk, are only deleted by key.
          const plan = planPrune(await runs.toArray(), policy, now);
          const deletes = plan.deleteRuns.slice(0, PRUNE_RUNS_PER_PIECE);
          const drops = plan.dropLogs.slice(0, PRUNE_RUNS_PER_PIECE - deletes.length);
          for (const id of [...deletes, ...drops]) {
            await runLogParts.where('runId').equals(id).delete();
            await runBatchOutcomes.where('runId').equals(id).delete();
          }
          await runs.bulkDelete([...deletes]);
          for (const id of drops) await runs.update(id, { logPrunedAt: now });
          return deletes.length + drops.length;
        }),
      ),
    );
  }

  /** Inside a transaction over kv and the keys tables: rebuilds the warm view when it is stale. */
  private async ensureWarm(): Promise<number> {
    const generation = await readStoreGeneration(this.db);
    if (this.warm.generation !== generation) await reloadWarmStore(this.db, this.warm, generation);
    // Tried again while unknown: a rebuild after the last run may have stored current heads since.
    if (this.warm.heads === null) this.warm.heads = await knownHeads(this.db, this.warm);
    if (this.warm.outstanding.unattributed === null) {
      const unattributed = await readKv(this.db, 'unattributedFindings', [], isFixEntryList);
      this.warm.outstanding = { ...this.warm.outstanding, unattributed: countByFixReason(unattributed) };
    }
    return generation;
  }

  async transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    let transaction: Transaction | undefined;
    let thrownByFn: { readonly error: unknown } | undefined;
    let done: DexieStoreTx | undefined;
    try {
      const result = await this.db.transaction('rw', syncTables(this.db), async (trans) => {
        transaction = trans;
        const generation = await this.ensureWarm();
        const tx = new DexieStoreTx(this.db, this.warm);
        try {
          const value = await fn(tx);
          // A failed bulkPut does not abort the IndexedDB transaction by itself (Dexie collects
          // per-row failures), so a callback that caught the error and carried on would commit
          // part of the batch. Abort instead: a batch lands whole or not at all.
          if (tx.failure) throw tx.failure.error;
          await tx.flush(generation);
          done = tx;
          return value;
        } catch (error) {
          // Kept because Dexie rewraps what the callback threw: a DOMException named like an
          // IndexedDB error (e.g. an AbortError meaning "cancelled") comes out as a Dexie error.
          thrownByFn = { error };
          throw error;
        }
      });
      // Committed: the warm view learns what this transaction changed.
      done?.committed();
      return result;
    } catch (error) {
      // The IDBTransaction's own error says why IndexedDB aborted it (quota, disk failure). It is
      // needed because the error `fn` saw may only be a follow-on one: after a commit-time quota
      // abort, the next request in `fn` fails with InvalidStateError.
      throw classifyTransactionFailure(thrownByFn ? thrownByFn.error : error, transaction?.idbtrans?.error ?? null);
    }
  }
}

/**
 * What `transact` rejects with. AppErrors from `fn` pass through unchanged, and so does anything
 * that is not a storage failure (an engine bug, a cancellation): wrapping those would hide them.
 */
export function classifyTransactionFailure(error: unknown, transactionError: DOMException | null): unknown {
  if (isAppError(error)) return error;
  if (isStorageQuotaError(error) || isQuotaError(transactionError)) {
    return new AppError('storage/quota', QUOTA_MESSAGE, {}, { cause: error });
  }
  if (transactionError === null && isDexieError(error) && PREMATURE_COMMIT_ERRORS.has(error.name)) {
    return new AppError(
      'internal',
      'A storage transaction committed before its work finished: its callback awaited something other than the store. ' +
        'Part of the batch may have been saved.',
      {},
      { cause: error },
    );
  }
  if (transactionError !== null || isDexieError(error)) return toStorageError(error, 'save this batch');
  return error;
}

/** StoreTx over the Dexie tables; only valid inside the `db.transaction` that created it. */
class DexieStoreTx implements StoreTx {
  /** The first store call that failed. Once set, the transaction must not commit (see `transact`). */
  failure: { readonly error: unknown } | undefined;
  private readonly contacts: SegmentEditor<ContactRecord, LocalContactId, ReturnType<typeof CONTACT_KIND.entryOf>>;
  private readonly clients: SegmentEditor<ClientRecord, LocalClientId, ReturnType<typeof CLIENT_KIND.entryOf>>;
  private readonly sources: SegmentEditor<SourceState, XpmClientId, ReturnType<typeof SOURCE_KIND.entryOf>>;
  private newGeneration: number | null = null;
  private newHeads: HeadCache | null = null;
  private newOutstanding: OutstandingTotals | null = null;
  /** The unattributed findings this transaction wrote, if it wrote them. */
  private unattributed: readonly FixEntry[] | undefined;

  constructor(
    private readonly db: AppDB,
    private readonly warm: WarmStore,
  ) {
    this.contacts = new SegmentEditor(CONTACT_KIND, warm.contacts, db.contactSegments, db.contactKeys);
    this.clients = new SegmentEditor(CLIENT_KIND, warm.clients, db.clientSegments, db.clientKeys);
    this.sources = new SegmentEditor(SOURCE_KIND, warm.sources, db.sourceSegments, db.sourceKeys);
  }

  /** Runs one store call, remembering its failure even if the caller catches and carries on. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.failure ??= { error };
      throw error;
    }
  }

  getState(): Promise<SyncState> {
    return this.call(() => readSyncState(this.db));
  }

  putState(state: SyncState): Promise<void> {
    return this.call(() => writeSyncState(this.db, state));
  }

  contactsByIds(ids: readonly LocalContactId[]): Promise<ContactRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call(() => this.contacts.get(ids));
  }

  clientsByIds(ids: readonly LocalClientId[]): Promise<ClientRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call(() => this.clients.get(ids));
  }

  allStaff(): Promise<StaffRecord[]> {
    return this.call(() => this.db.staff.toArray());
  }

  putContacts(records: readonly ContactRecord[]): Promise<void> {
    return this.call(() => this.contacts.put(records));
  }

  async putClients(records: readonly ClientRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.call(async () => {
      // XPM client ids are unique among client records (the version 1 schema enforced it with an
      // index; segments enforce it here): a second holder is a bug, and the batch must not land.
      const holders = new Map<XpmClientId, LocalClientId>();
      for (const record of records) {
        const ids = idsAt(this.warm.keyIndex.clientsByXpmId, record.xpmId);
        for (const id of ids) if (id !== record.id) holders.set(record.xpmId, id);
      }
      if (holders.size > 0) {
        const moving = new Set(records.map((r) => r.id));
        const stillHolding = (await this.clients.get([...holders.values()].filter((id) => !moving.has(id)))).filter(
          (held) => holders.get(held.xpmId) === held.id,
        );
        const clash = stillHolding[0];
        if (clash) {
          throw new AppError(
            'storage/failed',
            `Client ${records.find((r) => r.xpmId === clash.xpmId)?.id} cannot take XPM id ${clash.xpmId}: client ${clash.id} already has it.`,
          );
        }
      }
      const taken = new Map<XpmClientId, LocalClientId>();
      for (const record of records) {
        const other = taken.get(record.xpmId);
        if (other !== undefined && other !== record.id) {
          throw new AppError(
            'storage/failed',
            `Clients ${other} and ${record.id} cannot both take XPM id ${record.xpmId}.`,
          );
        }
        taken.set(record.xpmId, record.id);
      }
      await this.clients.put(records);
    });
  }

  async putStaff(records: readonly StaffRecord[]): Promise<void> {
    if (records.length > 0) await this.call(() => this.db.staff.bulkPut(records));
  }

  async deleteStaff(ids: readonly XpmStaffId[]): Promise<void> {
    if (ids.length > 0) await this.call(() => this.db.staff.bulkDelete([...ids]));
  }

  async deleteContacts(ids: readonly LocalContactId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.call(async () => {
      await this.contacts.delete(ids);
      await this.db.changes
        .where('contactId')
        .anyOf([...ids])
        .delete();
    });
  }

  async deleteClients(ids: readonly LocalClientId[]): Promise<void> {
    if (ids.length > 0) await this.call(() => this.clients.delete(ids));
  }

  sourceStates(ids: readonly XpmClientId[]): Promise<SourceState[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call(() => this.sources.get(ids));
  }

  putSourceStates(states: readonly SourceState[]): Promise<void> {
    return this.call(() => this.sources.put(states));
  }

  async deleteSourceStates(ids: readonly XpmClientId[]): Promise<void> {
    if (ids.length > 0) await this.call(() => this.sources.delete(ids));
  }

  unattributedFindings(): Promise<FixEntry[]> {
    return this.call(async () => [...(await readKv(this.db, 'unattributedFindings', [], isFixEntryList))]);
  }

  replaceUnattributedFindings(entries: readonly FixEntry[]): Promise<void> {
    this.unattributed = [...entries];
    return this.call(() => writeKv(this.db, 'unattributedFindings', [...entries]));
  }

  async addChanges(changes: readonly FieldChange[]): Promise<void> {
    if (changes.length > 0) await this.call(() => this.db.changes.bulkAdd(changes));
  }

  async addLog(entries: readonly RunLogEntry[]): Promise<void> {
    const first = entries[0];
    if (first === undefined) return;
    // One row per batch, keyed by [runId+part] with the batch's first sequence number: replaying a
    // batch rewrites its row instead of duplicating it.
    await this.call(() => this.db.runLogParts.put({ runId: first.runId, part: first.seq, entries: [...entries] }));
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.call(async () => {
      assertCurrentAttempt(await this.db.runs.get(run.id), run);
      await this.db.runs.put(run);
    });
  }

  async addBatchOutcome(outcome: RunBatchOutcome): Promise<void> {
    await this.call(() => this.db.runBatchOutcomes.put(outcome));
  }

  async deleteBatchOutcomes(runId: RunId): Promise<void> {
    await this.call(() => this.db.runBatchOutcomes.where('runId').equals(runId).delete());
  }

  /**
   * Writes the changed segments and, when records or the unattributed findings changed, a new store generation with the lists'
   * first rows for it (when known), so no page ever finds them stale after this transaction.
   */
  async flush(generation: number): Promise<void> {
    await this.call(async () => {
      await this.contacts.flush();
      await this.clients.flush();
      await this.sources.flush();
      const contacts = this.contacts.changes();
      const clients = this.clients.changes();
      const sources = this.sources.changes();
      // The unattributed findings count too: another tab's worker keeps their totals, and a new generation
      // is how it learns that they changed.
      if (contacts.length + clients.length + sources.length > 0 || this.unattributed !== undefined) {
        this.newGeneration = generation + 1;
        await writeKv(this.db, 'storeGeneration', this.newGeneration);
        this.newHeads = applyTransactionToHeads(this.warm.heads, contacts, clients);
        if (this.newHeads !== null) await writeKv(this.db, 'listHeads', storedHeads(this.newHeads, this.newGeneration));
      }
      if (this.newGeneration !== null || this.unattributed !== undefined) {
        // Stored with every new generation (so a contacts-only change keeps them current) and whenever the
        // fix-list changed: rewritten, or cleared when not known (never left stale).
        this.newOutstanding = applyOutstandingChanges(this.warm.outstanding, sources, this.unattributed);
        const counts = outstandingOf(this.newOutstanding);
        await writeKv(
          this.db,
          'outstandingCounts',
          counts === null ? null : { generation: this.newGeneration ?? generation, counts },
        );
      }
    });
  }

  /** After the commit: the warm directories and key index follow what this transaction wrote. */
  committed(): void {
    const index = this.warm.keyIndex;
    for (const { before, after } of this.contacts.changes()) indexContact(index, before, after);
    for (const { before, after } of this.clients.changes()) indexClient(index, before, after);
    for (const { before, after } of this.sources.changes()) {
      const id = (after ?? before)?.clientId;
      if (id !== undefined) indexSourceState(index, id, after);
    }
    const sameId = <T extends string>(id: T): T => pooledId(index, id);
    this.contacts.commit(sameId);
    this.clients.commit(sameId);
    this.sources.commit(sameId);
    if (this.newGeneration !== null) {
      this.warm.generation = this.newGeneration;
      this.warm.heads = this.newHeads;
    }
    if (this.newOutstanding !== null) this.warm.outstanding = this.newOutstanding;
  }
}
