/**
 * Failure notifications end to end (issue M5 item 3, PRODUCT.md S10), with two tabs of the app open:
 * three failed syncs in a row (XPM answering <Status>ERROR</Status>) → exactly one system
 * notification across both tabs, the banner on every page and the badge; a fourth failure within
 * 24 hours → no notification; a successful sync clears banner and badge.
 *
 * The first failure is a Resync Now. The manual 5-minute cooldown (S5) would block the next two, so
 * they — like the unattended failures this feature is for — are hourly syncs: the test moves the
 * stored due time into the past (the page's IndexedDB, as an hour passing would) and focuses the page,
 * which is when the app checks the schedule.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';
import { startHourlySync } from './support/app-db';

interface Observed {
  readonly tab: 'first' | 'second';
  readonly kind: 'notification' | 'badge';
  readonly value: unknown;
}

/**
 * A run that fails at once: the client list answers HTTP 200 with <Status>ERROR</Status>, an error
 * that is not retried (S9). (The sandbox's status fault is for 5xx, which are retried with backoff.)
 */
const FAIL_NEXT_RUN = {
  kind: 'status-error',
  description: 'The practice is being upgraded',
  endpoint: 'client.api/list',
} as const;

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/**
 * Records every system notification and badge change of every tab in `observed`. The page's own
 * Notification constructor and badge calls still run; the wrapper only reports them.
 */
async function observeNotifications(context: BrowserContext, first: Page, observed: Observed[]): Promise<void> {
  await context.exposeBinding('__observeNotice', ({ page }, kind: Observed['kind'], value: unknown) => {
    observed.push({ tab: page === first ? 'first' : 'second', kind, value });
  });
  await context.addInitScript(() => {
    type Observe = (kind: string, value: unknown) => void;
    const observe = (kind: string, value: unknown) =>
      void (window as unknown as { __observeNotice: Observe }).__observeNotice(kind, value);
    const Real = window.Notification;
    function Observing(title: string, options?: NotificationOptions): Notification {
      observe('notification', { title, body: options?.body ?? '' });
      return new Real(title, options);
    }
    Object.defineProperty(Observing, 'permission', { get: () => Real.permission });
    Object.assign(Observing, { requestPermission: Real.requestPermission.bind(Real), prototype: Real.prototype });
    Object.defineProperty(window, 'Notification', { value: Observing, configurable: true, writable: true });
    Object.assign(navigator, {
      setAppBadge: async (count?: number) => observe('badge', count ?? 0),
      clearAppBadge: async () => observe('badge', null),
    });
  });
}

const banner = (page: Page) => page.getByTestId('failure-streak-banner');

test('three failed syncs in a row: one notification across two tabs and the banner; a fourth: none; a success clears them', async ({
  context,
  page,
}) => {
  const observed: Observed[] = [];
  await context.grantPermissions(['notifications']);
  await observeNotifications(context, page, observed);
  const notifications = () => observed.filter((o) => o.kind === 'notification');
  const badges = (tab: Observed['tab']) =>
    observed.filter((o) => o.kind === 'badge' && o.tab === tab).map((o) => o.value);

  await connectAndFirstSync(page);

  // Settings: who is responsible (a bad email is explained and kept), and notifications on.
  await page.goto('/settings');
  await page.getByLabel('Name of the person responsible').fill('Sam Lee');
  await page.getByLabel('Name of the person responsible').press('Tab');
  const email = page.getByLabel('Email of the person responsible');
  await email.fill('sam@example');
  await email.press('Tab');
  await expect(page.getByText('The email “sam@example” ends in “@example”')).toBeVisible();
  await expect(email).toHaveValue('sam@example');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await email.fill('sam@example.com');
  await email.press('Tab');
  await expect(page.getByText(/The email “/)).toHaveCount(0);
  const notify = page.getByRole('checkbox', { name: 'Notify me when syncing keeps failing' });
  await notify.check();
  await expect(notify).toBeChecked();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  // A second tab on another page; its notifier has read the (clean) state once it clears the badge.
  const second = await context.newPage();
  await second.goto('/');
  await expect.poll(() => badges('second')).toContain(null);

  // Failure 1: Resync Now.
  await sandbox.fault(FAIL_NEXT_RUN);
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Failed/, /Resync Now \(Manual\)/);
  // Failure 2: the hourly sync (the manual cooldown does not apply to it).
  await sandbox.fault(FAIL_NEXT_RUN);
  await startHourlySync(page);
  await expectLastRun(page, /Failed/, /Resync Now \(Hourly\)/);
  await expect(banner(page)).toHaveCount(0);
  expect(notifications()).toEqual([]);

  // Failure 3: the banner in both tabs, one notification between them, the badge.
  await sandbox.fault(FAIL_NEXT_RUN);
  await startHourlySync(page);
  for (const tab of [page, second]) {
    await expect(banner(tab)).toContainText('Syncing has failed 3 times in a row.');
    await expect(banner(tab)).toContainText('The last error: XPM reported an error');
    await expect(banner(tab)).toContainText(/Last successful sync: .+\./);
    await expect(banner(tab)).toContainText('Tell Sam Lee (sam@example.com).');
  }
  // Each tab sets the badge only after deciding about the notification: both have decided.
  await expect.poll(() => [badges('first').includes(3), badges('second').includes(3)]).toEqual([true, true]);
  expect(notifications()).toHaveLength(1);
  expect(notifications()[0]?.value).toEqual({
    title: 'XPM Contact Sync: syncing has failed 3 times in a row',
    body: expect.stringMatching(
      /^XPM reported an error\. Last successful sync: .+\. .*Tell Sam Lee \(sam@example\.com\)\.$/,
    ),
  });

  // Failure 4, within 24 hours of that notification: banner and badge follow, no notification.
  await sandbox.fault(FAIL_NEXT_RUN);
  await startHourlySync(page);
  for (const tab of [page, second]) await expect(banner(tab)).toContainText('Syncing has failed 4 times in a row.');
  await expect.poll(() => [badges('first').includes(4), badges('second').includes(4)]).toEqual([true, true]);
  expect(notifications()).toHaveLength(1);

  // A successful sync clears the banner and the badge in both tabs.
  const cleared = { first: badges('first').length, second: badges('second').length };
  await startHourlySync(page);
  await expectLastRun(page, /Succeeded/, /Resync Now \(Hourly\)/);
  for (const tab of [page, second]) await expect(banner(tab)).toHaveCount(0);
  await expect
    .poll(() => [badges('first').slice(cleared.first), badges('second').slice(cleared.second)])
    .toEqual([[null], [null]]);
  expect(notifications()).toHaveLength(1);
});
