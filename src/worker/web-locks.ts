/**
 * The worker's cross-tab locks: the run lock (S2, MT-2) and the token-refresh lock (OA-4), both on
 * the browser's Web Locks. Every browser the app supports has them. Without them, a lock this worker
 * alone could see would let two tabs run two syncs, or spend one refresh token twice (which ends the
 * grant), so the app fails closed instead: syncs and refreshes are refused with
 * 'sync/unsupported-browser' and a message saying why (issue M8 item 6). Reading the local data
 * stays possible.
 */
import { AppError } from '../domain/errors';
import { webRunLock, type RunLock } from './run-lock';
import { webLockRunner, type LockRunner } from './xero-auth';

export interface WorkerLocks {
  readonly locks: LockRunner;
  readonly runLock: RunLock;
}

export function locksUnavailable(): AppError {
  return new AppError(
    'sync/unsupported-browser',
    'This browser does not offer Web Locks, which keep two tabs of this app from syncing, or renewing the Xero sign-in, at the same time. Syncing is turned off here rather than risk that; your local data can still be read.',
  );
}

/** Every attempt to take a lock is refused. */
function refusingLockRunner(): LockRunner {
  return {
    run: async () => {
      throw locksUnavailable();
    },
  };
}

function refusingRunLock(): RunLock {
  return {
    tryRun: async () => {
      throw locksUnavailable();
    },
    steal: async () => {
      throw locksUnavailable();
    },
    run: async () => {
      throw locksUnavailable();
    },
    // Nothing can hold a lock that can never be taken; looking for runs a crashed tab left behind
    // (which asks this) must still work so the app opens.
    isHeld: async () => false,
  };
}

/** The locks for `navigator.locks`, which is undefined where the browser has none. */
export function workerLocks(locks: LockManager | undefined): WorkerLocks {
  if (locks === undefined) return { locks: refusingLockRunner(), runLock: refusingRunLock() };
  return { locks: webLockRunner(locks), runLock: webRunLock(locks) };
}
