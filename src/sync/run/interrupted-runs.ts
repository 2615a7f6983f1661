/**
 * Runs left "running" by a tab that was reloaded, closed, crashed or froze (S7): which to resume as
 * themselves and which to settle, and what a settled one says. The decisions are pure; the worker
 * applies them while it holds the run lock, settling through `settleInterruptedRun`.
 */
import { AppError, toWireError, type WireError } from '../../domain/errors';
import type { ConnectionInfo } from '../../domain/connection';
import { runAttempt, type RunRecord } from '../../domain/runs';
import { RUN_HEARTBEAT_STALE_MS } from '../../domain/schedule';
import type { SyncStore } from '../ports';

/** A run interrupted this many times is not resumed again: something in it keeps killing the tab. */
export const MAX_RUN_ATTEMPTS = 5;

/**
 * A run interrupted longer ago than this is settled, not resumed: its data window is a day old, and
 * the next scheduled run (due long ago) asks XPM for everything since the last success anyway.
 */
export const RESUME_WITHIN_MS = 24 * 60 * 60_000;

export type InterruptedRunDecision =
  | { readonly action: 'resume' }
  | { readonly action: 'settle'; readonly error: WireError };

function settle(message: string): InterruptedRunDecision {
  return { action: 'settle', error: toWireError(new AppError('sync/interrupted', message)) };
}

/** What to do with `run`, found running with no live tab behind it, given the connection now. */
export function decideInterruptedRun(run: RunRecord, connection: ConnectionInfo, now: number): InterruptedRunDecision {
  const checkpoint = run.checkpoint;
  if (checkpoint === undefined) {
    return settle(
      'The sync was interrupted (the page was reloaded or closed) and was started by an earlier version of the app, so it cannot be resumed.',
    );
  }
  if (connection.status !== 'connected' || connection.tenantId !== checkpoint.tenantId) {
    return settle(
      'The sync was interrupted and not resumed, because the practice it was reading is no longer the connected one.',
    );
  }
  if (runAttempt(run) >= MAX_RUN_ATTEMPTS) {
    return settle(`The sync was interrupted ${MAX_RUN_ATTEMPTS} times and is not resumed again.`);
  }
  if (now - run.startedAt > RESUME_WITHIN_MS) {
    return settle('The sync was interrupted more than a day ago, so a fresh sync replaces it.');
  }
  return { action: 'resume' };
}

/** Of several interrupted runs (at most one is normal), the newest is resumed and the rest settled. */
export function newestFirst(runs: readonly RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => b.startedAt - a.startedAt);
}

/** The record of an interrupted run that will not be resumed; on a higher attempt, so a waking tab cannot undo it. */
export function settledRunRecord(run: RunRecord, error: WireError): RunRecord {
  return {
    ...run,
    status: 'abandoned',
    phase: 'done',
    finishedAt: run.heartbeatAt,
    error,
    ...(run.checkpoint ? { checkpoint: { ...run.checkpoint, attempt: runAttempt(run) + 1 } } : {}),
  };
}

/**
 * What a tab does about the runs it found still "running" (S2, S7): nothing when there are none;
 * continue them when no tab holds the run lock (the tab running them was reloaded, closed or crashed);
 * leave them while the lock is held and the newest heartbeat is fresh (alive in another tab); steal
 * the lock and continue them when it is held but the heartbeat is stale (that tab froze).
 */
export type TakeoverDecision = 'none' | 'continue' | 'leave' | 'steal';

export function decideTakeover(
  interrupted: readonly Pick<RunRecord, 'heartbeatAt'>[],
  lockHeld: boolean,
  now: number,
): TakeoverDecision {
  if (interrupted.length === 0) return 'none';
  if (!lockHeld) return 'continue';
  const lastBeat = Math.max(...interrupted.map((run) => run.heartbeatAt));
  return now - lastBeat < RUN_HEARTBEAT_STALE_MS ? 'leave' : 'steal';
}

/**
 * Records `run` as settled, in one transaction with the removal of what its committed batches did:
 * those rows exist only to resume it, and a run that will never be resumed would keep them forever.
 */
export async function settleInterruptedRun(store: SyncStore, run: RunRecord, error: WireError): Promise<void> {
  await store.transact(async (tx) => {
    await tx.deleteBatchOutcomes(run.id);
    await tx.putRun(settledRunRecord(run, error));
  });
}
