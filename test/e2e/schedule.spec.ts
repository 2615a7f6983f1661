/**
 * The hourly schedule end to end (PRODUCT.md S2, S5, S8; issue M5 item 5), in the real app with the
 * app's clock moved by the test stack's clock hook (src/app/app-clock.ts: `window.__xpmTestClock`,
 * present only because the e2e stack runs with --test-controls). Moving it moves the page's and the
 * worker's "now" together, then makes the hourly check a real wake-up makes, and resolves once that
 * check (and any run it started) has finished — so "no run happened" is a fact, not a wait.
 *
 * Only the app's clock moves; the sandbox (Xero) keeps real time, which is all a sleeping laptop's
 * app can tell apart anyway: its due times, cooldown, pauses and "data is old" are all its own clock.
 */
import { expect, test, type Page } from '@playwright/test';
import { DB_NAME } from '../../src/storage/db';
import { TEST_CLOCK_HOOK, type TestClockHook } from '../../src/app/app-clock';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/** Moves the app's clock forward and waits for the hourly check that follows (and its run). */
async function advance(page: Page, ms: number): Promise<void> {
  await page.waitForFunction((hook) => hook in window, TEST_CLOCK_HOOK);
  await page.evaluate(([hook, by]) => (window as unknown as Record<string, TestClockHook>)[hook]?.advance(by), [
    TEST_CLOCK_HOOK,
    ms,
  ] as const);
}

/** The app's "now" (system clock plus what the test moved it by). */
function appNow(page: Page): Promise<number> {
  return page.evaluate(
    (hook) => (window as unknown as Record<string, TestClockHook>)[hook]?.now() ?? 0,
    TEST_CLOCK_HOOK,
  );
}

/** The run records in the app's IndexedDB, oldest first. */
function runs(page: Page): Promise<Array<{ trigger: string; status: string; startedAt: number }>> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').getAll();
          request.onsuccess = () => {
            open.result.close();
            const all = request.result as Array<{ trigger: string; status: string; startedAt: number }>;
            resolve(
              all
                .map(({ trigger, status, startedAt }) => ({ trigger, status, startedAt }))
                .sort((a, b) => a.startedAt - b.startedAt),
            );
          };
          request.onerror = () => reject(request.error);
        };
      }),
    DB_NAME,
  );
}

/** A value of the app's key-value store (schedule, syncState, …). */
function kv<T>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(
    ([name, k]) =>
      new Promise<T | undefined>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').get(k);
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { value: T } | undefined)?.value);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [DB_NAME, key] as const,
  );
}

const scheduledRuns = async (page: Page) => (await runs(page)).filter((run) => run.trigger === 'scheduled');

test('the hourly sync runs when due, not before; after a 5-hour sleep exactly one catch-up run', async ({ page }) => {
  await connectAndFirstSync(page);
  const due = (await kv<{ nextDueAt: number }>(page, 'schedule'))?.nextDueAt ?? 0;
  expect(due - (await appNow(page))).toBeGreaterThan(HOUR - 5 * MINUTE);

  // A minute before it is due: the check finds nothing to do and sends nothing.
  await sandbox.clearRequests();
  await advance(page, due - (await appNow(page)) - MINUTE);
  expect(await scheduledRuns(page)).toEqual([]);
  expect((await sandbox.requests()).totals.all).toBe(0);

  // Two minutes later it is due: one hourly run, started after the due time.
  await advance(page, 2 * MINUTE);
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
  const hourly = await scheduledRuns(page);
  expect(hourly).toHaveLength(1);
  expect(hourly[0]?.startedAt).toBeGreaterThanOrEqual(due);

  // The laptop sleeps 5 hours. On waking: one catch-up run however often the app checks.
  await sandbox.clearRequests();
  await advance(page, 5 * HOUR);
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
  await page.evaluate(() => {
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('online'));
  });
  await advance(page, 0);
  await advance(page, MINUTE);
  expect(await scheduledRuns(page)).toHaveLength(2);
  expect((await sandbox.requests()).counts['client.api/list']).toBe(1);
  // …and the next one is an hour after the catch-up ended, not five overdue ones.
  const next = (await kv<{ nextDueAt: number }>(page, 'schedule'))?.nextDueAt ?? 0;
  expect(next - (await appNow(page))).toBeGreaterThan(HOUR - 5 * MINUTE);
});

test('a scheduled run is not held back by the manual cooldown', async ({ page }) => {
  await connectAndFirstSync(page);
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);
  await expect(page.getByTestId('countdown-incremental')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resync Now' })).toBeDisabled();

  // Every run moves the next hourly sync an hour past its end, so the clock alone never brings one
  // inside a 5-minute cooldown; the stored due time is set to now, as if it had come, instead.
  await page.evaluate(
    ([name, at]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ key: 'schedule', value: { nextDueAt: at } });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [DB_NAME, await appNow(page)] as const,
  );
  await advance(page, MINUTE);
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
  // The cooldown is still running (a scheduled run neither waits for it nor restarts it).
  await expect(page.getByTestId('countdown-incremental')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resync Now' })).toBeDisabled();
  expect(await scheduledRuns(page)).toHaveLength(1);
});

test('a daily-limit pause blocks scheduled runs and Resync until the time shown, then the next check runs', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  // Xero's daily limit: Retry-After of 3 hours, far past the 15 minutes a run waits (S8).
  await sandbox.fault({ kind: 'rate-limit', problem: 'day', retryAfter: 3 * 3600, endpoint: 'client.api/list' });
  await advance(page, HOUR + MINUTE);
  const pausedUntil = (await kv<{ pausedUntil: number | null }>(page, 'syncState'))?.pausedUntil ?? 0;
  const shown = await page.evaluate(
    // The page's own format (src/app/format.ts formatTime), in the browser's locale and zone.
    (at) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(at),
    pausedUntil,
  );
  // S8's words, for the run (Last sync and Monitoring) and for the buttons; the pause ends the same day
  // unless the test runs within 3 hours of midnight, when the date is named too.
  await expectLastRun(page, new RegExp(`Paused — rate limited until [^·]*${shown}`), /Resync Now \(Hourly\)/);
  const resyncNow = page.getByRole('button', { name: 'Resync Now' });
  const resyncAll = page.getByRole('button', { name: 'Resync All' });
  for (const button of [resyncNow, resyncAll]) {
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(new RegExp(`^Paused — rate limited until [^:]*${shown}: `));
  }
  // On the Sync page the buttons and Last sync say it; every other page has the banner.
  const banner = page.getByRole('status').filter({ hasText: 'Syncing is paused' });
  await expect(banner).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Monitoring' }).click();
  await expect(page.getByRole('cell', { name: new RegExp(`^Paused — rate limited until .*${shown}$`) })).toHaveCount(1);
  await expect(banner).toContainText(new RegExp(`Syncing is paused — rate limited until [^.]*${shown}\\.`));
  const pausedRuns = (await runs(page)).length;

  // Hourly checks during the pause (one is due every hour): nothing sent, no run recorded.
  await sandbox.clearRequests();
  await advance(page, HOUR + MINUTE);
  await advance(page, pausedUntil - (await appNow(page)) - MINUTE);
  expect((await sandbox.requests()).totals.all).toBe(0);
  expect(await runs(page)).toHaveLength(pausedRuns);
  await expect(banner).toBeVisible();

  // Past the time shown: the next check runs the hourly sync, the pause is over and Resync is back.
  await advance(page, 2 * MINUTE);
  await expect(banner).toHaveCount(0);
  await nav.getByRole('link', { name: 'Sync', exact: true }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
  expect(await runs(page)).toHaveLength(pausedRuns + 1);
  await expect(resyncNow).toBeEnabled();
  await expect(resyncAll).toBeEnabled();
});

test('the header warns that the data is old once the last successful sync is more than 3 hours ago', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  // The schedule off in Settings, so no hourly sync refreshes the data meanwhile.
  await page.goto('/settings');
  const schedule = page.getByRole('checkbox', { name: 'Sync every hour while the app is open' });
  await schedule.uncheck();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  const stale = page.getByText('Data is more than 3 hours old');
  await expect(page.getByText(/Last successful sync/)).toBeVisible();
  await expect(stale).toHaveCount(0);

  await advance(page, 3 * HOUR - MINUTE);
  await expect(page.getByText(/Last successful sync/)).toContainText(/hours? ago/);
  await expect(stale).toHaveCount(0);
  await advance(page, 2 * MINUTE);
  await expect(stale).toBeVisible();
  expect(await runs(page)).toHaveLength(1);
});
