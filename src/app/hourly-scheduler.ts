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
 * tick does after a real sleep.
 */
export function startHourlyScheduler(
  check: () => Promise<unknown>,
  host: SchedulerHost,
  onJump: (listener: () => void) => () => void = () => () => undefined,
): () => void {
  let inFlight = false;
  // A jump while a check is in flight is checked again after it: the check in flight may have read
  // the time before the jump.
  let jumpPending = false;
  const tick = (): void => {
    if (inFlight) return;
    inFlight = true;
    void check()
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (jumpPending) {
          jumpPending = false;
          tick();
        }
      });
  };
  const onClockJump = (): void => {
    if (inFlight) jumpPending = true;
    else tick();
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
