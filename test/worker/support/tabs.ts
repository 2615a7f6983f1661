/**
 * Tabs of the app in one process: each its own worker API over one database, sharing the origin's
 * locks and broadcast channel, against the in-process stack (sandbox behind the real proxy).
 */
import { createSyncApi, type WorkerDeps } from '../../../src/worker/api';
import { localLockRunner } from '../../../src/worker/xero-auth';
import { localRunLock } from '../../../src/worker/run-lock';
import { localControlHub } from '../../../src/worker/control-channel';
import type { AppDB } from '../../../src/storage/db';
import type { Practice, SyncApi } from '../../../src/worker/protocol';
import type { Result } from '../../../src/domain/result';
import { MAIN_PRACTICE_NAME } from '../../../proxy/sandbox';
import type { InProcessStack } from '../in-process-stack';

export const REDIRECT = 'http://localhost:4173/callback';

export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** What the app's tabs share: one origin's locks and broadcast channel. */
export interface Origin {
  readonly db: AppDB;
  readonly stack: InProcessStack;
  readonly locks: ReturnType<typeof localLockRunner>;
  readonly runLock: ReturnType<typeof localRunLock>;
  readonly hub: ReturnType<typeof localControlHub>;
}

export function origin(db: AppDB, stack: InProcessStack): Origin {
  return { db, stack, locks: localLockRunner(), runLock: localRunLock(), hub: localControlHub() };
}

/** A tab: its own worker API; `overrides` replace its ports (its clock, its fetch, a lock of its own). */
export function openTab(o: Origin, overrides: Partial<WorkerDeps> = {}): SyncApi {
  return createSyncApi({
    db: o.db,
    fetch: (input, init) => o.stack.appFetch(input, init),
    now: () => Date.now(),
    sleep: async () => undefined,
    random: () => 0.5,
    newId: () => crypto.randomUUID(),
    locks: o.locks,
    runLock: o.runLock,
    control: o.hub.channel(),
    repeat: () => undefined,
    log: process.env.TAB_LOG
      ? {
          info: (e, f) => console.log('info', e, f),
          warn: (e, f) => console.log('warn', e, f),
          error: (e, f) => console.log('error', e, f),
        }
      : { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...overrides,
  });
}

/** Signs in through the sandbox and chooses the main practice. */
export async function connectMain(api: SyncApi, stack: InProcessStack): Promise<Practice> {
  const { url, pending } = value(await api.beginAuthorization(REDIRECT));
  const callback = await stack.consent(url);
  const practices = value(await api.completeAuthorization(callback, pending)).practices;
  const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
  if (!main) throw new Error('main practice not offered');
  value(await api.choosePractice(main, ''));
  return main;
}
