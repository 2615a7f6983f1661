/**
 * The sync-run lock (S2, MT-2): held for one run only, taken with ifAvailable so a second tab (or a
 * second click) gets "busy" instead of queueing a duplicate run.
 */
export const RUN_LOCK_NAME = 'xpm-sync-run';

export interface RunLock {
  /** Runs fn while holding the lock, or returns { acquired: false } at once if another holder has it. */
  tryRun<T>(fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /** Whether any context of this origin holds the lock now. */
  isHeld(): Promise<boolean>;
}

export function webRunLock(locks: LockManager): RunLock {
  return {
    async tryRun<T>(fn: () => Promise<T>) {
      return locks.request(RUN_LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (!lock) return { acquired: false } as const;
        return { acquired: true, value: await fn() } as const;
      });
    },
    async isHeld() {
      const snapshot = await locks.query();
      return (snapshot.held ?? []).some((lock) => lock.name === RUN_LOCK_NAME);
    },
  };
}

/** For environments without Web Locks (Node tests): a flag in this context only. */
export function localRunLock(): RunLock {
  let held = false;
  return {
    async tryRun<T>(fn: () => Promise<T>) {
      if (held) return { acquired: false } as const;
      held = true;
      try {
        return { acquired: true, value: await fn() } as const;
      } finally {
        held = false;
      }
    },
    async isHeld() {
      return held;
    },
  };
}
