/**
 * The page's clock (src/domain/clock.ts): the system clock, or — on a test stack only (config.json
 * `testClock`) — the system clock plus an offset that an end-to-end test moves through a hook on the
 * window. The offset is kept in localStorage, so every tab of the app and a reloaded tab agree on it,
 * and is handed to this tab's sync worker before anyone is told the time moved, so the worker's
 * rules and the page's texts never disagree about "now".
 *
 * Without the flag there is no hook, nothing is read from or written to storage, and `now()` is
 * `Date.now()`.
 */
import { isValidClockOffset, type Clock, SYSTEM_CLOCK } from '../domain/clock';
import type { AppConfig } from '../domain/config';

/** The window property an end-to-end test uses (test stacks only). */
export const TEST_CLOCK_HOOK = '__xpmTestClock';

/** Where a test stack keeps how far its clock was moved (shared by the app's tabs). */
export const TEST_CLOCK_OFFSET_KEY = 'xpm-contact-sync:test-clock-offset';

export interface AppClock extends Clock {
  /** How far a test moved the clock (0 outside test stacks). */
  offsetMs(): number;
  /**
   * Calls `listener` after the clock jumped (a test moved it); returns the unsubscribe. A listener may
   * return a promise (the hourly check it started): the jump is over when all have settled.
   */
  onJump(listener: () => void | Promise<void>): () => void;
}

/** What a test sees on `window.__xpmTestClock`. */
export interface TestClockHook {
  now(): number;
  /** Milliseconds the app's clock runs ahead of the system clock. */
  offsetMs(): number;
  /**
   * Moves the app's clock forward (page and worker); resolves once both run on the new time and the
   * hourly check the jump caused has finished (with the run it started, if any).
   */
  advance(ms: number): Promise<void>;
}

export interface TestClockHost {
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  addEventListener(type: 'storage', listener: (event: StorageEvent) => void): void;
}

export const APP_SYSTEM_CLOCK: AppClock = { now: SYSTEM_CLOCK.now, offsetMs: () => 0, onJump: () => () => undefined };

function storedOffset(storage: TestClockHost['storage']): number {
  const raw = Number(storage.getItem(TEST_CLOCK_OFFSET_KEY) ?? '0');
  return isValidClockOffset(raw) ? raw : 0;
}

/**
 * The page's clock for `config`. On a test stack it installs the hook on `target` and hands every
 * change of the offset to the worker through `syncWorker` (the stored offset is the app root's to hand
 * over with the worker's configuration); elsewhere it is the system clock and `target` is untouched.
 */
export function createAppClock(
  config: Pick<AppConfig, 'testClock'>,
  host: TestClockHost,
  target: Record<string, unknown>,
  syncWorker: (offsetMs: number) => Promise<unknown>,
): AppClock {
  if (config.testClock !== true) return APP_SYSTEM_CLOCK;
  let offset = storedOffset(host.storage);
  const listeners = new Set<() => void | Promise<void>>();
  const jumpTo = async (next: number): Promise<void> => {
    offset = next;
    await syncWorker(next);
    await Promise.all([...listeners].map((listener) => listener()));
  };
  // Another tab moved the clock: follow it.
  host.addEventListener('storage', (event) => {
    if (event.key !== TEST_CLOCK_OFFSET_KEY) return;
    const next = storedOffset(host.storage);
    if (next !== offset) void jumpTo(next);
  });
  const clock: AppClock = {
    now: () => Date.now() + offset,
    offsetMs: () => offset,
    onJump(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const hook: TestClockHook = {
    now: clock.now,
    offsetMs: clock.offsetMs,
    async advance(ms) {
      const next = offset + ms;
      if (!(Number.isSafeInteger(ms) && ms >= 0 && isValidClockOffset(next)))
        throw new RangeError(`The test clock only moves forward, by whole milliseconds (asked: ${ms}).`);
      host.storage.setItem(TEST_CLOCK_OFFSET_KEY, String(next));
      await jumpTo(next);
    },
  };
  target[TEST_CLOCK_HOOK] = hook;
  return clock;
}
