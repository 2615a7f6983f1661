/**
 * QUALITY.md reliability item 8 in a real browser (issue M8 item 7): the disk fills up while a Resync
 * All of a few thousand clients is saving batch after batch. Chromium's own IndexedDB refuses the
 * worker's writes (support/quota.ts), the run fails with the app's out-of-storage message, what was
 * already stored is neither lost nor half-written, and once there is space the next run completes
 * and the store is what a clean run over the same data makes (support/store-dump.ts).
 */
import { expect, test, type Browser } from '@playwright/test';
import { addBulkClients, sandbox } from './support/sandbox';
import { E2E_PORTS } from './support/ports';
import { connectAndFirstSync } from './support/app';
import { watchCsp } from './support/csp';
import { dumpStore, type StoreDump } from './support/store-dump';
import { runs, withoutCooldown } from './support/app-db';
import { QUOTA_CAP_BYTES, fillDisk, prepareProbe, setQuota } from './support/quota';

/** Added to the 300-client e2e practice: a few thousand clients, saved in several batches of 500. */
const EXTRA_CLIENTS = 2_700;
/**
 * The client list (about 4 MB) arrives over 20 s or more: a batch commits well before the end, and
 * the disk fills while later ones are still coming.
 */
const SLOW_LINK_BYTES_PER_SECOND = 150_000;
/** A list of a few thousand clients, synced twice here and once in a clean profile, on a busy machine. */
const TEST_TIMEOUT_MS = 360_000;
/** A sync of the whole practice on a busy machine. */
const RUN_TIMEOUT_MS = 120_000;

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/** The store a first sync over the sandbox's current data makes in a fresh browser profile. */
async function cleanRunStore(browser: Browser): Promise<StoreDump> {
  const context = await browser.newContext({ baseURL: E2E_PORTS.appUrl });
  const page = await context.newPage();
  await connectAndFirstSync(page);
  const store = await dumpStore(page);
  await context.close();
  return store;
}

/** True when every item of `part` is in `whole`. */
function within(part: readonly string[], whole: readonly string[]): boolean {
  const all = new Set(whole);
  return part.every((item) => all.has(item));
}

/** How the app meets the space coming back: the same tab, left open, or the page opened again. */
const RECOVERIES = ['left open', 'reloaded'] as const;

for (const recovery of RECOVERIES) {
  test(`the disk fills up mid-run: "out of storage space", nothing lost or half-written; with space again the tab, ${recovery}, completes the run`, async ({
    page,
    context,
    browser,
  }) => {
    test.setTimeout(TEST_TIMEOUT_MS);
    const cdp = await context.newCDPSession(page);
    await setQuota(cdp, QUOTA_CAP_BYTES);
    await connectAndFirstSync(page);
    const before = await dumpStore(page);

    await addBulkClients(EXTRA_CLIENTS);
    await prepareProbe(page);
    await withoutCooldown(page);
    await sandbox.fault({ kind: 'bandwidth', bytesPerSecond: SLOW_LINK_BYTES_PER_SECOND, endpoint: 'client.api/list' });
    await page.goto('/sync');
    await page.getByRole('button', { name: 'Resync All' }).click();

    // A batch of new clients is committed before the disk fills.
    await expect
      .poll(async () => (await dumpStore(page)).clients.length, { timeout: RUN_TIMEOUT_MS })
      .toBeGreaterThan(before.clients.length);
    expect(await fillDisk(page, cdp)).toBe('QuotaExceededError');

    // The tab says what happened, in the app's words for storage/quota.
    const alert = page.getByRole('alert').filter({ hasText: 'This browser is out of storage space' });
    await expect(alert).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(alert).toContainText('The batch being saved was not written.');
    // Its progress panel says the run stopped (its record still says running: the end could not be
    // written), not that it is in progress and silent.
    const stopped = page.getByRole('region', { name: 'Resync All stopped (Manual)' });
    await expect(stopped).toContainText('this browser is out of storage space');
    await expect(stopped).toContainText('it resumes from there by itself');
    await expect(page.getByText(/has not reported progress/)).toHaveCount(0);
    // The run could not record its end either (that needs space too): it is left as interrupted.
    expect((await runs(page)).map((run) => run.status).sort()).toEqual(['running', 'succeeded']);
    const during = await dumpStore(page);

    // Space again. Nobody presses anything: the open tab's watch for interrupted runs, or opening the
    // page again, finds the run interrupted, resumes it and completes it.
    await setQuota(cdp, undefined);
    if (recovery === 'reloaded') await page.goto('/sync');
    await expect(page.getByRole('region', { name: 'Last sync', exact: true })).toContainText(
      /Resync All \(Manual\)[^·]*·\s*Succeeded \(resumed\)/,
      { timeout: RUN_TIMEOUT_MS },
    );
    expect((await runs(page)).map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
    const recovered = await dumpStore(page);

    const clean = await cleanRunStore(browser);
    // Nothing lost: everything stored before is still there. Nothing half-written: every record is
    // either as it was or as the clean run has it. Mid-way: some, not all, of the new clients.
    for (const table of ['contacts', 'clients', 'staff'] as const) {
      expect(within(before[table], during[table]), `${table}: all of before kept`).toBe(true);
      expect(within(during[table], [...before[table], ...clean[table]]), `${table}: no record unlike both`).toBe(true);
    }
    expect(during.clients.length).toBeGreaterThan(before.clients.length);
    expect(during.clients.length).toBeLessThan(clean.clients.length);
    expect(recovered).toEqual(clean);
  });
}
