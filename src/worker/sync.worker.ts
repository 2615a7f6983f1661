/// <reference lib="webworker" />
/**
 * The dedicated module worker that runs every sync (PRODUCT.md §1): XML parsing, validation and bulk
 * writes never happen on the page's thread. Exposes createSyncApi over Comlink.
 */
import { expose } from 'comlink';
import { openAppDB } from '../storage/open';
import type { SyncApi } from './protocol';
import { createSyncApi } from './api';
import { forwardWhenReady } from './forward-when-ready';
import { workerLocks } from './web-locks';
import { consoleLogger } from './logger';
import { broadcastControlChannel } from './control-channel';
import { offsetClock, SYSTEM_CLOCK } from '../domain/clock';

const log = consoleLogger(import.meta.env.DEV);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

// The worker's clock: the system clock, moved ahead only by a test stack's clock hook (api-clock.ts).
let clockOffsetMs = 0;
const clock = offsetClock(SYSTEM_CLOCK, () => clockOffsetMs);

// Web Locks or no syncing at all: never a lock only this worker would see (web-locks.ts).
const { locks, runLock } = workerLocks(navigator.locks ?? undefined);

const apiPromise: Promise<SyncApi> = openAppDB().then((db) =>
  createSyncApi({
    db,
    fetch: (input, init) => fetch(input, init),
    now: clock.now,
    sleep,
    random: Math.random,
    newId: () => crypto.randomUUID(),
    locks,
    runLock,
    control: broadcastControlChannel(),
    repeat: (fn, ms) => {
      fn();
      setInterval(fn, ms);
    },
    log,
    setClockOffset: (offsetMs) => {
      clockOffsetMs = offsetMs;
    },
  }),
);

/** Each call waits for the database to open, so the page can call the API immediately. */
expose(forwardWhenReady(apiPromise));
