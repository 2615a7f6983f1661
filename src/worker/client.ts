/**
 * The page's handle on the sync worker: one dedicated module worker, driven through Comlink. The page
 * imports only this module and protocol types from src/worker/.
 */
import { wrap, type Remote } from 'comlink';
import type { SyncApi } from './protocol';

let api: Remote<SyncApi> | null = null;

/** The sync worker's API (started on first use). */
export function syncApi(): Remote<SyncApi> {
  api ??= wrap<SyncApi>(new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name: 'xpm-sync' }));
  return api;
}
