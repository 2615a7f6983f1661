/**
 * A full disk, made real in Chromium: DevTools' Storage.overrideQuotaForOrigin sets the quota the
 * browser's own IndexedDB checks against, for writes from the page and from its workers alike.
 *
 * Chromium does not ask the quota manager on every write: after one answer it lets writes through
 * against that cached free space for up to 30 seconds (BucketContext::kBucketSpaceCacheTimeLimit,
 * measured here at 30.0 s in Chromium 156), so a quota lowered mid-run is not seen until then. A
 * write larger than the cached free space makes it ask again at once. Hence the test first caps the
 * quota (so the cached free space is small), and after lowering it writes one value larger than
 * that cap: its QuotaExceededError proves the browser now refuses every write that needs space.
 * navigator.storage.estimate() does not show the override; Storage.getUsageAndQuota does.
 */
import type { CDPSession, Page } from '@playwright/test';
import { E2E_PORTS } from './ports';

/** The quota a test starts with: ample for its store, small enough to exceed in one write. */
export const QUOTA_CAP_BYTES = 64 * 1024 * 1024;

/** A full disk: no write that needs any space fits. */
const NO_SPACE_BYTES = 1;

/** The database the probe writes to: the app's origin (so the same quota), not the app's database. */
const PROBE_DB = 'quota-probe';

/** Sets the origin's quota (bytes), or with `undefined` gives back the browser's own. */
export async function setQuota(cdp: CDPSession, bytes: number | undefined): Promise<void> {
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: E2E_PORTS.appUrl,
    ...(bytes === undefined ? {} : { quotaSize: bytes }),
  });
}

/** Creates the probe's database while there is still space (creating it needs some). */
export async function prepareProbe(page: Page): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
      }),
    PROBE_DB,
  );
}

/**
 * The disk fills up: the quota drops to nothing, and one write larger than the cap makes Chromium
 * ask the quota manager again. Returns how that write ended ('QuotaExceededError' once space is gone).
 */
export async function fillDisk(page: Page, cdp: CDPSession): Promise<string> {
  await setQuota(cdp, NO_SPACE_BYTES);
  return page.evaluate(
    ({ name, bytes }) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('probe', 'readwrite');
          tx.objectStore('probe').put(new Uint8Array(bytes), 'probe');
          tx.oncomplete = () => {
            open.result.close();
            resolve('committed');
          };
          tx.onabort = () => {
            open.result.close();
            resolve(tx.error?.name ?? 'aborted');
          };
        };
      }),
    { name: PROBE_DB, bytes: QUOTA_CAP_BYTES },
  );
}
