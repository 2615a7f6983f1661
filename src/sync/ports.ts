/**
 * The narrow environment the sync engine runs in. The worker supplies browser implementations
 * (proxied fetch, Dexie, Date); tests and the command line supply in-memory ones.
 * Nothing in src/sync/ touches a global environment directly.
 */
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunBatchOutcome, RunLogEntry, RunRecord } from '../domain/runs';
import type { SyncState } from '../domain/sync-state';

import type { LocalClientId, LocalContactId, RunId, SourceKey, XpmClientId, XpmStaffId } from '../domain/ids';
import type { FixEntry, OutstandingCounts, SourceCounts, SourceState } from '../domain/fix-list';
import type { RetentionSettings } from '../domain/retention';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after ms, or rejects with an AbortError DOMException when signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

/** Structured log; callers never pass tokens, codes or query strings. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** The network: one method, so tests can script it and the worker can route it through the proxy. */
export interface HttpPort {
  fetch(request: Request): Promise<Response>;
}

/** Access tokens for the current connection (C5). */
export interface TokenSource {
  /** A token valid for at least the next request (refreshed ahead of expiry by the implementation). */
  accessToken(signal: AbortSignal): Promise<string>;
  /**
   * Called once after XPM answered 401 to `rejected`; returns a new token (one refresh across all
   * tabs), or throws AppError 'auth/reconnect-needed'.
   */
  refresh(rejected: string, signal: AbortSignal): Promise<string>;
}

/**
 * The local store. `transact` runs `fn` in one atomic read-write transaction over every table:
 * either all its writes land or none do. `fn` must await only StoreTx calls (IndexedDB commits a
 * transaction as soon as it is left idle).
 */
export interface SyncStore {
  readState(): Promise<SyncState>;
  /**
   * Writes a run's progress outside any batch, merged so it never takes the stored record back
   * (mergeRunProgress); refused with 'sync/taken-over' when the stored record is on a later attempt.
   */
  putRun(run: RunRecord): Promise<void>;
  getRun(id: RunId): Promise<RunRecord | undefined>;
  /** What the committed batches of a running run changed, in commit order (resuming it, S7). */
  batchOutcomes(runId: RunId): Promise<RunBatchOutcome[]>;
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Every lookup key of the stored contacts and clients, mapped to record ids, and the fingerprint of
   * every XPM client. A run loads it once and keeps it current itself, so each batch fetches records
   * by id instead of searching indexes (sync runs are the only writers of these records while they
   * hold the run lock). A store may keep it warm between runs; it is returned for the run to own.
   */
  loadKeyIndex(): Promise<StoreKeyIndex>;
  /**
   * Retention, one bounded piece (domain/retention.ts planPrune): in one transaction, removes the logs
   * of at most PRUNE_RUNS_PER_PIECE finished runs the policy no longer keeps (their records stay,
   * marked logPrunedAt = now) or deletes that many run records beyond RUN_RECORDS_KEPT with their
   * logs. Returns how many runs it changed: call again until it returns 0. Running runs are never
   * touched; the fix-list is not part of the run history and is never pruned here.
   */
  pruneRunHistory(policy: RetentionSettings, now: number): Promise<number>;
}

/**
 * The ids one key of the key index leads to: the id itself when there is one (nearly always), an array
 * when several records share the key. Read it with `idsAt` (sync/session/key-index.ts). One id per key
 * is the common case, and an array per key cost ~40 bytes per record of every kind in the worker's heap.
 */
export type KeyIds<V extends string> = V | V[];

/** Lookup keys → record ids (see SyncStore.loadKeyIndex). */
export interface StoreKeyIndex {
  readonly contactsBySource: Map<SourceKey, KeyIds<LocalContactId>>;
  /** Normalised (name, email) identity (R3) → contacts. */
  readonly contactsByIdentity: Map<string, KeyIds<LocalContactId>>;
  /** Every XPM identity a client answers to (its XPM id, and `id:<integer>` when known). */
  readonly clientsByXpmId: Map<XpmClientId, KeyIds<LocalClientId>>;
  /** Client code, trimmed and lower-cased (R12) → clients. */
  readonly clientsByCode: Map<string, KeyIds<LocalClientId>>;
  /**
   * The (source, client) links of every contact sync may update (not detached): what the R6 sweep
   * checks against what a complete listing saw, without reading the records.
   */
  readonly contactLinks: Map<LocalContactId, ContactLinkKeys>;
  /** The fingerprint and counts of every XPM client last evaluated (SourceState), when still valid. */
  readonly clientStates: Map<XpmClientId, ClientStateKey>;
  /**
   * One copy of each id and source key the maps above hold (see StringPool): the same XPM client id
   * arrives in a client's keys, its source state and each of its contacts' links as separate strings.
   * A removed record's strings stay until the index is next rebuilt (another writer changed the store,
   * or the worker started again): removals are rare, and counting every use to drop them would cost
   * more than the strings.
   */
  readonly strings: StringPool;
}

/** Keeps one copy of equal strings (a Map of each string to itself). */
export type StringPool = Map<string, string>;

/** A contact link as the key index holds it: which XPM source, under which client. */
export type ContactLinkKey = readonly [SourceKey, XpmClientId];

/**
 * A contact's links as the key index holds them: the one link itself when there is one (nearly every
 * contact), a list when there are several. Read them with `linksAt` (sync/session/key-index.ts): a list
 * around each single link cost ~40 bytes per contact in the worker's heap.
 */
export type ContactLinkKeys = ContactLinkKey | readonly ContactLinkKey[];

/** What the key index keeps of a SourceState: enough to skip an unchanged client without reading it. */
export interface ClientStateKey {
  /** null: evaluate the client again next time. */
  readonly hash: string | null;
  readonly counts: SourceCounts;
  /** The sources of its people that were imported (counted as unchanged when the client is skipped). */
  readonly imported: readonly SourceKey[];
  /** See SourceState: what a complete listing notes of the client when it is recognised unread. */
  readonly deleted?: true;
  readonly unimported?: readonly SourceKey[];
  /**
   * Its fix-list entries counted per reason, so a run's end can total the fix-list without reading
   * every client's findings. Absent on keys written before it existed (their findings are read instead).
   */
  readonly reasons?: OutstandingCounts;
}

/** What one engine transaction may do: records by id, whole-record writes, the run's log and state. */
export interface StoreTx {
  getState(): Promise<SyncState>;
  putState(state: SyncState): Promise<void>;

  contactsByIds(ids: readonly LocalContactId[]): Promise<ContactRecord[]>;
  clientsByIds(ids: readonly LocalClientId[]): Promise<ClientRecord[]>;
  allStaff(): Promise<StaffRecord[]>;

  putContacts(records: readonly ContactRecord[]): Promise<void>;
  putClients(records: readonly ClientRecord[]): Promise<void>;
  putStaff(records: readonly StaffRecord[]): Promise<void>;
  /** Removes staff records relinked under another XPM identity (M11). */
  deleteStaff(ids: readonly XpmStaffId[]): Promise<void>;
  /**
   * Removes contacts (the user deleted a manual contact or removed a stale / missing one, R5, R6, R8),
   * with their change history; unknown ids are ignored. The key index forgets them on commit.
   */
  deleteContacts(ids: readonly LocalContactId[]): Promise<void>;
  /** Removes clients (the user removed ones missing in XPM, R6); unknown ids are ignored. */
  deleteClients(ids: readonly LocalClientId[]): Promise<void>;

  /** The standing state of these XPM clients (fingerprint, fix-list entries, counts), where stored. */
  sourceStates(ids: readonly XpmClientId[]): Promise<SourceState[]>;
  putSourceStates(states: readonly SourceState[]): Promise<void>;
  deleteSourceStates(ids: readonly XpmClientId[]): Promise<void>;
  /**
   * The fix-list entries not about an identified XPM client: staff (the staff list is complete on every
   * run) and clients XPM sent without an identifier. Every run replaces them all.
   */
  unattributedFindings(): Promise<FixEntry[]>;
  replaceUnattributedFindings(entries: readonly FixEntry[]): Promise<void>;

  addChanges(changes: readonly FieldChange[]): Promise<void>;
  addLog(entries: readonly RunLogEntry[]): Promise<void>;
  /** The run's record; refused with 'sync/taken-over' (aborting the transaction) as SyncStore.putRun. */
  putRun(run: RunRecord): Promise<void>;
  /** A committed batch's outcomes, kept while the run can still be resumed. */
  addBatchOutcome(outcome: RunBatchOutcome): Promise<void>;
  /** Drops a run's batch outcomes (it ended). */
  deleteBatchOutcomes(runId: RunId): Promise<void>;
}
