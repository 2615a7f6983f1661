/**
 * QUALITY.md's reliability items that involve the browser, proved in Debian's Chromium against the
 * real production build, proxy and sandbox (issue M8 item 7): Web Locks across three real tabs (4, 7),
 * the tab closed with its worker stopped in each phase of a run (1), interrupted runs settled instead
 * of resumed (S7), a revoked grant (5), hostile XML read by the real worker (6), and the strict
 * Content Security Policy on every page (12). Request counts come from the sandbox; "nothing lost"
 * compares the local store with the store a clean run in a fresh browser profile produces
 * (support/store-dump.ts).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DB_NAME } from '../../src/storage/db';
import { MAX_RUN_ATTEMPTS, RESUME_WITHIN_MS } from '../../src/sync/run/interrupted-runs';
import { sandbox } from './support/sandbox';
import { E2E_PORTS } from './support/ports';
import { connectAndFirstSync, connectToPreview, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';
import { PAGE_STATES, openPage } from './support/pages';
import { dumpStore, type StoreDump } from './support/store-dump';
import { count, runs, withoutCooldown } from './support/app-db';
import { frozen, stopWorkerAt, syncWorker, type KillPoint } from './support/worker-hooks';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/** Slow enough that the client list (about 1 MB) is still arriving when the worker is stopped. */
const SLOW_LINK_BYTES_PER_SECOND = 40_000;

function slowClientList(): Promise<unknown> {
  return sandbox.fault({ kind: 'bandwidth', bytesPerSecond: SLOW_LINK_BYTES_PER_SECOND, endpoint: 'client.api/list' });
}

let cleanStore: StoreDump | undefined;
/**
 * The store of a clean first sync over the sandbox's seeded data, made once in a fresh browser
 * profile (its own IndexedDB); leaves the sandbox reset.
 */
async function cleanRunStore(browser: Browser): Promise<StoreDump> {
  if (cleanStore === undefined) {
    const context = await browser.newContext({ baseURL: E2E_PORTS.appUrl });
    const page = await context.newPage();
    await connectAndFirstSync(page);
    cleanStore = await dumpStore(page);
    await context.close();
    await sandbox.reset();
  }
  expect(cleanStore.contacts.length).toBeGreaterThan(0);
  return cleanStore;
}

/** Clicks a button in several tabs at the same moment (each tab's click is dispatched in parallel). */
async function pressTogether(tabs: readonly Page[], name: string): Promise<void> {
  const buttons = await Promise.all(
    tabs.map(async (tab) => {
      const button = tab.getByRole('button', { name });
      await expect(button).toBeEnabled();
      return button.elementHandle();
    }),
  );
  await Promise.all(buttons.map((button) => button?.evaluate((element) => (element as HTMLElement).click())));
}

test('every page, Settings included, runs under the strict CSP with zero violations (no bypass)', async ({ page }) => {
  await connectAndFirstSync(page);
  for (const state of PAGE_STATES) await openPage(page, state);
  await page.goto('/sync');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Sync Summary' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  // The check itself works: a violation in this page is seen.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'void 0';
    document.body.append(script);
  });
  await expect.poll(() => cspViolations().length).toBeGreaterThan(0);
  // Only the one the test caused.
  expect(cspViolations().every((v) => /script-src|inline/i.test(v))).toBe(true);
  cspViolations = () => [];
});

test('three tabs with an expired access token: exactly one refresh request between them', async ({ page, context }) => {
  await connectToPreview(page);
  const second = await context.newPage();
  const third = await context.newPage();
  for (const tab of [second, third]) {
    await tab.goto('/sync');
    await expect(tab.getByRole('button', { name: 'Start sync' })).toBeVisible();
  }
  // Xero ends every access token now; each tab's worker still holds one it believes valid.
  await sandbox.fault({ kind: 'expire-tokens' });
  await sandbox.clearRequests();
  // One tab runs the sync while the other two load the preview again, all with the expired token.
  await Promise.all([page.getByRole('button', { name: 'Start sync' }).click(), second.reload(), third.reload()]);
  await expectLastRun(page, /Succeeded/);
  for (const tab of [second, third]) await expectLastRun(tab, /Succeeded/);
  const requests = await sandbox.requests();
  expect(requests.counts['token:refresh_token']).toBe(1);
  expect(await count(page, 'runs')).toBe(1);
});

test('three tabs pressing Start sync together: one run, one set of upstream requests', async ({ page, context }) => {
  await connectToPreview(page);
  const tabs = [page, await context.newPage(), await context.newPage()];
  for (const tab of tabs.slice(1)) await tab.goto('/sync');
  await sandbox.clearRequests();
  await pressTogether(tabs, 'Start sync');
  for (const tab of tabs) await expectLastRun(tab, /Succeeded/);
  const requests = await sandbox.requests();
  expect(requests.counts['client.api/list']).toBe(1);
  expect(requests.counts['staff.api/list']).toBe(1);
  expect(requests.counts['token:refresh_token'] ?? 0).toBe(0);
  expect(await count(page, 'runs')).toBe(1);
});

const KILL_POINTS: readonly KillPoint[] = ['connecting', 'downloading', 'saving', 'finishing'];

for (const point of KILL_POINTS) {
  test(`the tab closed with its worker stopped while ${point}: the next tab completes the run; the store equals a clean run’s`, async ({
    page,
    context,
    browser,
  }) => {
    const clean = await cleanRunStore(browser);
    await connectToPreview(page);
    if (point === 'downloading') await slowClientList();
    await stopWorkerAt(page, point);
    const stopped = frozen(page, point);
    await page.getByRole('button', { name: 'Start sync' }).click();
    await stopped;
    await page.close();

    const next = await context.newPage();
    cspViolations = watchCsp(next);
    await next.goto('/sync');
    // Nobody presses anything: the new tab finds the run and finishes it.
    await expectLastRun(next, /Succeeded/);
    expect(await dumpStore(next)).toEqual(clean);
    expect(await count(next, 'runs')).toBe(1);
    // The run's per-batch resume records go when it ends.
    expect(await count(next, 'runBatchOutcomes')).toBe(0);
  });
}

/** Changes the stored record of the (only) running run, from a page of the site that is not the app. */
async function editRunningRun(page: Page, change: 'a day old' | 'many attempts'): Promise<void> {
  await page.goto('/config.json');
  await page.evaluate(
    ({ name, change, dayMs, attempts }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('runs', 'readwrite');
          const store = tx.objectStore('runs');
          const all = store.getAll();
          all.onsuccess = () => {
            const running = (all.result as Array<Record<string, unknown>>).filter((run) => run['status'] === 'running');
            if (running.length !== 1) {
              reject(new Error(`expected one running run, found ${running.length}`));
              return;
            }
            const run = running[0] as Record<string, unknown> & { checkpoint: Record<string, unknown> };
            if (change === 'a day old') {
              // As if the tab had been closed a day and a minute ago.
              const shift = dayMs + 60_000;
              store.put({
                ...run,
                startedAt: (run['startedAt'] as number) - shift,
                heartbeatAt: (run['heartbeatAt'] as number) - shift,
              });
            } else {
              store.put({ ...run, checkpoint: { ...run.checkpoint, attempt: attempts } });
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, change, dayMs: RESUME_WITHIN_MS, attempts: MAX_RUN_ATTEMPTS },
  );
}

for (const [change, message] of [
  ['a day old', /interrupted more than a day ago/],
  ['many attempts', new RegExp(`interrupted ${MAX_RUN_ATTEMPTS} times`)],
] as const) {
  test(`an interrupted run ${change === 'a day old' ? 'older than a day' : `on its ${MAX_RUN_ATTEMPTS}th attempt`} is settled as interrupted, not resumed`, async ({
    page,
    context,
  }) => {
    await connectToPreview(page);
    // Stopped while no transaction of its is open, so the other page can edit the run at once.
    await stopWorkerAt(page, 'connecting');
    const stopped = frozen(page, 'connecting');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await stopped;
    const other = await context.newPage();
    await editRunningRun(other, change);
    await page.close();

    cspViolations = watchCsp(other);
    await other.goto('/monitoring');
    const row = other.getByRole('row', { name: /Interrupted/ });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('sync/interrupted');
    await expect(other.getByText(/resumed/)).toHaveCount(0);
    const settled = await runs(other);
    expect(settled.find((run) => run.status === 'abandoned')?.error?.message).toMatch(message);
  });
}

test('a revoked grant mid-run: one refresh request, then "reconnect", no retry loop', async ({ page }) => {
  await connectAndFirstSync(page);
  await withoutCooldown(page);
  // Xero ends the access token, and the refresh that follows answers invalid_grant.
  await sandbox.fault({ faults: [{ kind: 'invalid-grant' }, { kind: 'expire-tokens' }] });
  await sandbox.clearRequests();
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  const panel = page.getByRole('region', { name: 'Reconnect to Xero Practice Manager' });
  await expect(panel).toContainText('Scheduled syncs are stopped until you reconnect');
  await expect(panel.getByRole('button', { name: /Connect|Reconnect/ })).toBeVisible();
  const requests = await sandbox.requests();
  expect(requests.counts['token:refresh_token']).toBe(1);
  // The rejected call was sent once per list, never retried after the refresh failed.
  expect(requests.counts['client.api/list'] ?? 0).toBeLessThanOrEqual(1);
  expect(requests.counts['staff.api/list'] ?? 0).toBeLessThanOrEqual(1);
  expect((await runs(page)).filter((run) => run.error?.code === 'auth/reconnect-needed')).toHaveLength(1);
});

for (const fault of [{ kind: 'doctype', variant: 'billion-laughs' }, { kind: 'proto-tags' }] as const) {
  test(`hostile XML (${fault.kind}) in a real browser: a specific code, Object.prototype untouched, the page responsive`, async ({
    page,
  }) => {
    await connectAndFirstSync(page);
    const before = await dumpStore(page);
    await withoutCooldown(page);
    await sandbox.fault({ ...fault, endpoint: 'client.api/list' });
    await page.goto('/sync');
    const worker = await syncWorker(page);
    await page.getByRole('button', { name: 'Resync All' }).click();
    await expectLastRun(page, /Failed/, /Resync All/);
    const code = fault.kind === 'doctype' ? 'xml/dtd-forbidden' : 'xml/forbidden-name';
    expect((await runs(page)).filter((run) => run.error?.code === code)).toHaveLength(1);
    // Nothing leaked into the prototypes of the worker that read it, or of the page.
    const pristine = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
    const expected = await page.evaluate(pristine);
    expect(await worker.evaluate(pristine)).toBe(expected);
    expect(await worker.evaluate(() => ({}) as Record<string, unknown>)).toEqual({});
    // The page still answers: a search narrows the contacts at once.
    await page.goto('/');
    await page.getByLabel('Search contacts').fill('@');
    await expect(page.getByText(/^[\d,]+ of [\d,]+ contacts$/)).toBeVisible();
    // The fault came before any batch: the store is as it was.
    expect(await dumpStore(page)).toEqual(before);
  });
}
