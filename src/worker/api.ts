/**
 * The sync worker's API over real ports: the engine (src/sync), Xero OAuth
 * (xero-auth.ts), the Dexie store (src/storage) and the proxied network. Every method returns a
 * Result; failures cross to the page as WireErrors with a closed code, never as thrown instances.
 * The page's view of it is `SyncApi`, derived from this implementation (one list of methods).
 */
import { AppError, toWireError } from '../domain/errors';
import { err, ok, type Result } from '../domain/result';
import { cooldownEndsAt, hourlySyncDueAt, inCooldown, scheduleAfterRun } from '../domain/schedule';
import { type AppConfig, DEFAULT_MAX_RESPONSE_BYTES, proxyBase } from '../domain/config';
import type { ConnectionInfo } from '../domain/connection';
import type { AppDB } from '../storage/db';
import { DexieSyncStore } from '../storage/sync-store';
import {
  readConnection,
  readCooldown,
  readSchedule,
  readSettings,
  readSyncState,
  writeConnection,
  writeCooldown,
  writeSchedule,
} from '../storage/kv';
import { latestFinishedRun, runById, runLogEntries, runningRuns } from '../storage/queries';
import { markAllDisconnected } from '../storage/mark-disconnected';
import { touchRunHeartbeat } from '../storage/heartbeat';
import { readSecret, writeSecret, deleteSecret } from '../storage/secrets';
import { connectionsRequest, deleteConnectionRequest } from '../xero/connection-requests';
import { readConnections, practiceConnections } from '../xero/connections';
import { clientListRequest, staffListRequest } from '../xero/xpm-requests';
import { readClientList, readStaffList } from '../xero/xpm-read';
import type { XpmClient, XpmStaff } from '../xero/types';
import type { RunKind, RunRecord, RunTrigger } from '../domain/runs';
import type { Logger } from '../sync/ports';
import { runSync, type SyncEnv } from '../sync/run/run-sync';
import { sendXpmRequest } from '../sync/run/request-policy';
import { planImport } from '../sync/plan';
import { summaryCsv, summaryFilename } from '../sync/summary-csv';
import type { CsvFile, PendingAuthorization, Practice, PreviewCounts, RunOutcome, ScheduledOutcome } from './protocol';
import { TokenVault } from './token-vault';
import { XeroAuth, type LockRunner } from './xero-auth';
import type { RunLock } from './run-lock';
import type { ControlChannel } from './control-channel';
import { requireAppConfig } from './app-config';
import { asRunId, type RunId } from '../domain/ids';
import { refreshListHeads } from '../storage/list-heads';

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
  readonly log: Logger;
}

const NO_OP_OBSERVER = { onResponse: () => undefined };

/** The page's view of the worker (through Comlink): exactly the methods createSyncApi returns. */
export type SyncApi = ReturnType<typeof createSyncApi>;

export function createSyncApi(deps: WorkerDeps) {
  const { db } = deps;
  const store = new DexieSyncStore(db);
  const vault = new TokenVault({
    read: (key) => readSecret(db, key),
    write: (key, value) => writeSecret(db, key, value),
    delete: (key) => deleteSecret(db, key),
  });
  let config: AppConfig | null = null;
  let auth: XeroAuth | null = null;
  let running: AbortController | null = null;
  let offeredPractices: Practice[] = [];
  const cancelLocalRun = (why: string) => running?.abort(new DOMException(why, 'AbortError'));
  deps.control.subscribe((message) => {
    if (message.type === 'cancel') cancelLocalRun('The run was cancelled from another tab.');
  });

  const ready = (): { config: AppConfig; auth: XeroAuth } => {
    if (!config || !auth) throw new AppError('internal', 'The sync worker was used before it was configured.');
    return { config, auth };
  };
  const env = (a: XeroAuth): SyncEnv => ({
    http: { fetch: (request) => deps.fetch(request) },
    tokens: a,
    clock: { now: deps.now, sleep: deps.sleep },
    random: deps.random,
    store,
    log: deps.log,
    newId: deps.newId,
  });

  /** Runs an API method, turning every failure into a WireError (the only place unexpected ones are logged). */
  async function guard<T>(what: string, fn: () => Promise<T>): Promise<Result<T>> {
    try {
      return ok(await fn());
    } catch (error) {
      const wire = toWireError(error);
      if (wire.code === 'internal')
        deps.log.error('worker-internal-error', {
          method: what,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      return err(wire);
    }
  }

  async function connected(): Promise<ConnectionInfo & { tenantId: string }> {
    const connection = await readConnection(db);
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

  /** A run ended on an authorisation failure: the connection needs the user (unless they disconnected meanwhile). */
  async function needsReconnect(reason: string): Promise<void> {
    const connection = await readConnection(db);
    if (connection.status !== 'connected') return;
    await writeConnection(db, { ...connection, status: 'reconnect-needed', reason });
  }

  /**
   * Runs left 'running' by a tab that closed or crashed. Only safe to settle while this context holds
   * the run lock (then no other run can be live) or when no context holds it.
   */
  async function settleAbandonedRuns(holdingLock: boolean): Promise<void> {
    if (!holdingLock && (await deps.runLock.isHeld())) return;
    for (const run of await runningRuns(db)) {
      await store.putRun({ ...run, status: 'abandoned', phase: 'done', finishedAt: run.heartbeatAt });
    }
  }

  /** S5: Resync Now and Resync All share one 5-minute cooldown. */
  async function assertNoCooldown(): Promise<void> {
    const cooldown = await readCooldown(db);
    const until = cooldownEndsAt(cooldown) ?? 0;
    if (inCooldown(cooldown, deps.now())) {
      throw new AppError('sync/cooldown', 'Resync Now and Resync All can each be used once every 5 minutes.', {
        retryAt: until,
      });
    }
  }

  async function listPractices(a: XeroAuth, c: AppConfig): Promise<Practice[]> {
    const signal = new AbortController().signal;
    const response = await sendXpmRequest(
      env(a),
      'connections',
      (token, s) => connectionsRequest(`${proxyBase(c)}/connections`, token, s),
      signal,
      NO_OP_OBSERVER,
    );
    return practiceConnections(await readConnections(response)).map((connection) => ({
      tenantId: connection.tenantId,
      connectionId: connection.id,
      name: connection.tenantName,
    }));
  }

  /** S2: the hourly sync is due at the stored time, or an hour after the last success when none is stored. */
  async function hourlySyncDue(): Promise<boolean> {
    const [schedule, state] = await Promise.all([readSchedule(db), readSyncState(db)]);
    return deps.now() >= hourlySyncDueAt(schedule, state);
  }

  async function execute(
    kind: RunKind,
    trigger: RunTrigger,
    stillDue?: () => Promise<boolean>,
  ): Promise<RunRecord | 'not-due'> {
    const { config: c, auth: a } = ready();
    // Checked before taking the lock for a quick answer, and again inside it, where no other run can
    // change them between the check and the start (two tabs pressing Resync Now at once).
    await connected();
    if (trigger === 'manual') await assertNoCooldown();
    const attempt = await deps.runLock.tryRun(async (): Promise<RunRecord | 'not-due'> => {
      // Another tab may have just finished the same hourly run.
      if (stillDue && !(await stillDue())) return 'not-due';
      const connection = await connected();
      if (trigger === 'manual') {
        await assertNoCooldown();
        await writeCooldown(db, { manualRunStartedAt: deps.now() });
      }
      await settleAbandonedRuns(true).catch(() => undefined);
      if (!connection.firstSyncStarted) await writeConnection(db, { ...connection, firstSyncStarted: true });
      const controller = new AbortController();
      running = controller;
      const runId = asRunId(deps.newId());
      // The engine marks progress as it goes; this keeps a run that is only waiting (a rate-limit
      // pause, a slow first byte) visibly alive for the page and for other tabs.
      const heartbeat = setInterval(
        () => void touchRunHeartbeat(db, runId, deps.now()).catch(() => undefined),
        RUN_HEARTBEAT_INTERVAL_MS,
      );
      try {
        const settings = await readSettings(db);
        return await runSync(env(a), {
          runId,
          kind,
          trigger,
          xpmBaseUrl: `${proxyBase(c)}/xpm/3.1/`,
          tenantId: connection.tenantId,
          maxResponseBytes: c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          options: settings,
          signal: controller.signal,
        });
      } finally {
        clearInterval(heartbeat);
        running = null;
        // Whatever the outcome, the next hourly sync is an hour after this run ended (S2): after a
        // machine sleeps, exactly one catch-up run happens, then the hour restarts.
        await writeSchedule(db, scheduleAfterRun(deps.now())).catch(() => undefined);
        // The lists' first rows, for the next page that opens them (storage/list-heads.ts).
        await refreshListHeads(db).catch((error: unknown) =>
          deps.log.warn('list-heads-failed', { code: toWireError(error).code }),
        );
      }
    });
    if (!attempt.acquired) throw new AppError('sync/busy', 'A sync is already running (perhaps in another tab).');
    const run = attempt.value;
    if (run === 'not-due') return run;
    const code = run.error?.code;
    if (code === 'auth/reconnect-needed' || code === 'xpm/forbidden')
      await needsReconnect(run.error?.message ?? 'Reconnect to continue syncing.');
    return run;
  }

  return {
    /** Loads the runtime configuration into the worker (called once after the worker starts). */
    configure: (candidate: AppConfig): Promise<Result<void>> =>
      guard('configure', async () => {
        const parsed = requireAppConfig(candidate);
        config = parsed;
        auth = new XeroAuth(parsed, { vault, fetch: deps.fetch, now: deps.now, locks: deps.locks });
        await settleAbandonedRuns(false);
      }),

    /** Creates the PKCE verifier, state and the authorize URL for a new connection (C1). */
    beginAuthorization: (
      redirectUri: string,
    ): Promise<Result<{ readonly url: string; readonly pending: PendingAuthorization }>> =>
      guard('beginAuthorization', async () => {
        const { auth: a } = ready();
        return a.begin(redirectUri);
      }),

    /** Validates the callback, exchanges the code and lists the XPM practices (C1, C2). */
    completeAuthorization: (
      callbackUrl: string,
      pending: PendingAuthorization,
    ): Promise<Result<{ readonly practices: Practice[] }>> =>
      guard('completeAuthorization', async () => {
        const { auth: a, config: c } = ready();
        await a.complete(callbackUrl, pending);
        const practices = await listPractices(a, c);
        offeredPractices = practices;
        const previous = await readConnection(db);
        // After a disconnect, connecting again starts over with the first-sync preview (C3).
        const firstSyncStarted = previous.status !== 'disconnected' && previous.firstSyncStarted;
        await writeConnection(db, { ...previous, status: 'authorized', reason: null, firstSyncStarted });
        return { practices };
      }),

    /** Chooses the practice and names the connection (C2, C3). */
    choosePractice: (practice: Practice, connectionName: string): Promise<Result<void>> =>
      guard('choosePractice', async () => {
        const offered = offeredPractices.find(
          (p) => p.tenantId === practice.tenantId && p.connectionId === practice.connectionId,
        );
        if (!offered)
          throw new AppError(
            'input/invalid',
            'That practice is not one of those Xero connected. Connect again and choose from the list.',
          );
        const name = connectionName.trim().slice(0, MAX_CONNECTION_NAME_CHARS) || offered.name;
        const previous = await readConnection(db);
        // Reconnecting the same practice after "reconnect needed" carries on; with another practice the
        // user sees the first-sync preview and Start sync again (C3).
        const samePractice = previous.tenantId === offered.tenantId;
        await writeConnection(db, {
          status: 'connected',
          tenantId: offered.tenantId,
          connectionId: offered.connectionId,
          practiceName: offered.name,
          name,
          connectedAt: deps.now(),
          firstSyncStarted: samePractice && previous.firstSyncStarted,
          reason: null,
        });
      }),

    /** Counts of what a first sync would import, without storing anything (C3). */
    preview: (): Promise<Result<PreviewCounts>> =>
      guard('preview', async (): Promise<PreviewCounts> => {
        const { auth: a, config: c } = ready();
        const connection = await connected();
        const { pausedUntil } = await readSyncState(db);
        if (pausedUntil !== null && pausedUntil > deps.now()) {
          throw new AppError(
            'xpm/rate-limited',
            'Xero’s API limit for this practice was reached, so the preview has to wait.',
            { retryAt: pausedUntil },
          );
        }
        // Aborted however the preview ends, so neither of the two calls outlives it.
        const controller = new AbortController();
        const signal = controller.signal;
        const call = (token: string, s: AbortSignal) => ({
          baseUrl: `${proxyBase(c)}/xpm/3.1/`,
          accessToken: token,
          tenantId: connection.tenantId,
          signal: s,
        });
        const clients: XpmClient[] = [];
        let staff: XpmStaff[] = [];
        try {
          const [staffResponse, clientResponse] = await Promise.all([
            sendXpmRequest(env(a), 'staff.api/list', (t, s) => staffListRequest(call(t, s)), signal, NO_OP_OBSERVER),
            sendXpmRequest(env(a), 'client.api/list', (t, s) => clientListRequest(call(t, s)), signal, NO_OP_OBSERVER),
          ]);
          const maxBytes = c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
          staff = await readStaffList(staffResponse, { signal, maxBytes });
          await readClientList(clientResponse, (client) => clients.push(client), { signal, maxBytes });
        } finally {
          controller.abort(new DOMException('The preview has ended.', 'AbortError'));
        }
        const plan = await planImport({ staff, clients }, await readSettings(db));
        const rejectedRecords = new Set(
          plan.rejected.map((r) => `${r.entity}|${r.clientId}|${r.contactId}|${r.staffId}`),
        );
        return {
          contacts: plan.contacts.length,
          clients: plan.clients.length,
          staff: plan.staff.length,
          rejections: rejectedRecords.size,
          skipped: plan.skipped.length,
        };
      }),

    /** Runs a sync now; manual runs respect the shared 5-minute cooldown (S3–S5). */
    runSync: (kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>> =>
      guard('runSync', async (): Promise<RunOutcome> => {
        const run = await execute(kind, trigger);
        if (run === 'not-due') throw new AppError('internal', 'A requested run was not started.');
        if (run.status !== 'succeeded') {
          const wire = run.error ?? toWireError(new AppError('internal', 'The run ended without a result.'));
          throw new AppError(wire.code, wire.message, wire.detail);
        }
        return { runId: run.id, kind: run.kind, counts: run.counts };
      }),

    /**
     * S2: runs a Resync Now if the hourly sync is due (by wall clock, stored in IndexedDB) and no other
     * tab is running one. The page calls it on a timer and on focus, visibility and `online`.
     */
    runScheduled: (): Promise<Result<ScheduledOutcome>> =>
      guard('runScheduled', async (): Promise<ScheduledOutcome> => {
        const [settings, connection] = await Promise.all([readSettings(db), readConnection(db)]);
        if (!settings.scheduleEnabled) return { ran: false, reason: 'disabled' };
        // Scheduled syncs stop while the connection needs attention (C5) and wait for Start sync (C3).
        if (connection.status !== 'connected' || !connection.firstSyncStarted)
          return { ran: false, reason: 'not-connected' };
        if (!(await hourlySyncDue())) return { ran: false, reason: 'not-due' };
        let run: RunRecord | 'not-due';
        try {
          run = await execute('incremental', 'scheduled', hourlySyncDue);
        } catch (error) {
          if (error instanceof AppError && error.code === 'sync/busy') return { ran: false, reason: 'busy' };
          throw error;
        }
        if (run === 'not-due') return { ran: false, reason: 'not-due' };
        if (run.status !== 'succeeded') {
          const wire = run.error ?? toWireError(new AppError('internal', 'The run ended without a result.'));
          throw new AppError(wire.code, wire.message, wire.detail);
        }
        return { ran: true, outcome: { runId: run.id, kind: run.kind, counts: run.counts } };
      }),

    /** Cancels the running sync, in whichever tab it runs. */
    cancelSync: (): Promise<Result<void>> =>
      guard('cancelSync', async () => {
        // The run may belong to another tab's worker: ask every tab.
        cancelLocalRun('The run was cancelled.');
        deps.control.post({ type: 'cancel' });
      }),

    /** The Download Sync Summary CSV of a run (default: the latest), built in the worker (U2). */
    summaryCsv: (runId?: RunId): Promise<Result<CsvFile>> =>
      guard('summaryCsv', async (): Promise<CsvFile> => {
        const { config: c } = ready();
        const run = runId === undefined ? await latestFinishedRun(db) : await runById(db, runId);
        if (!run) throw new AppError('input/invalid', 'There is no sync run to summarise yet.');
        const { text, rows } = summaryCsv(await runLogEntries(db, run.id), c.xpmWebUrl);
        return {
          filename: summaryFilename(run.startedAt),
          blob: new Blob([text], { type: 'text/csv;charset=utf-8' }),
          rows,
        };
      }),

    /** Revokes, deletes the Xero connection and keeps the local data as manual/disconnected (C6). */
    disconnect: (): Promise<Result<void>> =>
      guard('disconnect', async () => {
        const { auth: a, config: c } = ready();
        // Stop a run in any tab, then wait until it has let go of the run lock, so no batch can
        // land after the records were turned into disconnected ones.
        cancelLocalRun('Disconnecting.');
        deps.control.post({ type: 'cancel' });
        await deps.runLock.run(async () => {
          const connection = await readConnection(db);
          if (connection.connectionId !== null && (await a.hasTokens())) {
            // Best effort: the local disconnect must happen even when Xero cannot be reached.
            await sendXpmRequest(
              env(a),
              'connections',
              (token, s) =>
                deleteConnectionRequest(`${proxyBase(c)}/connections`, token, connection.connectionId ?? '', s),
              new AbortController().signal,
              NO_OP_OBSERVER,
            )
              .then((response) => response.body?.cancel())
              .catch((error: unknown) =>
                deps.log.warn('disconnect-delete-connection-failed', { code: toWireError(error).code }),
              );
          }
          await a.revoke();
          await markAllDisconnected(db, deps.now());
          await refreshListHeads(db);
          await writeConnection(db, { ...connection, status: 'disconnected', reason: null });
        });
      }),
  };
}

/** MT-3: a live run's heartbeat is at most this old (the page treats 2 minutes without one as stalled). */
export const RUN_HEARTBEAT_INTERVAL_MS = 30_000;

/** Connection names are labels in the UI; longer input is cut. */
export const MAX_CONNECTION_NAME_CHARS = 100;
