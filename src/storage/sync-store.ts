/**
 * The SyncStore over IndexedDB (Dexie). Each `transact` call is one read-write IndexedDB
 * transaction over every table a sync batch touches, so a batch's records, run log, field changes,
 * run progress and checkpoint land together or not at all (DB-3, SY-1).
 *
 * THE RULE FOR TRANSACTION CALLBACKS: `fn` may await only StoreTx calls (and plain synchronous
 * work between them). IndexedDB commits a transaction as soon as no request is pending at the end
 * of a task, so awaiting anything else inside `fn` (fetch, setTimeout, a timer-based sleep, a
 * Comlink call, a crypto.subtle call) commits the writes made so far and fails the rest: Dexie
 * then raises PrematureCommitError or TransactionInactiveError, which `transact` reports as an
 * 'internal' error because it is a bug in the caller and retrying cannot fix it. Fetch and compute
 * first, then open the transaction.
 */
import Dexie, { type Collection, type Transaction } from 'dexie';
import { AppError, isAppError, isQuotaError } from '../domain/errors';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';
import type { SyncState } from '../domain/sync-state';
import type { LocalClientId, LocalContactId, RunId, SourceKey, XpmClientId, XpmStaffId } from '../domain/ids';
import type { StoreKeyIndex, StoreTx, SyncStore } from '../sync/ports';
import { type AppDB, syncTables } from './db';
import { readSyncState, writeSyncState } from './kv';
import { APP_DB_OPTIONS } from './open';
import { isDexieError, isStorageQuotaError, QUOTA_MESSAGE, toStorageError, withStorageErrors } from './storage-errors';

/**
 * An index as key → primary keys. `keys()` walks the index with a key cursor and `primaryKeys()`
 * reads the same entries in the same order, so the two lists pair up entry by entry.
 */
async function indexMap<K extends string, I extends string>(collection: Collection<unknown, I>): Promise<Map<K, I[]>> {
  const [keys, ids] = await Promise.all([collection.keys(), collection.primaryKeys()]);
  const map = new Map<K, I[]>();
  keys.forEach((rawKey, i) => {
    const id = ids[i];
    if (typeof rawKey !== 'string' || id === undefined) return;
    // The keys were written by the engine in these forms (StoreKeyIndex).
    const key = rawKey as K;
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  });
  return map;
}

/** Raised by Dexie when `fn` awaited non-IndexedDB work and the transaction committed under it. */
const PREMATURE_COMMIT_ERRORS: ReadonlySet<string> = new Set([
  Dexie.errnames.PrematureCommit,
  Dexie.errnames.TransactionInactive,
]);

export class DexieSyncStore implements SyncStore {
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
    return withStorageErrors('save the run record', async () => {
      await this.db.runs.put(run);
    });
  }

  getRun(id: RunId): Promise<RunRecord | undefined> {
    return withStorageErrors('read the run record', () => this.db.runs.get(id));
  }

  /** Key-only reads of the four lookup indexes, in one read transaction (one consistent snapshot). */
  loadKeyIndex(): Promise<StoreKeyIndex> {
    return withStorageErrors('read the local index', () =>
      this.db.transaction('r', [this.db.contacts, this.db.clients], async () => {
        const [contactsBySource, contactsByIdentity, clientsByXpmId, clientsByCode] = await Promise.all([
          indexMap<SourceKey, LocalContactId>(this.db.contacts.orderBy('sourceKeys')),
          indexMap<string, LocalContactId>(this.db.contacts.orderBy('identityKey')),
          indexMap<XpmClientId, LocalClientId>(this.db.clients.orderBy('xpmId')),
          indexMap<string, LocalClientId>(this.db.clients.orderBy('codeKey')),
        ]);
        return { contactsBySource, contactsByIdentity, clientsByXpmId, clientsByCode };
      }),
    );
  }

  async transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    let transaction: Transaction | undefined;
    let thrownByFn: { readonly error: unknown } | undefined;
    try {
      return await this.db.transaction('rw', syncTables(this.db), async (trans) => {
        transaction = trans;
        const tx = new DexieStoreTx(this.db);
        try {
          const result = await fn(tx);
          // A failed bulkPut does not abort the IndexedDB transaction by itself (Dexie collects
          // per-row failures), so a callback that caught the error and carried on would commit
          // part of the batch. Abort instead: a batch lands whole or not at all.
          if (tx.failure) throw tx.failure.error;
          return result;
        } catch (error) {
          // Kept because Dexie rewraps what the callback threw: a DOMException named like an
          // IndexedDB error (e.g. an AbortError meaning "cancelled") comes out as a Dexie error.
          thrownByFn = { error };
          throw error;
        }
      });
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

  constructor(private readonly db: AppDB) {}

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

  async contactsByIds(ids: readonly LocalContactId[]): Promise<ContactRecord[]> {
    if (ids.length === 0) return [];
    return present(await this.call(() => this.db.contacts.bulkGet([...ids])));
  }

  async clientsByIds(ids: readonly LocalClientId[]): Promise<ClientRecord[]> {
    if (ids.length === 0) return [];
    return present(await this.call(() => this.db.clients.bulkGet([...ids])));
  }

  allStaff(): Promise<StaffRecord[]> {
    return this.call(() => this.db.staff.toArray());
  }

  async putContacts(records: readonly ContactRecord[]): Promise<void> {
    if (records.length > 0) await this.call(() => this.db.contacts.bulkPut(records));
  }

  async putClients(records: readonly ClientRecord[]): Promise<void> {
    if (records.length > 0) await this.call(() => this.db.clients.bulkPut(records));
  }

  async putStaff(records: readonly StaffRecord[]): Promise<void> {
    if (records.length > 0) await this.call(() => this.db.staff.bulkPut(records));
  }

  async deleteStaff(ids: readonly XpmStaffId[]): Promise<void> {
    if (ids.length > 0) await this.call(() => this.db.staff.bulkDelete([...ids]));
  }

  async addChanges(changes: readonly FieldChange[]): Promise<void> {
    if (changes.length > 0) await this.call(() => this.db.changes.bulkAdd(changes));
  }

  async addLog(entries: readonly RunLogEntry[]): Promise<void> {
    // bulkPut, keyed by [runId+seq]: replaying a batch rewrites its rows instead of duplicating them.
    if (entries.length > 0) await this.call(() => this.db.runLog.bulkPut(entries));
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.call(() => this.db.runs.put(run));
  }
}

function present<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}
