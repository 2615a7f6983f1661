/**
 * Bounded growth in Chromium against the real build, proxy and sandbox (issue M8 item 3): Settings
 * shows what each IndexedDB table holds and the browser's total; with "Keep the logs of the last
 * runs" set to 2, after more syncs only the two newest runs keep their logs, and Monitoring says the
 * older run's log was removed.
 *
 * The manual 5-minute cooldown (S5) would block repeated Resync Now, so the later runs are hourly
 * syncs: the test moves the stored due time into the past (as an hour passing would) and focuses the
 * page, which is when the app checks the schedule. Before each, the sandbox gains a client whose
 * contact has an invalid mobile, so every run logs a finding.
 */
import { expect, test, type Page } from '@playwright/test';
import { DB_NAME } from '../../src/storage/db';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';
import { startHourlySync } from './support/app-db';

/** How long one attempt to start the hourly sync waits for its run to appear. */
const KEEP = 2;

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/** Reads the page's IndexedDB: every run (id, start, logPrunedAt) and the runs that have log rows. */
function readRunsAndLogs(page: Page) {
  return page.evaluate(
    (name) =>
      new Promise<{ runs: Array<{ id: string; startedAt: number; logPrunedAt?: number }>; logged: string[] }>(
        (resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['runs', 'runLogParts'], 'readonly');
            const runs = tx.objectStore('runs').getAll();
            const parts = tx.objectStore('runLogParts').getAll();
            tx.oncomplete = () => {
              open.result.close();
              resolve({
                runs: (runs.result as Array<{ id: string; startedAt: number; logPrunedAt?: number }>).map((r) => ({
                  id: r.id,
                  startedAt: r.startedAt,
                  ...(r.logPrunedAt === undefined ? {} : { logPrunedAt: r.logPrunedAt }),
                })),
                logged: [...new Set((parts.result as Array<{ runId: string }>).map((p) => p.runId))],
              });
            };
            tx.onerror = () => reject(tx.error);
          };
        },
      ),
    DB_NAME,
  );
}

async function runHourlySyncNow(page: Page, index: number): Promise<void> {
  await sandbox.mutate({
    ops: [
      {
        op: 'addClient',
        client: { name: `Growth ${index} Pty Ltd`, clientCode: `GROW${index}`, businessStructure: 'Company' },
        contacts: [
          { contact: { name: `Mo Bile ${index}`, email: `mo${index}@growth.example`, mobile: '12' }, isPrimary: true },
        ],
      },
    ],
  });
  await startHourlySync(page);
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
}

test('Settings shows storage per table; with the logs of 2 runs kept, later syncs leave only 2 runs’ logs', async ({
  page,
}) => {
  await connectAndFirstSync(page);

  await page.goto('/settings');
  const tables = page.getByRole('table', { name: /Stored on this device, by table/ });
  await expect(tables.getByRole('row', { name: /^Contacts [\d,]+ [\d.]+ (KB|MB)$/ })).toBeVisible();
  await expect(tables.getByRole('row', { name: /^Run history 1 / })).toBeVisible();
  await expect(tables.getByRole('row', { name: /^Run logs [\d,]+ [\d.]+ (bytes|KB|MB)$/ })).toBeVisible();
  await expect(tables.getByRole('row', { name: /^All tables [\d,]+ [\d.]+ (KB|MB)$/ })).toBeVisible();
  await expect(page.getByTestId('storage-usage')).toContainText(
    /This app uses [\d.]+ (KB|MB|GB) of the [\d.]+ (MB|GB|TB)/,
  );

  const keep = page.getByRole('textbox', { name: 'Keep the logs of the last runs' });
  await keep.fill('0');
  await keep.press('Tab');
  await expect(page.getByText(/must be from 1 to 200/)).toBeVisible();
  await keep.fill(String(KEEP));
  await keep.press('Tab');
  await expect(page.getByText(/must be from 1 to 200/)).toHaveCount(0);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.goto('/sync');
  for (let i = 1; i <= 3; i++) await runHourlySyncNow(page, i);

  const { runs, logged } = await readRunsAndLogs(page);
  expect(runs).toHaveLength(4);
  const newestFirst = [...runs].sort((a, b) => b.startedAt - a.startedAt);
  const kept = newestFirst.slice(0, KEEP).map((r) => r.id);
  expect(logged.sort()).toEqual([...kept].sort());
  for (const run of newestFirst.slice(KEEP)) expect(run.logPrunedAt).toEqual(expect.any(Number));

  // Monitoring: the first sync is kept as a summary and says its log was removed.
  await page.goto('/monitoring');
  const history = page.getByRole('table', { name: /Sync runs, newest first/ });
  await history.getByRole('button').last().click();
  await expect(page.getByTestId('run-log-limits')).toContainText('This run’s log was removed on');
});
