/**
 * The sync worker's API over real ports: the engine (src/sync), Xero OAuth (xero-auth.ts), the Dexie
 * store (src/storage) and the proxied network. Every method returns a Result; failures cross to the
 * page as WireErrors with a closed code, never as thrown instances. The page's view of it is `SyncApi`,
 * derived from this implementation (one list of methods), whose parts live beside it by area.
 */
import { connectionMethods } from './api-connection';
import { runMethods } from './api-runs';
import { summaryMethods } from './api-summary';
import { clockMethods } from './api-clock';
import { recordMethods } from './api-records';
import { practiceMethods } from './api-practice';
import { dataMethods } from './api-data';
import { WorkerContext, type WorkerDeps } from './worker-context';

export type { WorkerDeps } from './worker-context';
export { INTERRUPTED_RUN_CHECK_MS } from './api-runs';
export { MAX_CONNECTION_NAME_CHARS } from './api-connection';

/** The page's view of the worker (through Comlink): exactly the methods createSyncApi returns. */
export type SyncApi = ReturnType<typeof createSyncApi>;

export function createSyncApi(deps: WorkerDeps) {
  const ctx = new WorkerContext(deps);
  deps.control.subscribe((message) => {
    if (message.type === 'cancel') ctx.cancelLocalRun('The run was cancelled from another tab.');
  });
  const runs = runMethods(ctx);
  // Once configured, the worker looks for runs other tabs left unfinished (S7) for as long as it lives.
  // (configure may be called again; one watch is enough, and it ends with the worker.)
  let watching = false;
  const onConfigured = () => {
    if (watching) return;
    watching = true;
    runs.watchInterruptedRuns();
  };
  return {
    ...connectionMethods(ctx, onConfigured),
    ...runs.api,
    ...summaryMethods(ctx),
    ...recordMethods(ctx),
    ...clockMethods(ctx),
    ...practiceMethods(ctx),
    ...dataMethods(ctx),
  };
}
