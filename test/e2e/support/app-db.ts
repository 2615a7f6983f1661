/**
 * The app's IndexedDB read and adjusted straight from a page of the site, for what a test cannot do
 * through the UI: count rows, read run records, and remove the manual-run cooldown (S5) that tests
 * of other things would otherwise wait five minutes for.
 */
import { expect, type Page } from '@playwright/test';
import { DB_NAME } from '../../../src/storage/db';

/** Rows of a table in the app's IndexedDB. */
export function count(page: Page, store: string): Promise<number> {
  return page.evaluate(
    ({ name, store }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(store).objectStore(store).count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { name: DB_NAME, store },
  );
}

/** The app's run records, as stored. */
export function runs(page: Page): Promise<Array<{ status: string; error: { code: string; message: string } | null }>> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    DB_NAME,
  );
}

/**
 * Writes one key of the app's kv store (a value, or null to delete it) and, with `focus`, then
 * tells the page it got focus (which makes it ask the worker whether the hourly sync is due).
 */
function changeKv(page: Page, key: string, value: unknown, focus = false): Promise<void> {
  return page.evaluate(
    ({ name, key, value, focus }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          if (value === null) tx.objectStore('kv').delete(key);
          else tx.objectStore('kv').put({ key, value });
          tx.oncomplete = () => {
            open.result.close();
            if (focus) window.dispatchEvent(new Event('focus'));
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, key, value, focus },
  );
}

/** Removes the stored manual-run cooldown (S5), so Resync Now and Resync All are enabled again. */
export async function withoutCooldown(page: Page): Promise<void> {
  await changeKv(page, 'cooldown', null);
}

/** How long one attempt to start the hourly sync waits for its run to appear. */
const RUN_START_WAIT_MS = 5_000;
/** How long the attempts together may take on a loaded machine. */
const HOURLY_START_TIMEOUT_MS = 60_000;

/**
 * Makes the hourly sync due (as if an hour had passed) and focuses the page, until a new run starts.
 * Repeated because the previous run's worker call may still be finishing (it writes the next due time
 * as it ends, and the page skips a check while one is in flight); never once a new run has appeared.
 */
export async function startHourlySync(page: Page): Promise<void> {
  const before = await count(page, 'runs');
  await expect(async () => {
    if ((await count(page, 'runs')) > before) return;
    await changeKv(page, 'schedule', { nextDueAt: 0 }, true);
    await expect.poll(() => count(page, 'runs'), { timeout: RUN_START_WAIT_MS }).toBeGreaterThan(before);
  }).toPass({ timeout: HOURLY_START_TIMEOUT_MS });
}
