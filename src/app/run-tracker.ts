/**
 * The sync runs this tab asked the worker for (Start sync, Resync Now, Resync All, Cancel). A run's
 * call only returns when the run ends, so its state lives here, under the app root, not in the
 * button's component: the user may leave the page while it runs and still see how it ended.
 * Progress itself is read from the run record in IndexedDB, like every tab does.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { WireError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { RunKind, RunTrigger } from '../domain/runs';
import type { RunOutcome } from '../worker/protocol';
import { callWorker, type AppServices } from './services';

export interface RunTracker {
  /** The kind of run this tab is waiting for, or null. */
  readonly requested: Accessor<RunKind | null>;
  /** Why the last request from this tab failed (cleared by the next request). */
  readonly error: Accessor<WireError | null>;
  readonly cancelling: Accessor<boolean>;
  start(kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>>;
  cancel(): Promise<Result<void>>;
  clearError(): void;
}

export function createRunTracker(services: AppServices): RunTracker {
  const [requested, setRequested] = createSignal<RunKind | null>(null);
  const [error, setError] = createSignal<WireError | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  return {
    requested,
    error,
    cancelling,
    async start(kind, trigger) {
      setError(null);
      setRequested(kind);
      const result = await callWorker(services, (api) => api.runSync(kind, trigger));
      setRequested(null);
      if (!result.ok) setError(result.error);
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
