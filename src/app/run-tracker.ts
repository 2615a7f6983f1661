/**
 * The sync runs this tab asked the worker for (Start sync, Resync Now, Resync All, Cancel). A run's
 * call only returns when the run ends, so its state lives here, under the app root, not in the
 * button's component: the user may leave the page while it runs and still see how it ended.
 * Progress itself is read from the run record in IndexedDB, like every tab does.
 */
import { batch, createSignal, type Accessor } from 'solid-js';
import type { AppErrorCode, WireError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { RunId } from '../domain/ids';
import type { RunKind, RunRecord, RunTrigger } from '../domain/runs';
import { latestRun } from '../storage/queries';
import { APP_SYSTEM_CLOCK } from './app-clock';
import type { RunOutcome } from '../worker/protocol';
import { callWorker, type AppServices } from './services';

export interface RunTracker {
  /** The kind of run this tab is waiting for, or null. */
  readonly requested: Accessor<RunKind | null>;
  /**
   * Why the last request from this tab failed, when no run record says so: a refusal before a run
   * started (cooldown, rate-limit pause, busy), or a worker or store that failed. A run that recorded
   * how it ended is explained by its record (the Sync page's Last sync) and not here, so one failure is
   * not shown twice. Cleared by the next request.
   */
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
  /** When this tab learnt of the failure (epoch ms, the app's clock). */
  readonly at: number;
  readonly error: WireError;
}

/** What identifies the state of the latest run record: a request that wrote to it changed one of these. */
type RunMark = Pick<RunRecord, 'id' | 'heartbeatAt'> | undefined;

/** Failures that also keep a run from writing its end: its record is left running (storage is gone). */
export const UNRECORDED_STOP_CODES: ReadonlySet<AppErrorCode> = new Set(['storage/quota', 'storage/failed']);

export function createRunTracker(services: AppServices): RunTracker {
  const [requested, setRequested] = createSignal<RunKind | null>(null);
  const [error, setError] = createSignal<WireError | null>(null);
  const [stoppedUnrecorded, setStoppedUnrecorded] = createSignal<UnrecordedStop | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  const clock = services.clock ?? APP_SYSTEM_CLOCK;
  /** The latest run record, or undefined when there is none or the store cannot be read. */
  const readLatest = () => latestRun(services.db).catch(() => undefined);
  const latestMark = async (): Promise<RunMark> => {
    const run = await readLatest();
    return run === undefined ? undefined : { id: run.id, heartbeatAt: run.heartbeatAt };
  };
  /**
   * The run record a storage failure left running, if the store can still be read and this request
   * wrote to it (a new run, or one it took up again): an older run some closed tab left running is not
   * this request's.
   */
  async function leftRunning(error: WireError, before: RunMark): Promise<UnrecordedStop | null> {
    if (!UNRECORDED_STOP_CODES.has(error.code)) return null;
    const run = await readLatest();
    if (run?.status !== 'running') return null;
    if (before !== undefined && before.id === run.id && before.heartbeatAt === run.heartbeatAt) return null;
    return { runId: run.id, heartbeatAt: run.heartbeatAt, at: clock.now(), error };
  }
  /** Whether this request's run recorded how it ended, with this error (its record explains it). */
  async function endRecorded(error: WireError, before: RunMark): Promise<boolean> {
    const run = await readLatest();
    if (run === undefined || run.status === 'running' || run.error?.code !== error.code) return false;
    return before === undefined || before.id !== run.id || before.heartbeatAt !== run.heartbeatAt;
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
      const before = await latestMark();
      const result = await callWorker(services, (api) => api.runSync(kind, trigger));
      setRequested(null);
      if (!result.ok) {
        // Both at once: the alert and the run's panel never disagree, even for a moment.
        const stop = await leftRunning(result.error, before);
        const recorded = stop === null && (await endRecorded(result.error, before));
        batch(() => {
          setError(recorded ? null : result.error);
          setStoppedUnrecorded(stop);
        });
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
