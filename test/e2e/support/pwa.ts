/** The service worker and the web app manifest, seen from a test. */
import { expect, type Page } from '@playwright/test';

/**
 * How long installing may take: the service worker precaches the whole app shell and the sync worker
 * bundle, which took over 30 s once on this 2-core machine under a load average of 17. The wait ends
 * as soon as the worker is active.
 */
const SERVICE_WORKER_INSTALL_TIMEOUT_MS = 120_000;

/** Waits until this page's service worker is activated (ready can resolve while still activating) and controls the page. */
export async function expectServiceWorkerInControl(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), {
      timeout: SERVICE_WORKER_INSTALL_TIMEOUT_MS,
    })
    .toBe('activated');
  // clientsClaim makes the new worker take this page over; if the page was loaded while it activated
  // and is still uncontrolled, it is controlled from its next load, as a user's next visit would be.
  const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  const claimed = await expect
    .poll(controlled, { timeout: CLAIM_TIMEOUT_MS })
    .toBe(true)
    .then(
      () => true,
      () => false,
    );
  if (!claimed) {
    await page.reload();
    await expect.poll(controlled, { timeout: CLAIM_TIMEOUT_MS }).toBe(true);
  }
}

/** How long an activated worker may take to claim the page it was installed from. */
const CLAIM_TIMEOUT_MS = 30_000;

/** A PNG's width and height from its IHDR chunk (bytes 16–23). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1'), 'PNG signature').toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface ManifestImage {
  readonly src: string;
  readonly sizes: string;
  readonly type: string;
  readonly purpose?: string;
  readonly form_factor?: string;
}

export interface WebAppManifest {
  readonly name: string;
  readonly short_name: string;
  readonly start_url: string;
  readonly scope: string;
  readonly display: string;
  readonly theme_color: string;
  readonly background_color: string;
  readonly icons: readonly ManifestImage[];
  readonly screenshots: readonly ManifestImage[];
}
