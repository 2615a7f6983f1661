/**
 * The narrow environment the sync engine runs in. The worker supplies browser implementations
 * (proxied fetch, Dexie, Date); tests and the command line supply in-memory ones.
 * Nothing in src/sync/ touches a global environment directly.
 */
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../domain/records';
import type { RunLogEntry, RunRecord } from '../domain/runs';
import type { SyncState } from '../domain/sync-state';

import type { LocalClientId, LocalContactId, RunId, SourceKey, XpmClientId, XpmStaffId } from '../domain/ids';

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
  /** Writes a run record outside any batch (progress, heartbeat, final status). */
  putRun(run: RunRecord): Promise<void>;
  getRun(id: RunId): Promise<RunRecord | undefined>;
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Every lookup key of the stored contacts and clients, mapped to record ids. A run loads it once
   * and keeps it current itself, so each batch fetches records by id instead of searching indexes
   * (sync runs are the only writers of these records while they hold the run lock).
   */
  loadKeyIndex(): Promise<StoreKeyIndex>;
}

/** Lookup keys → record ids (see SyncStore.loadKeyIndex). */
export interface StoreKeyIndex {
  readonly contactsBySource: Map<SourceKey, LocalContactId[]>;
  /** Normalised (name, email) identity (R3) → contacts. */
  readonly contactsByIdentity: Map<string, LocalContactId[]>;
  /** Every XPM identity a client answers to (its XPM id, and `id:<integer>` when known). */
  readonly clientsByXpmId: Map<XpmClientId, LocalClientId[]>;
  /** Client code, trimmed and lower-cased (R12) → clients. */
  readonly clientsByCode: Map<string, LocalClientId[]>;
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
  addChanges(changes: readonly FieldChange[]): Promise<void>;
  addLog(entries: readonly RunLogEntry[]): Promise<void>;
  putRun(run: RunRecord): Promise<void>;
}
