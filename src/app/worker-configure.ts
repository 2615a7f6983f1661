/** Hands the runtime configuration to the sync worker, once, at start; never rejects. */
import type { Result } from '../domain/result';
import type { AppConfig, SyncApi } from '../worker/protocol';
import { workerFailure } from './services';
import type { AppClock } from './app-clock';

export async function callWorkerConfigure(api: SyncApi, config: AppConfig): Promise<Result<void>> {
  try {
    return await api.configure(config);
  } catch (cause) {
    return { ok: false, error: workerFailure(cause) };
  }
}

/** Test stacks: hands the worker the page's clock offset after configuring it (app-clock.ts). */
export async function withTestClock(api: SyncApi, configured: Result<void>, clock: AppClock): Promise<Result<void>> {
  if (!configured.ok) return configured;
  try {
    return await api.setTestClockOffset(clock.offsetMs());
  } catch (cause) {
    return { ok: false, error: workerFailure(cause) };
  }
}
