/**
 * S2 on the page: the hourly sync is scheduled by wall clock — the next due time is in IndexedDB and
 * the worker decides whether it has come — so this only has to ask often enough: on a timer, and
 * whenever the page may have been asleep or offline (visible again, focused, back online) and at
 * start. After a machine sleeps, the first check runs the one catch-up sync.
 */

/** An hour checked to the minute; hidden tabs' timers are throttled to about once a minute anyway. */
export const SCHEDULE_CHECK_INTERVAL_MS = 60_000;

export interface SchedulerHost {
  setInterval(handler: () => void, ms: number): number;
  clearInterval(id: number): void;
  addEventListener(type: 'focus' | 'online', listener: () => void): void;
  removeEventListener(type: 'focus' | 'online', listener: () => void): void;
  readonly document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

/**
 * Starts checking; returns the function that stops it. Checks never overlap. `onJump` subscribes to
 * jumps of the app's clock (a test moving it, app-clock.ts): a check runs then, as the timer's first
 * tick does after a real sleep, and the jump waits for it (so a test knows the check has been made).
 */
export function startHourlyScheduler(
  check: () => Promise<unknown>,
  host: SchedulerHost,
  onJump: (listener: () => Promise<void>) => () => void = () => () => undefined,
): () => void {
  let running: Promise<void> | null = null;
  // A jump while a check is in flight is checked again after it (the check in flight may have read
  // the time before the jump); several such jumps share that one check.
  let queued: Promise<void> | null = null;
  const run = (): Promise<void> => {
    const done = check()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        running = null;
      });
    running = done;
    return done;
  };
  const tick = (): void => {
    if (running === null) void run();
  };
  const onClockJump = (): Promise<void> => {
    if (running === null) return run();
    queued ??= running.then(() => {
      queued = null;
      return running ?? run();
    });
    return queued;
  };
  const onVisibility = (): void => {
    if (host.document.visibilityState === 'visible') tick();
  };
  const timer = host.setInterval(tick, SCHEDULE_CHECK_INTERVAL_MS);
  host.addEventListener('focus', tick);
  host.addEventListener('online', tick);
  host.document.addEventListener('visibilitychange', onVisibility);
  const stopJumps = onJump(onClockJump);
  tick();
  return () => {
    stopJumps();
    host.clearInterval(timer);
    host.removeEventListener('focus', tick);
    host.removeEventListener('online', tick);
    host.document.removeEventListener('visibilitychange', onVisibility);
  };
}
