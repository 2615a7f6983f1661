/** The sync worker's API: runs — Resync Now / All (S3–S5), the hourly sync (S2) and cancel. */
import { AppError, toWireError } from '../domain/errors';
import type { Result } from '../domain/result';
import { cooldownEndsAt, hourlySyncDueAt, inCooldown, scheduleAfterRun } from '../domain/schedule';
import { DEFAULT_MAX_RESPONSE_BYTES, proxyBase } from '../domain/config';
import { asRunId } from '../domain/ids';
import type { RunKind, RunRecord, RunTrigger } from '../domain/runs';
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
import { touchRunHeartbeat } from '../storage/heartbeat';
import { refreshListHeads } from '../storage/list-heads';
import { runSync } from '../sync/run/run-sync';
import type { RunOutcome, ScheduledOutcome } from './protocol';
import type { WorkerContext } from './worker-context';

/** MT-3: a live run's heartbeat is at most this old (the page treats 2 minutes without one as stalled). */
export const RUN_HEARTBEAT_INTERVAL_MS = 30_000;

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

  /** S2: the hourly sync is due at the stored time, or an hour after the last success when none is stored. */
  async function hourlySyncDue(): Promise<boolean> {
    const [schedule, state] = await Promise.all([readSchedule(ctx.db), readSyncState(ctx.db)]);
    return ctx.deps.now() >= hourlySyncDueAt(schedule, state);
  }

  async function execute(
    kind: RunKind,
    trigger: RunTrigger,
    stillDue?: () => Promise<boolean>,
  ): Promise<RunRecord | 'not-due'> {
    const { config: c, auth: a } = ctx.ready();
    // Checked before taking the lock for a quick answer, and again inside it, where no other run can
    // change them between the check and the start (two tabs pressing Resync Now at once).
    await ctx.connected();
    if (trigger === 'manual') await assertNoCooldown();
    const attempt = await ctx.deps.runLock.tryRun(async (): Promise<RunRecord | 'not-due'> => {
      // Another tab may have just finished the same hourly run.
      if (stillDue && !(await stillDue())) return 'not-due';
      const connection = await ctx.connected();
      if (trigger === 'manual') {
        await assertNoCooldown();
        await writeCooldown(ctx.db, { manualRunStartedAt: ctx.deps.now() });
      }
      await ctx.settleAbandonedRuns(true).catch(() => undefined);
      if (!connection.firstSyncStarted) await writeConnection(ctx.db, { ...connection, firstSyncStarted: true });
      const controller = new AbortController();
      ctx.running = controller;
      const runId = asRunId(ctx.deps.newId());
      // The engine marks progress as it goes; this keeps a run that is only waiting (a rate-limit
      // pause, a slow first byte) visibly alive for the page and for other tabs.
      const heartbeat = setInterval(
        () => void touchRunHeartbeat(ctx.db, runId, ctx.deps.now()).catch(() => undefined),
        RUN_HEARTBEAT_INTERVAL_MS,
      );
      try {
        const settings = await readSettings(ctx.db);
        return await runSync(ctx.env(a), {
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
        ctx.running = null;
        // Whatever the outcome, the next hourly sync is an hour after this run ended (S2): after a
        // machine sleeps, exactly one catch-up run happens, then the hour restarts.
        await writeSchedule(ctx.db, scheduleAfterRun(ctx.deps.now())).catch(() => undefined);
        // The lists' first rows, for the next page that opens them (storage/list-heads.ts).
        await refreshListHeads(ctx.db).catch((error: unknown) =>
          ctx.deps.log.warn('list-heads-failed', { code: toWireError(error).code }),
        );
      }
    });
    if (!attempt.acquired) throw new AppError('sync/busy', 'A sync is already running (perhaps in another tab).');
    const run = attempt.value;
    if (run === 'not-due') return run;
    const code = run.error?.code;
    if (code === 'auth/reconnect-needed' || code === 'xpm/forbidden')
      await ctx.needsReconnect(run.error?.message ?? 'Reconnect to continue syncing.');
    return run;
  }

  return {
    /** Runs a sync now; manual runs respect the shared 5-minute cooldown (S3–S5). */
    runSync: (kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>> =>
      ctx.guard('runSync', async (): Promise<RunOutcome> => {
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
      ctx.guard('runScheduled', async (): Promise<ScheduledOutcome> => {
        const [settings, connection] = await Promise.all([readSettings(ctx.db), readConnection(ctx.db)]);
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
      ctx.guard('cancelSync', async () => {
        // The run may belong to another tab's worker: ask every tab.
        ctx.cancelLocalRun('The run was cancelled.');
        ctx.deps.control.post({ type: 'cancel' });
      }),
  };
}
