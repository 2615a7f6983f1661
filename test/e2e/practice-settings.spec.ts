/**
 * M4 end to end: the practice guard (C4), Settings' export and erase and the default partner (U4),
 * and the first-run buttons — the real build, proxy and sandbox in Chromium. Expected counts come
 * from an independent reading of the sandbox's data (support/expected.ts), never from the app.
 */
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { sandbox } from './support/sandbox';
import { E2E_PORTS } from './support/ports';
import { expectedFirstSync, type Expected, type PracticeData } from './support/expected';
import {
  MAIN_PRACTICE,
  connectAndFirstSync,
  connectToPreview,
  expectLastRun,
  listTotal,
  signInAndAllow,
} from './support/app';
import { watchCsp } from './support/csp';

const KAURI = 'Kauri Partners';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/** The sandbox data of a practice by name (the test controls' `data?tenant=`). */
async function practiceData(name: string): Promise<PracticeData> {
  const response = await fetch(`${E2E_PORTS.sandboxUrl}/__sandbox/data?tenant=${encodeURIComponent(name)}`);
  expect(response.ok).toBe(true);
  return (await response.json()) as PracticeData;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The "N of M contacts" counter with the Source filter set to `source`: N. */
async function shownWithSource(
  page: Page,
  path: string,
  noun: string,
  filterId: string,
  source: string,
): Promise<number> {
  await page.goto(path);
  await page.locator(`#${filterId}`).selectOption({ label: source });
  const counter = page.getByText(new RegExp(`^[\\d,]+ of [\\d,]+ ${noun}$`));
  await expect(counter).toBeVisible();
  return Number(((await counter.textContent()) ?? '').match(/^([\d,]+)/)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Harbourside synced, disconnected, then Kauri Partners chosen: stops at the confirmation. */
async function switchToKauri(page: Page, harbourside: Expected): Promise<void> {
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('button', { name: 'Connect to Xero Practice Manager' })).toBeVisible();
  // The Disconnect button went with the connection: keyboard focus is on the page's heading.
  await expect(page.getByRole('heading', { level: 2, name: 'Sync' })).toBeFocused();
  await signInAndAllow(page, [MAIN_PRACTICE, KAURI]);
  await page.getByLabel(KAURI, { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: `Connect ${KAURI} instead of ${MAIN_PRACTICE}?` })).toBeVisible();
  await expect(
    page.getByText(`${count(harbourside.contacts)} contacts, ${count(harbourside.clients)} clients`),
  ).toBeVisible();
  await expect(page.getByRole('radio', { name: /Keep them as manual records/ })).toBeChecked();
}

async function finishKauri(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Connect ${KAURI}` }).click();
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);
}

test('switch practice, keep: Harbourside’s records stay as manual ones marked with their practice beside Kauri’s', async ({
  page,
}) => {
  const harbourside = expectedFirstSync(await practiceData(MAIN_PRACTICE));
  const kauri = expectedFirstSync(await practiceData(KAURI));
  await connectAndFirstSync(page);
  await switchToKauri(page, harbourside);
  await finishKauri(page);

  expect(await listTotal(page, '/', 'contacts')).toBe(harbourside.contacts + kauri.contacts);
  expect(await listTotal(page, '/clients', 'clients')).toBe(harbourside.clients + kauri.clients);
  expect(await listTotal(page, '/staff', 'staff')).toBe(harbourside.staff + kauri.staff);
  expect(await shownWithSource(page, '/', 'contacts', 'contacts-source', 'Manual')).toBe(harbourside.contacts);
  expect(await shownWithSource(page, '/', 'contacts', 'contacts-source', 'Synced')).toBe(kauri.contacts);
  expect(await shownWithSource(page, '/clients', 'clients', 'clients-source', 'Disconnected')).toBe(
    harbourside.clients,
  );
  // Each row names its practice.
  await page.goto('/');
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(grid.locator('.practice-of', { hasText: MAIN_PRACTICE }).first()).toBeVisible();
  await page.locator('#contacts-source').selectOption({ label: 'Synced' });
  await expect(grid.locator('.practice-of', { hasText: KAURI }).first()).toBeVisible();
  await expect(grid.locator('.practice-of', { hasText: MAIN_PRACTICE })).toHaveCount(0);
});

test('switch practice, erase: only Kauri’s records remain', async ({ page }) => {
  const harbourside = expectedFirstSync(await practiceData(MAIN_PRACTICE));
  const kauri = expectedFirstSync(await practiceData(KAURI));
  await connectAndFirstSync(page);
  await switchToKauri(page, harbourside);
  await page.getByRole('radio', { name: /Erase them/ }).check();
  await finishKauri(page);

  expect(await listTotal(page, '/', 'contacts')).toBe(kauri.contacts);
  expect(await listTotal(page, '/clients', 'clients')).toBe(kauri.clients);
  expect(await listTotal(page, '/staff', 'staff')).toBe(kauri.staff);
  await page.goto('/');
  await expect(page.locator('.practice-of')).toHaveCount(0);
});

test('Export: the JSON holds every record count the sandbox predicts; each list’s CSV one row per record', async ({
  page,
}) => {
  const expected = expectedFirstSync(await sandbox.data());
  await connectAndFirstSync(page);
  await page.goto('/settings');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^xpm-all-data-\d{8}-\d{6}\.json$/);
  const exported = JSON.parse(await readFile(await file.path(), 'utf8')) as {
    format: string;
    counts: Record<string, number>;
    contacts: unknown[];
    clients: unknown[];
    staff: unknown[];
    runs: unknown[];
    runLog: unknown[];
    fixList: unknown[];
  };
  expect(exported.format).toBe('xpm-contact-sync-export');
  expect(exported.counts).toMatchObject({
    contacts: expected.contacts,
    clients: expected.clients,
    staff: expected.staff,
    runs: 1,
  });
  expect(exported.contacts).toHaveLength(expected.contacts);
  expect(exported.clients).toHaveLength(expected.clients);
  expect(exported.staff).toHaveLength(expected.staff);
  expect(exported.runLog).toHaveLength(exported.counts['runLog'] ?? -1);
  expect(exported.fixList).toHaveLength(exported.counts['fixList'] ?? -1);
  await expect(page.getByRole('status').filter({ hasText: /^Saved xpm-all-data/ })).toContainText(
    `${count(expected.contacts)} contacts`,
  );

  for (const [list, records] of [
    ['contacts', expected.contacts],
    ['clients', expected.clients],
    ['staff', expected.staff],
  ] as const) {
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${list} as CSV` }).click();
    const csv = await csvDownload;
    const text = await readFile(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1).trimEnd(), { newline: '\r\n' }).data;
    expect(rows.length - 1, list).toBe(records);
  }
});

test('Erase local data leaves an empty app that offers to connect, and can connect and sync again', async ({
  page,
}) => {
  const expected = expectedFirstSync(await sandbox.data());
  await connectAndFirstSync(page);
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Erase local data' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Erase all local data?' });
  await expect(dialog).toContainText(`records: ${count(expected.contacts)} contacts`);
  await expect(dialog).toContainText('history: 1 sync run');
  await expect(dialog).toContainText(`connection: the connection to ${MAIN_PRACTICE}`);
  await expect(dialog).toContainText('tokens: the stored Xero sign-in');
  await dialog.getByRole('button', { name: 'Erase everything' }).click();
  await expect(page.getByText(/^Local data erased\. To start again/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Erase local data' })).toBeFocused();

  for (const path of ['/', '/clients', '/staff']) {
    await page.goto(path);
    await expect(
      page.getByTestId('first-run').getByRole('button', { name: 'Connect to Xero Practice Manager' }),
    ).toBeVisible();
  }
  await page.goto('/monitoring');
  await expect(page.getByText('No syncs have run yet.')).toBeVisible();

  await connectAndFirstSync(page);
  expect(await listTotal(page, '/', 'contacts')).toBe(expected.contacts);
});

test('first run: empty lists offer Connect; after Later, a Start sync link to the Sync page', async ({ page }) => {
  for (const path of ['/', '/clients', '/staff']) {
    await page.goto(path);
    // On the first screen, not below the empty grid.
    await expect(
      page.getByTestId('first-run').getByRole('button', { name: 'Connect to Xero Practice Manager' }),
    ).toBeInViewport();
  }
  await page.goto('/');
  await page.getByTestId('first-run').getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();

  await connectToPreview(page);
  await page.getByRole('button', { name: 'Later' }).click();
  for (const path of ['/', '/clients', '/staff']) {
    await page.goto(path);
    const first = page.getByTestId('first-run');
    await expect(first.getByRole('link', { name: 'Start sync' })).toBeVisible();
    await expect(first.getByRole('button', { name: 'Connect to Xero Practice Manager' })).toHaveCount(0);
  }
  await page.getByTestId('first-run').getByRole('link', { name: 'Start sync' }).click();
  await expect(page).toHaveURL(/\/sync$/);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);
  await page.goto('/');
  await expect(page.getByTestId('first-run')).toHaveCount(0);
});

test('the saved default partner survives a reload', async ({ page }) => {
  await connectAndFirstSync(page);
  await page.goto('/settings');
  const partner = page.getByLabel('Default partner');
  const options = partner.locator('option');
  await expect(options.nth(1)).toBeAttached();
  const value = (await options.nth(1).getAttribute('value')) ?? '';
  expect(value).toContain('@');
  await partner.selectOption(value);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Default partner')).toHaveValue(value);
  await page.goto('/');
  await page.goto('/settings');
  await expect(page.getByLabel('Default partner')).toHaveValue(value);
});
