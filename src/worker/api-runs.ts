/**
 * The sync worker's API: runs — Resync Now / All (S3–S5), the hourly sync (S2), cancel, and taking
 * over runs that a reloaded, closed, crashed or frozen tab left unfinished (S7).
 */
import { AppError, isAppError, toWireError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { ConnectionInfo } from '../domain/connection';
import {
  cooldownEndsAt,
  decideScheduledRun,
  inCooldown,
  type ScheduledRunDecision,
  RUN_HEARTBEAT_INTERVAL_MS,
  scheduleAfterRun,
} from '../domain/schedule';
import { DEFAULT_MAX_RESPONSE_BYTES, proxyBase } from '../domain/config';
import { asRunId, type RunId, type TenantId } from '../domain/ids';
import { runAttempt, type RunKind, type RunRecord, type RunTrigger } from '../domain/runs';
import {
  readConnection,
  readCooldown,
  readSchedule,
  readSettings,
  readSyncState,
  writeCooldown,
  writeSchedule,
} from '../storage/kv';
import { touchRunHeartbeat } from '../storage/heartbeat';
import { refreshListHeads } from '../storage/list-heads';
import { runningRuns } from '../storage/queries';
import { runSync } from '../sync/run/run-sync';
import { decideInterruptedRun, decideTakeover, newestFirst, settleInterruptedRun } from '../sync/run/interrupted-runs';
import type { RunOutcome, ScheduledOutcome } from './protocol';
import type { WorkerContext } from './worker-context';

/**
 * Retention pieces run after one sync: each is one small transaction (domain/retention.ts), so a store
 * with a long unpruned history is brought within bounds over a few runs without one long pause.
 */
export const MAX_PRUNE_PIECES_PER_RUN = 40;

/** How often a tab's worker looks for a run that a closed, crashed or frozen tab left unfinished (S7). */
export const INTERRUPTED_RUN_CHECK_MS = 10_000;

/** What the engine is asked to run: a new run, or an interrupted one continued as itself. */
interface RunPlan {
  readonly runId: RunId;
  readonly kind: RunKind;
  readonly trigger: RunTrigger;
  readonly tenantId: TenantId;
  readonly resume?: RunRecord;
}

export function runMethods(ctx: WorkerContext) {
  /** S5: Resync Now and Resync All share one 5-minute cooldown. */
  async function assertNoCooldown(): Promise<void> {
    const cooldown = await readCooldown(ctx.db);
    const until = cooldownEndsAt(cooldown) ?? 0;
    if (inCooldown(cooldown, ctx.deps.now())) {
      throw new AppError('sync/cooldown', 'Resync Now and Resync All can each be used once every 5 minutes.', {
        retryAt: until,
      });
    }
  }

  /**
   * S8: nothing is sent before a rate-limit pause ends. A run the user asks for then is refused before
   * it starts, like the cooldown (S5): no run is recorded, so pressing Resync does not add a "Paused"
   * run to the history each time. (Hourly checks skip the pause in decideScheduledRun.)
   */
  async function assertNotPaused(): Promise<void> {
    await ctx.assertNotPaused('so this sync was not started');
  }

  /** S2: whether an hourly check starts a run now (the rule: decideScheduledRun in domain/schedule.ts). */
  async function scheduledRunDecision(): Promise<ScheduledRunDecision> {
    const [settings, connection, schedule, state] = await Promise.all([
      readSettings(ctx.db),
      readConnection(ctx.db),
      readSchedule(ctx.db),
      readSyncState(ctx.db),
    ]);
    return decideScheduledRun({
      scheduleEnabled: settings.scheduleEnabled,
      connection,
      schedule,
      state,
      now: ctx.deps.now(),
    });
  }

  /** Runs the engine for one run while this worker holds the run lock; `lost` aborts it if the lock is stolen. */
  async function drive(plan: RunPlan, lost: AbortSignal): Promise<RunRecord> {
    const { config: c, auth: a } = ctx.ready();
    const controller = new AbortController();
    const onLost = () => controller.abort(lost.reason);
    lost.addEventListener('abort', onLost, { once: true });
    ctx.running = controller;
    const attempt = plan.resume ? runAttempt(plan.resume) + 1 : 1;
    // The engine marks progress as it goes; this keeps a run that is only waiting (a rate-limit
    // pause, a slow first byte) visibly alive for the page and for other tabs.
    const heartbeat = setInterval(
      () => void touchRunHeartbeat(ctx.db, plan.runId, attempt, ctx.deps.now()).catch(() => undefined),
      RUN_HEARTBEAT_INTERVAL_MS,
    );
    let run: RunRecord | undefined;
    try {
      const settings = await readSettings(ctx.db);
      run = await runSync(ctx.env(a), {
        runId: plan.runId,
        kind: plan.kind,
        trigger: plan.trigger,
        xpmBaseUrl: `${proxyBase(c)}/xpm/3.1/`,
        tenantId: plan.tenantId,
        maxResponseBytes: c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        options: settings,
        signal: controller.signal,
        ...(plan.resume ? { resume: plan.resume } : {}),
      });
      // S5: only a manual run that completed starts the cooldown (timed from when it was pressed), so
      // after a failure, a cancel or an interruption "run the sync again" is always possible.
      if (run.status === 'succeeded' && run.trigger === 'manual') {
        await writeCooldown(ctx.db, { manualRunStartedAt: run.startedAt });
      }
      return run;
    } finally {
      clearInterval(heartbeat);
      lost.removeEventListener('abort', onLost);
      ctx.running = null;
      // A run taken over by another tab is theirs to finish: this tab writes nothing more.
      if (run?.error?.code !== 'sync/taken-over') {
        // Whatever the outcome, the next hourly sync is an hour after this run ended (S2): after a
        // machine sleeps, exactly one catch-up run happens, then the hour restarts.
        await writeSchedule(ctx.db, scheduleAfterRun(ctx.deps.now())).catch(() => undefined);
        // The lists' first rows, for the next page that opens them (storage/list-heads.ts).
        await refreshListHeads(ctx.db).catch((error: unknown) =>
          ctx.deps.log.warn('list-heads-failed', { code: toWireError(error).code }),
        );
        // Retention, right after the run and still under the run lock (no run writes meanwhile).
        await pruneRunHistory().catch((error: unknown) =>
          ctx.deps.log.warn('run-history-prune-failed', { code: toWireError(error).code }),
        );
      }
    }
  }

  /** Removes old run logs and records in bounded pieces, as the user's retention settings say. */
  async function pruneRunHistory(): Promise<void> {
    const settings = await readSettings(ctx.db);
    const policy = { keepRunLogs: settings.keepRunLogs, keepRunLogDays: settings.keepRunLogDays };
    for (let piece = 0; piece < MAX_PRUNE_PIECES_PER_RUN; piece++) {
      if ((await ctx.store.pruneRunHistory(policy, ctx.deps.now())) === 0) return;
    }
  }

  /**
   * Under the run lock: settles the interrupted runs that cannot continue and resumes the newest
   * that can (S7), without a cooldown and whatever the schedule says. Null when there was none.
   */
  async function continueInterrupted(lost: AbortSignal): Promise<RunRecord | null> {
    const interrupted = newestFirst(await runningRuns(ctx.db));
    if (interrupted.length === 0) return null;
    const connection: ConnectionInfo = await readConnection(ctx.db);
    let resume: RunRecord | null = null;
    for (const run of interrupted) {
      const decision = decideInterruptedRun(run, connection, ctx.deps.now());
      if (decision.action === 'resume' && resume === null) resume = run;
      else {
        const error =
          decision.action === 'settle'
            ? decision.error
            : toWireError(new AppError('sync/interrupted', 'A newer interrupted run was resumed instead.'));
        await settleInterruptedRun(ctx.store, run, error).catch(() => undefined);
      }
    }
    if (resume === null || connection.tenantId === null) return null;
    ctx.deps.log.info('sync-run-resumed', { runId: resume.id, attempt: runAttempt(resume) + 1 });
    return drive(
      { runId: resume.id, kind: resume.kind, trigger: resume.trigger, tenantId: connection.tenantId, resume },
      lost,
    );
  }

  let checking = false;
  /**
   * Finds a run left unfinished by a tab that is gone (lock free) or frozen (lock held, heartbeat
   * stale) and continues it here. Called on start, on a timer and before each scheduled check.
   */
  async function takeOverInterrupted(): Promise<RunRecord | null> {
    if (checking || ctx.running !== null || ctx.config === null) return null;
    checking = true;
    try {
      const interrupted = await runningRuns(ctx.db);
      if (interrupted.length === 0) return null;
      const decision = decideTakeover(interrupted, await ctx.deps.runLock.isHeld(), ctx.deps.now());
      switch (decision) {
        case 'none':
        case 'leave': // alive in another tab
          return null;
        case 'continue': {
          const attempt = await ctx.deps.runLock.tryRun(continueInterrupted);
          return attempt.acquired ? attempt.value : null;
        }
        case 'steal': {
          const lastBeat = Math.max(...interrupted.map((run) => run.heartbeatAt));
          ctx.deps.log.warn('sync-run-frozen', { sinceHeartbeatMs: ctx.deps.now() - lastBeat });
          return await ctx.deps.runLock.steal(continueInterrupted);
        }
      }
    } finally {
      checking = false;
    }
  }

  async function execute(
    kind: RunKind,
    trigger: RunTrigger,
    stillDue?: () => Promise<boolean>,
  ): Promise<RunRecord | 'not-due'> {
    // Checked before taking the lock for a quick answer, and again inside it, where no other run can
    // change them between the check and the start (two tabs pressing Resync Now at once).
    await ctx.connected();
    if (trigger === 'manual') await assertNoCooldown();
    if (trigger !== 'scheduled') await assertNotPaused();
    const attempt = await ctx.deps.runLock.tryRun(async (lost): Promise<RunRecord | 'not-due'> => {
      // An interrupted run is finished first: it is the run the user already asked for.
      const resumed = await continueInterrupted(lost);
      if (resumed !== null) return resumed;
      // Another tab may have just finished the same hourly run.
      if (stillDue && !(await stillDue())) return 'not-due';
      const connection = await ctx.connected();
      if (trigger === 'manual') await assertNoCooldown();
      if (trigger !== 'scheduled') await assertNotPaused();
      if (!connection.firstSyncStarted) await ctx.applyConnectionEvent({ type: 'first-sync-started' });
      return drive({ runId: asRunId(ctx.deps.newId()), kind, trigger, tenantId: connection.tenantId }, lost);
    });
    if (!attempt.acquired) throw new AppError('sync/busy', 'A sync is already running (perhaps in another tab).');
    const run = attempt.value;
    if (run === 'not-due') return run;
    await afterRun(run);
    return run;
  }

  /** A run that ended on an authorisation failure leaves the connection needing the user (C5). */
  async function afterRun(run: RunRecord): Promise<void> {
    const code = run.error?.code;
    const reason = run.error?.message ?? 'Reconnect to continue syncing.';
    if (code === 'auth/reconnect-needed') await ctx.needsReconnect({ type: 'invalid-grant', reason });
    else if (code === 'xpm/forbidden') await ctx.needsReconnect({ type: 'revoked', reason });
  }

  function outcomeOf(run: RunRecord): RunOutcome {
    if (run.status !== 'succeeded') {
      const wire = run.error ?? toWireError(new AppError('internal', 'The run ended without a result.'));
      throw new AppError(wire.code, wire.message, wire.detail);
    }
    return { runId: run.id, kind: run.kind, counts: run.counts };
  }

  let warmed = false;
  /**
   * Loads the store's key index into this worker once, right after it starts, so the first run after
   * the app opens does not load it while XPM's answer waits (M6: profiled at about 0.2 s of worker
   * CPU for 15,000 clients, between the response arriving and its first commit). It reads in one
   * read-only transaction over the keys tables, exactly as a run's first batch would, so it can never
   * overlap a batch's transaction; a run that starts meanwhile simply finds the index warm.
   */
  async function warmKeyIndex(): Promise<void> {
    // While another tab runs a sync its batches change the keys: the next run here loads them itself.
    if (warmed || ctx.running !== null || (await ctx.deps.runLock.isHeld())) return;
    warmed = true;
    await ctx.store.loadKeyIndex();
  }

  /** Looks for interrupted runs now and every INTERRUPTED_RUN_CHECK_MS, for the worker's lifetime. */
  function watchInterruptedRuns(): void {
    const check = () =>
      void takeOverInterrupted()
        .then((run) =>
          run
            ? afterRun(run)
            : warmKeyIndex().catch((error: unknown) =>
                ctx.deps.log.warn('key-index-warm-failed', { code: toWireError(error).code }),
              ),
        )
        .catch((error: unknown) => {
          if (!(isAppError(error) && error.code === 'sync/busy'))
            ctx.deps.log.warn('sync-run-takeover-failed', {
              code: toWireError(error).code,
              error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            });
        });
    ctx.deps.repeat(check, INTERRUPTED_RUN_CHECK_MS);
  }

  const api = {
    /** Runs a sync now; manual runs respect the shared 5-minute cooldown (S3–S5). */
    runSync: (kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>> =>
      ctx.guard('runSync', async (): Promise<RunOutcome> => {
        const run = await execute(kind, trigger);
        if (run === 'not-due') throw new AppError('internal', 'A requested run was not started.');
        return outcomeOf(run);
      }),

    /**
     * S2: runs a Resync Now if the hourly sync is due (by wall clock, stored in IndexedDB) and no other
     * tab is running one. The page calls it on a timer and on focus, visibility and `online`. A run an
     * interrupted tab left unfinished is resumed first (S7).
     */
    runScheduled: (): Promise<Result<ScheduledOutcome>> =>
      ctx.guard('runScheduled', async (): Promise<ScheduledOutcome> => {
        const resumed = await takeOverInterrupted();
        if (resumed !== null) {
          await afterRun(resumed);
          return { ran: true, outcome: outcomeOf(resumed) };
        }
        // Scheduled syncs stop while the connection needs attention (C5), wait for Start sync (C3) and
        // for a daily-limit pause to end (S8), and ignore the manual cooldown (S5).
        const decision = await scheduledRunDecision();
        if (!decision.run) return { ran: false, reason: decision.reason };
        let run: RunRecord | 'not-due';
        try {
          run = await execute('incremental', 'scheduled', async () => (await scheduledRunDecision()).run);
        } catch (error) {
          if (error instanceof AppError && error.code === 'sync/busy') return { ran: false, reason: 'busy' };
          throw error;
        }
        if (run === 'not-due') return { ran: false, reason: 'not-due' };
        return { ran: true, outcome: outcomeOf(run) };
      }),

    /** Cancels the running sync, in whichever tab it runs. */
    cancelSync: (): Promise<Result<void>> =>
      ctx.guard('cancelSync', async () => {
        // The run may belong to another tab's worker: ask every tab.
        ctx.cancelLocalRun('The run was cancelled.');
        ctx.deps.control.post({ type: 'cancel' });
      }),
  };
  /** The API methods, and the worker's own watch (not callable from the page). */
  return { api, watchInterruptedRuns };
}
