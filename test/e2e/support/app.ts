/** Intent-level steps through the real app and the sandbox's Xero pages, by role and label. */
import { expect, type Page } from '@playwright/test';

export const MAIN_PRACTICE = 'Harbourside Accounting';
export const ACCOUNTING_ORG = 'Harbourside Accounting Ltd (Xero)';

/**
 * From the Sync page through Xero's sign-in and consent, back to the app's practice picker.
 * Returns the callback URL Xero redirected to (with its code and state), for replay tests.
 */
export async function signInAndAllow(page: Page, organisations: readonly string[] = [MAIN_PRACTICE]): Promise<string> {
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
  await page.getByLabel('Email').fill('accountant@harbourside.example');
  await page.getByLabel('Password').fill('any password');
  await page.getByRole('button', { name: 'Log in' }).click();
  for (const name of organisations) await page.getByLabel(name, { exact: true }).check();
  const callback = page.waitForRequest(
    (request) => /\/callback\?/.test(request.url()) && request.isNavigationRequest(),
  );
  await page.getByRole('button', { name: 'Allow access' }).click();
  const url = (await callback).url();
  await expect(page).toHaveURL(/\/callback$/);
  return url;
}

/** Connects the main practice and stops at the first-sync preview. */
export async function connectToPreview(page: Page): Promise<void> {
  await signInAndAllow(page);
  await page.getByLabel(MAIN_PRACTICE).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('button', { name: 'Start sync' })).toBeVisible();
}

export async function connectAndFirstSync(page: Page): Promise<void> {
  await connectToPreview(page);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);
}

/**
 * Waits until the Sync page's "Last sync" section reports a run of this kind (e.g. /Resync All \(Manual\)/)
 * with this outcome, checked together so the previous run's summary can never satisfy it.
 */
export async function expectLastRun(page: Page, outcome: RegExp, kind?: RegExp): Promise<void> {
  const lastSync = page.getByRole('region', { name: 'Last sync', exact: true });
  const pattern = kind ? new RegExp(`${kind.source}[^·]*·\\s*${outcome.source}`) : outcome;
  await expect(lastSync).toContainText(pattern, { timeout: 30_000 });
}

/** The number of records a list page shows ("N of M contacts" → M, when unfiltered). */
export async function listTotal(page: Page, path: string, noun: string): Promise<number> {
  await page.goto(path);
  const counter = page.getByText(new RegExp(`^[\\d,]+ of [\\d,]+ ${noun}$`));
  await expect(counter).toBeVisible();
  await expect(async () => {
    const [shown, total] = ((await counter.textContent()) ?? '').match(/[\d,]+/g) ?? [];
    expect(shown).toBe(total);
    expect(Number(total?.replace(/,/g, ''))).toBeGreaterThan(0);
  }).toPass();
  const text = (await counter.textContent()) ?? '';
  return Number(text.match(/of ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Counts in the "What the last sync did" table: row (Contacts/Clients/Staff) × column. */
export async function lastRunCount(page: Page, row: 'Contacts' | 'Clients' | 'Staff', column: string): Promise<number> {
  const table = page.getByRole('table', { name: /What the last sync did/ });
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  expect(index, `column ${column} in ${headers.join('|')}`).toBeGreaterThan(0);
  const cells = await table
    .getByRole('row', { name: new RegExp(`^${row}`) })
    .getByRole('cell')
    .allTextContents();
  return Number((cells[index - 1] ?? '').replace(/,/g, ''));
}
