/**
 * The sync runs this tab asked the worker for (Start sync, Resync Now, Resync All, Cancel). A run's
 * call only returns when the run ends, so its state lives here, under the app root, not in the
 * button's component: the user may leave the page while it runs and still see how it ended.
 * Progress itself is read from the run record in IndexedDB, like every tab does.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { AppErrorCode, WireError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { RunId } from '../domain/ids';
import type { RunKind, RunTrigger } from '../domain/runs';
import { latestRun } from '../storage/queries';
import type { RunOutcome } from '../worker/protocol';
import { callWorker, type AppServices } from './services';

export interface RunTracker {
  /** The kind of run this tab is waiting for, or null. */
  readonly requested: Accessor<RunKind | null>;
  /** Why the last request from this tab failed (cleared by the next request). */
  readonly error: Accessor<WireError | null>;
  /**
   * The run this tab started stopped on a storage failure, and why: the run could not record its own
   * end either (that needs the same storage), so its record still says running until a worker resumes
   * it. Cleared by the next request, not by dismissing the error.
   */
  readonly stoppedUnrecorded: Accessor<UnrecordedStop | null>;
  readonly cancelling: Accessor<boolean>;
  start(kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>>;
  cancel(): Promise<Result<void>>;
  clearError(): void;
}

/** A run left recorded as running by the failure that stopped it, as its record stood then. */
export interface UnrecordedStop {
  readonly runId: RunId;
  /** The record's last heartbeat when it stopped: a later one means a worker has taken the run up again. */
  readonly heartbeatAt: number;
  readonly error: WireError;
}

/** Failures that also keep a run from writing its end: its record is left running (storage is gone). */
export const UNRECORDED_STOP_CODES: ReadonlySet<AppErrorCode> = new Set(['storage/quota', 'storage/failed']);

export function createRunTracker(services: AppServices): RunTracker {
  const [requested, setRequested] = createSignal<RunKind | null>(null);
  const [error, setError] = createSignal<WireError | null>(null);
  const [stoppedUnrecorded, setStoppedUnrecorded] = createSignal<UnrecordedStop | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  /** The run record a storage failure left running, if the store can still be read. */
  async function leftRunning(error: WireError): Promise<UnrecordedStop | null> {
    if (!UNRECORDED_STOP_CODES.has(error.code)) return null;
    const run = await latestRun(services.db).catch(() => undefined);
    return run?.status === 'running' ? { runId: run.id, heartbeatAt: run.heartbeatAt, error } : null;
  }
  return {
    requested,
    error,
    stoppedUnrecorded,
    cancelling,
    async start(kind, trigger) {
      setError(null);
      setStoppedUnrecorded(null);
      setRequested(kind);
      const result = await callWorker(services, (api) => api.runSync(kind, trigger));
      setRequested(null);
      if (!result.ok) {
        setError(result.error);
        setStoppedUnrecorded(await leftRunning(result.error));
      }
      return result;
    },
    async cancel() {
      setCancelling(true);
      const result = await callWorker(services, (api) => api.cancelSync());
      setCancelling(false);
      if (!result.ok) setError(result.error);
      return result;
    },
    clearError: () => setError(null),
  };
}
