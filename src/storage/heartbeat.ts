/** The running run's liveness mark (S2, S7), written by the worker while it holds the run lock. */
import type { AppDB } from './db';
import type { RunId } from '../domain/ids';
import { runAttempt } from '../domain/runs';

/**
 * Updates only heartbeatAt, and only while the run is running on this attempt: it can never undo the
 * engine's writes, nor keep alive a run another tab has taken over.
 */
export async function touchRunHeartbeat(db: AppDB, runId: RunId, attempt: number, at: number): Promise<void> {
  await db.runs
    .where('id')
    .equals(runId)
    .and((run) => run.status === 'running' && runAttempt(run) === attempt)
    .modify({ heartbeatAt: at });
}
