/** The running run's liveness mark (S2, MT-3), written by the worker while it holds the run lock. */
import type { AppDB } from './db';
import type { RunId } from '../domain/ids';

/** Updates only heartbeatAt, and only while the run is running: it can never undo the engine's writes. */
export async function touchRunHeartbeat(db: AppDB, runId: RunId, at: number): Promise<void> {
  await db.runs
    .where('id')
    .equals(runId)
    .and((run) => run.status === 'running')
    .modify({ heartbeatAt: at });
}
