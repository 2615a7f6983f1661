/**
 * Signing in with this computer's clock off Xero's (issue M8 item 2), in Chromium against the real
 * build, proxy and sandbox. The sandbox's clock is Xero's; its control only moves it forward, so
 * these are the cases of this computer being behind.
 */
import { expect, test } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { E2E_PORTS } from './support/ports';
import { connectAndFirstSync } from './support/app';
import { watchCsp } from './support/csp';

let cspViolations: () => string[] = () => [];

async function advanceXeroClock(ms: number): Promise<void> {
  const response = await fetch(`${E2E_PORTS.sandboxUrl}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });
  expect(response.ok, `sandbox clock: HTTP ${response.status}`).toBe(true);
}

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(async () => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
  // The clock goes back with the reset, so no other spec meets a shifted Xero.
  await sandbox.reset();
});

test('45 seconds behind Xero: sign-in and the first sync work', async ({ page }) => {
  await advanceXeroClock(45_000);
  await connectAndFirstSync(page);
});

test('an hour behind Xero: a clear message to correct the clock, before Xero’s page opens', async ({ page }) => {
  await advanceXeroClock(60 * 60_000);
  await sandbox.clearRequests();
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This computer’s clock is wrong' });
  await expect(alert).toContainText('This computer’s clock is wrong');
  await expect(alert).toContainText('This computer’s clock is about 1 hour behind Xero’s');
  await expect(alert).toContainText('Correct the computer’s date, time and time zone');
  await expect(page).toHaveURL(/\/sync$/);
  const requests = await sandbox.requests();
  expect(requests.counts['authorize'] ?? 0).toBe(0);
  expect(requests.counts['token:authorization_code'] ?? 0).toBe(0);
});
