/** Hands the runtime configuration to the sync worker, once, at start; never rejects. */
import type { Result } from '../domain/result';
import type { AppConfig, SyncApi } from '../worker/protocol';
import { workerFailure } from './services';

export async function callWorkerConfigure(api: SyncApi, config: AppConfig): Promise<Result<void>> {
  try {
    return await api.configure(config);
  } catch (cause) {
    return { ok: false, error: workerFailure(cause) };
  }
}
