/**
 * Consistent connection state (issue M5 item 6; PRODUCT.md C1–C3, C5) in the real app: a reload at
 * any connect step resumes that step — never "The sign-in could not be completed" next to a header
 * that says "Connected"; a grant revoked in the sandbox shows "Reconnect needed" everywhere, and a
 * successful reconnect clears the banners and unlocks the buttons.
 */
import { expect, test, type Page } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, expectLastRun, MAIN_PRACTICE, signInAndAllow } from './support/app';
import { watchCsp } from './support/csp';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

const header = (page: Page) => page.locator('.header-status');
const signInFailed = (page: Page) => page.getByText('The sign-in could not be completed');

test('a reload at the practice choice and at the preview resumes that step', async ({ page }) => {
  await signInAndAllow(page);
  await expect(page.getByLabel(MAIN_PRACTICE)).toBeVisible();
  const exchanges = (await sandbox.requests()).counts['token:authorization_code'] ?? 0;

  // Reload at the practice choice: the practices again (listed from Xero with the kept tokens).
  await page.reload();
  await expect(page.getByLabel(MAIN_PRACTICE)).toBeVisible();
  await expect(signInFailed(page)).toHaveCount(0);
  await expect(header(page)).toContainText('Connecting not finished');
  expect((await sandbox.requests()).counts['token:authorization_code'] ?? 0).toBe(exchanges);
  await page.getByLabel(MAIN_PRACTICE).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('button', { name: 'Start sync' })).toBeVisible();
  await expect(header(page)).toContainText('Connected');

  // Reload at the preview: the preview again, beside "Connected", and no error.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Start sync' })).toBeVisible();
  await expect(header(page)).toContainText('Connected');
  await expect(signInFailed(page)).toHaveCount(0);
  // (The announcer's live region is an empty alert; no alert says anything.)
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);

  // Opened again once syncing: straight to the Sync page.
  await page.goto('/callback');
  await expect(page).toHaveURL(/\/sync$/);
  await expect(signInFailed(page)).toHaveCount(0);
});

test('a revoked grant: "Reconnect needed" everywhere; a reconnect clears the banners and unlocks the buttons', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  await sandbox.fault({ kind: 'revoke-grant' });
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Failed/, /Resync Now \(Manual\)/);
  await expect(header(page)).toContainText('Reconnect needed');
  await expect(page.getByRole('heading', { name: 'Reconnect to Xero Practice Manager' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resync Now' })).toHaveCount(0);
  await page.goto('/contacts');
  // Not an alert: the failed run's announcement already said it, with what to do.
  const reconnectBanner = page
    .getByRole('region', { name: 'Notices' })
    .locator('.banner')
    .filter({ has: page.getByRole('button', { name: 'Reconnect' }) });
  await expect(reconnectBanner).toBeVisible();

  // Reconnect from the banner: Xero's sign-in again, the same practice, back to syncing (no preview).
  await reconnectBanner.getByRole('button', { name: 'Reconnect' }).click();
  await page.getByLabel('Email').fill('accountant@harbourside.example');
  await page.getByLabel('Password').fill('any password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel(MAIN_PRACTICE, { exact: true }).check();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.getByLabel(MAIN_PRACTICE).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/sync$/);

  await expect(header(page)).toContainText('Connected');
  await expect(header(page)).not.toContainText('Reconnect needed');
  // No banner about the lost connection is left, on this page or another.
  await expect(page.locator('.banners').getByRole('alert')).toHaveCount(0);
  await page.goto('/contacts');
  await expect(page.locator('.banners').getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.banners').getByRole('button', { name: 'Reconnect' })).toHaveCount(0);
  await page.goto('/sync');
  const resyncNow = page.getByRole('button', { name: 'Resync Now' });
  await expect(resyncNow).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Resync All' })).toBeEnabled();
  await resyncNow.click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);
});
