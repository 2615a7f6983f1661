/**
 * The sync-run lock (S2, MT-2): held for one run only, taken with ifAvailable so a second tab (or a
 * second click) gets "busy" instead of queueing a duplicate run.
 */
export const RUN_LOCK_NAME = 'xpm-sync-run';

export interface RunLock {
  /** Runs fn while holding the lock, or returns { acquired: false } at once if another holder has it. */
  tryRun<T>(fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /** Runs fn holding the lock, waiting for any current holder to finish first. */
  run<T>(fn: () => Promise<T>): Promise<T>;
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
    run: (fn) => locks.request(RUN_LOCK_NAME, { mode: 'exclusive' }, fn),
    async isHeld() {
      const snapshot = await locks.query();
      return (snapshot.held ?? []).some((lock) => lock.name === RUN_LOCK_NAME);
    },
  };
}

/**
 * A flag within one JavaScript context: the Node tests' stand-in for Web Locks, shared by the
 * simulated tabs of one test. The worker never uses it (it would not stop another tab).
 */
export function localRunLock(): RunLock {
  let held = false;
  let waiters: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    while (held) await new Promise<void>((resolve) => waiters.push(resolve));
    held = true;
  };
  const release = (): void => {
    held = false;
    const next = waiters;
    waiters = [];
    for (const wake of next) wake();
  };
  return {
    async tryRun<T>(fn: () => Promise<T>) {
      if (held) return { acquired: false } as const;
      held = true;
      try {
        return { acquired: true, value: await fn() } as const;
      } finally {
        release();
      }
    },
    async run<T>(fn: () => Promise<T>) {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    async isHeld() {
      return held;
    },
  };
}
