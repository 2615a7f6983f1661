/**
 * The sync-run lock (S2, S7, MT-2): held for one run only, taken with ifAvailable so a second tab (or
 * a second click) gets "busy" instead of queueing a duplicate run. A tab that finds a run frozen (its
 * heartbeat stale while the lock is still held) steals the lock to resume the run; the frozen holder
 * learns it through `lost` when it wakes, and the store's attempt fence refuses anything it still
 * tries to write.
 */
import { AppError } from '../domain/errors';

export const RUN_LOCK_NAME = 'xpm-sync-run';

/** Work done under the run lock; `lost` aborts if another tab steals the lock meanwhile. */
export type UnderRunLock<T> = (lost: AbortSignal) => Promise<T>;

export interface RunLock {
  /** Runs fn while holding the lock, or returns { acquired: false } at once if another holder has it. */
  tryRun<T>(fn: UnderRunLock<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /** Takes the lock from its current holder (whose `lost` aborts) and runs fn holding it. */
  steal<T>(fn: UnderRunLock<T>): Promise<T>;
  /** Runs fn holding the lock, waiting for any current holder to finish first. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether any context of this origin holds the lock now. */
  isHeld(): Promise<boolean>;
}

/** Why a holder's `lost` signal aborted. */
export function takenOverError(): AppError {
  return new AppError(
    'sync/taken-over',
    'This tab stopped responding during the sync, so another tab of the app took the run over and is finishing it.',
  );
}

export function webRunLock(locks: LockManager): RunLock {
  type Held<T> = { acquired: true; value: T } | { acquired: false };
  /**
   * A stolen holder's request rejects at once with an AbortError while its callback carries on, so
   * the callback is told through `lost` and awaited here: the caller still gets the run's own end.
   */
  async function hold<T>(options: LockOptions, fn: UnderRunLock<T>): Promise<Held<T>> {
    const lost = new AbortController();
    let inner: Promise<T> | undefined;
    try {
      return await locks.request(RUN_LOCK_NAME, options, async (lock): Promise<Held<T>> => {
        if (!lock) return { acquired: false };
        inner = fn(lost.signal);
        return { acquired: true, value: await inner };
      });
    } catch (error) {
      if (inner === undefined || !(error instanceof DOMException && error.name === 'AbortError')) throw error;
      lost.abort(takenOverError());
      return { acquired: true, value: await inner };
    }
  }
  return {
    tryRun: (fn) => hold({ ifAvailable: true }, fn),
    async steal(fn) {
      const held = await hold({ steal: true }, fn);
      if (!held.acquired) throw new AppError('internal', 'A stolen lock was not granted.');
      return held.value;
    },
    run: (fn) => locks.request(RUN_LOCK_NAME, { mode: 'exclusive' }, fn),
    async isHeld() {
      const snapshot = await locks.query();
      return (snapshot.held ?? []).some((lock) => lock.name === RUN_LOCK_NAME);
    },
  };
}

/**
 * For environments without Web Locks: the Node tests' stand-in, shared by the simulated tabs of one
 * test given the same instance, with the same steal semantics. The worker never uses it (it would
 * not stop another tab).
 */
export function localRunLock(): RunLock {
  let holder: AbortController | null = null;
  let waiters: Array<() => void> = [];
  const release = (self: AbortController): void => {
    if (holder !== self) return; // stolen: the lock is someone else's now
    holder = null;
    const next = waiters;
    waiters = [];
    for (const wake of next) wake();
  };
  const holdWith = async <T>(fn: UnderRunLock<T>): Promise<T> => {
    const self = new AbortController();
    holder = self;
    try {
      return await fn(self.signal);
    } finally {
      release(self);
    }
  };
  return {
    async tryRun<T>(fn: UnderRunLock<T>) {
      if (holder !== null) return { acquired: false } as const;
      return { acquired: true, value: await holdWith(fn) } as const;
    },
    steal<T>(fn: UnderRunLock<T>) {
      holder?.abort(takenOverError());
      return holdWith(fn);
    },
    async run<T>(fn: () => Promise<T>) {
      while (holder !== null) await new Promise<void>((resolve) => waiters.push(resolve));
      return holdWith(() => fn());
    },
    async isHeld() {
      return holder !== null;
    },
  };
}
