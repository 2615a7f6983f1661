/**
 * What every part of the sync worker's API shares: its dependencies, the store and token vault over
 * the one database, the configuration and Xero sign-in once configured, the run in progress, and the
 * checks every method makes. The API's methods live beside it by area (api-connection.ts,
 * api-runs.ts, api-summary.ts) and are put together in api.ts.
 */
import { AppError, toWireError } from '../domain/errors';
import { err, ok, type Result } from '../domain/result';
import type { AppConfig } from '../domain/config';
import { type ConnectionEvent, type ConnectionInfo, reduceConnection } from '../domain/connection';
import type { TenantId } from '../domain/ids';
import type { AppDB } from '../storage/db';
import { assertNotVersionChanged, whenVersionChanges } from '../storage/open';
import { DexieSyncStore } from '../storage/sync-store';
import { readConnection, readSyncState, updateConnection } from '../storage/kv';
import { readSecret, writeSecret, deleteSecret } from '../storage/secrets';
import type { Logger } from '../sync/ports';
import type { SyncEnv } from '../sync/run/run-sync';
import type { Practice } from './protocol';
import { TokenVault } from './token-vault';
import type { LockRunner, XeroAuth } from './xero-auth';
import type { RunLock } from './run-lock';
import type { ControlChannel } from './control-channel';

export interface WorkerDeps {
  readonly db: AppDB;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly newId: () => string;
  readonly locks: LockRunner;
  readonly runLock: RunLock;
  /** Reaches the workers of the app's other tabs (cancel). */
  readonly control: ControlChannel;
  /** Calls fn now and then every ms for the worker's lifetime (the interrupted-run watch, S7). */
  readonly repeat: (fn: () => void, ms: number) => void;
  readonly log: Logger;
  /**
   * Moves `now` ahead of the system clock (test stacks only; src/domain/clock.ts). Absent where the
   * clock cannot be moved; the API refuses it anyway unless configured with `testClock`.
   */
  readonly setClockOffset?: (offsetMs: number) => void;
}

/** For requests whose rate-limit headers nobody records (preview, connections). */
export const NO_OP_OBSERVER = { onResponse: () => undefined };

export class WorkerContext {
  readonly db: AppDB;
  readonly store: DexieSyncStore;
  readonly vault: TokenVault;
  config: AppConfig | null = null;
  auth: XeroAuth | null = null;
  /** The run this worker is doing, if any (cancel aborts it). */
  running: AbortController | null = null;
  /** The practices Xero offered at the last sign-in; only these can be chosen. */
  offeredPractices: Practice[] = [];

  constructor(readonly deps: WorkerDeps) {
    this.db = deps.db;
    this.store = new DexieSyncStore(deps.db);
    this.vault = new TokenVault({
      read: (key) => readSecret(deps.db, key),
      write: (key, value) => writeSecret(deps.db, key, value),
      delete: (key) => deleteSecret(deps.db, key),
    });
    // Another tab upgraded the database: a run in progress stops now, saying why (DB-5).
    whenVersionChanges(deps.db, (error) => this.running?.abort(error));
  }

  cancelLocalRun(why: string): void {
    this.running?.abort(new DOMException(why, 'AbortError'));
  }

  ready(): { config: AppConfig; auth: XeroAuth } {
    if (!this.config || !this.auth)
      throw new AppError('internal', 'The sync worker was used before it was configured.');
    return { config: this.config, auth: this.auth };
  }

  env(auth: XeroAuth): SyncEnv {
    const { deps } = this;
    return {
      http: { fetch: (request) => deps.fetch(request) },
      tokens: auth,
      clock: { now: deps.now, sleep: deps.sleep },
      random: deps.random,
      store: this.store,
      log: deps.log,
      newId: deps.newId,
    };
  }

  /** Runs an API method, turning every failure into a WireError (the only place unexpected ones are logged). */
  async guard<T>(what: string, fn: () => Promise<T>): Promise<Result<T>> {
    try {
      // After another tab upgraded the database, nothing here may read or write it (DB-5).
      assertNotVersionChanged(this.db);
      return ok(await fn());
    } catch (error) {
      const wire = toWireError(versionChangedOr(this.db, error));
      if (wire.code === 'internal')
        this.deps.log.error('worker-internal-error', {
          method: what,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      return err(wire);
    }
  }

  async connected(): Promise<ConnectionInfo & { tenantId: TenantId }> {
    const connection = await readConnection(this.db);
    if (connection.status === 'reconnect-needed') {
      throw new AppError(
        'auth/reconnect-needed',
        connection.reason ?? 'Xero no longer accepts this connection. Reconnect to continue syncing.',
      );
    }
    if (connection.status !== 'connected' || connection.tenantId === null) {
      throw new AppError(
        'auth/not-connected',
        'No practice is connected yet. Use “Connect to Xero Practice Manager” first.',
      );
    }
    return { ...connection, tenantId: connection.tenantId };
  }

  /**
   * S8: nothing is sent before a rate-limit pause ends. Throws 'xpm/rate-limited' with the time it
   * ends while it lasts; `refused` says what was not done ("so this sync was not started").
   */
  async assertNotPaused(refused: string): Promise<void> {
    const { pausedUntil } = await readSyncState(this.db);
    if (pausedUntil !== null && pausedUntil > this.deps.now()) {
      throw new AppError('xpm/rate-limited', `Xero’s API limit for this practice was reached, ${refused}.`, {
        retryAt: pausedUntil,
      });
    }
  }

  /**
   * Applies a connection event through the one reducer (domain/connection.ts) and stores the result;
   * writes nothing when the event changes nothing. Returns the connection after it.
   */
  async applyConnectionEvent(event: ConnectionEvent): Promise<ConnectionInfo> {
    return updateConnection(this.db, (connection) => reduceConnection(connection, event));
  }

  /** A run ended on an authorisation failure: the connection needs the user (unless they disconnected meanwhile). */
  async needsReconnect(event: Extract<ConnectionEvent, { type: 'invalid-grant' | 'revoked' }>): Promise<void> {
    await this.applyConnectionEvent(event);
  }
}

/** A failure during a call is explained by a version change in another tab, when there was one. */
function versionChangedOr(db: AppDB, error: unknown): unknown {
  try {
    assertNotVersionChanged(db);
    return error;
  } catch (versionChanged) {
    return versionChanged;
  }
}
