/**
 * The standing fix-list end to end (issue M4 item 1, PRODUCT.md U2; M7 item 3): Download Sync Summary
 * lists the same records after the first sync and after a Resync Now that changed nothing relevant;
 * fixing 3 rejected records in XPM (the sandbox) and running Resync Now removes exactly those 3; the
 * Sync page counts them by reason, each reason opening the filtered list; Monitoring's chart and its
 * table show the fix-list's size after each run. Which records are rejected is decided from the
 * sandbox's data by the independent oracle (support/expected.ts), never by the app.
 */
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { TEST_CLOCK_HOOK, type TestClockHook } from '../../src/app/app-clock';
import { sandbox } from './support/sandbox';
import { hasLetter, identity, phone, validEmail } from './support/expected';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';
import { runs } from './support/app-db';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

type Row = Record<string, string>;

/** Download Sync Summary on the Sync page, parsed. */
async function downloadFixList(page: Page): Promise<Row[]> {
  await page.goto('/sync');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Sync Summary' }).click(),
  ]);
  const bytes = await readFile((await download.path()) ?? '');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = Papa.parse<Row>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data;
  for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@]/);
  return rows;
}

/** A row's identity and content, without the run that last saw it (a re-evaluated record gets a new one). */
function standing(row: Row): string {
  const { ['Last seen']: _lastSeen, ...rest } = row;
  return JSON.stringify(rest);
}

/**
 * A sandbox control call, sent again once if the connection it reused was closed under it (seen here
 * after a long idle gap: the sandbox closes idle keep-alive sockets). Mutations are idempotent edits.
 */
async function control<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TypeError && /fetch failed/.test(error.message))) throw error;
    return call();
  }
}

/** Ends the manual cooldown (S5) as five minutes passing would, then reloads so the page reads it. */
/** Cooldown over: the app's clock (the test stack's hook) moves past the 5-minute manual cooldown. */
async function endCooldown(page: Page): Promise<void> {
  await page.waitForFunction((hook) => hook in window, TEST_CLOCK_HOOK);
  await page.evaluate(([hook, by]) => (window as unknown as Record<string, TestClockHook>)[hook]?.advance(by), [
    TEST_CLOCK_HOOK,
    COOLDOWN_OVER_MS,
  ] as const);
}

/**
 * Presses Resync Now and waits for that run to succeed: one more stored run, all ended (the summary
 * of the previous Resync Now reads the same, so it cannot be the signal).
 */
async function resyncNow(page: Page): Promise<void> {
  const before = (await runs(page)).length;
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expect(async () => {
    const after = await runs(page);
    expect(after).toHaveLength(before + 1);
    expect(after.every((run) => run.status === 'succeeded')).toBe(true);
  }).toPass({ timeout: 30_000 });
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);
}

/** Past the manual cooldown (5 minutes), well short of the hourly sync. */
const COOLDOWN_OVER_MS = 6 * 60_000;

test('the fix-list stands across Resync Now; fixing 3 records in XPM removes exactly those 3', async ({ page }) => {
  test.setTimeout(180_000);
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const live = data.clients.filter((c) => !c.isDeleted && !c.isArchived);
  // The oracle: a contact with a valid name and email whose Mobile holds letters (a note) is rejected
  // with mobile-invalid. Only people whose name and email are unique, so no duplicate merge is involved.
  const people = live.flatMap((c) => c.contacts).filter((k) => !k.isDeleted);
  const byIdentity = new Map<string, number>();
  for (const k of people)
    byIdentity.set(identity(k.name, k.email), (byIdentity.get(identity(k.name, k.email)) ?? 0) + 1);
  const noted = people.filter(
    (k) =>
      hasLetter(k.name) &&
      validEmail(k.email) &&
      /\p{L}/u.test(k.mobile) &&
      byIdentity.get(identity(k.name, k.email)) === 1,
  );
  expect(noted.length, 'the sandbox practice has at least 3 mobiles with notes').toBeGreaterThanOrEqual(3);

  // After the first sync: every noted contact is listed, with its reason, and every row has a first-seen time.
  const first = await downloadFixList(page);
  for (const k of noted) {
    expect(first.find((r) => r['XPM id'] === k.uuid && r['Field'] === 'Mobile')?.['Reason code']).toBe(
      'mobile-invalid',
    );
  }
  const firstRun = first[0]?.['First seen'];
  expect(firstRun).toMatch(/^\d{4}-\d\d-\d\dT/);
  // Every row of one run carries that run's time.
  expect(new Set(first.map((r) => r['First seen']))).toEqual(new Set([firstRun]));
  expect(new Set(first.map((r) => r['Last seen']))).toEqual(new Set([firstRun]));

  // The Sync page counts the outstanding problems by reason; a reason opens its filtered list.
  await expect(page.getByText(`${first.length.toLocaleString('en-AU')} problems in XPM need attention`)).toBeVisible();
  const mobileRows = first.filter((r) => r['Reason code'] === 'mobile-invalid').length;
  const reasons = page.getByRole('table', { name: 'Outstanding problems by reason' });
  await expect(reasons.getByRole('row', { name: /^Mobile not valid/ })).toContainText(String(mobileRows));
  await reasons.getByRole('link', { name: 'Mobile not valid' }).click();
  await expect(page).toHaveURL(/\/sync\?reason=rejection%3Amobile-invalid#fix-list$/);
  const grid = page.getByRole('grid', { name: 'Fix-list: Mobile not valid' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(mobileRows + 1));

  // An unrelated change in XPM (a salutation), then Resync Now: the same records, first seen unchanged.
  const simple = live.find(
    (c) =>
      c.contacts.length === 1 &&
      c.contacts.every((k) => !k.isDeleted && hasLetter(k.name) && validEmail(k.email) && phone(k.mobile) === 'mobile'),
  );
  const unrelated = simple?.contacts[0];
  if (!unrelated) throw new Error('the sandbox practice has no simple client to edit');
  await control(() => sandbox.mutate({ op: 'editContact', uuid: unrelated.uuid, fields: { salutation: 'Dr' } }));
  await page.goto('/sync');
  await resyncNow(page);
  const second = await downloadFixList(page);
  expect(second.map(standing).sort()).toEqual(first.map(standing).sort());

  // Fix 3 rejected mobiles in XPM, then Resync Now: exactly those 3 rows leave.
  const fixed = noted.slice(0, 3);
  await control(() =>
    sandbox.mutate({
      ops: fixed.map((k) => ({ op: 'editContact', uuid: k.uuid, fields: { mobile: '0412 345 678' } })),
    }),
  );
  await endCooldown(page);
  await resyncNow(page);
  const third = await downloadFixList(page);
  const fixedIds = new Set(fixed.map((k) => k.uuid));
  expect(third.length).toBe(second.length - 3);
  expect(third.map(standing).sort()).toEqual(
    second
      .filter((r) => !fixedIds.has(r['XPM id'] ?? ''))
      .map(standing)
      .sort(),
  );
  console.log(
    `fix-list rows: first sync ${first.length}, unrelated Resync Now ${second.length}, 3 fixed ${third.length}`,
  );

  // Monitoring: the chart's table holds the fix-list's size after each run (newest first), and the
  // chart names each run's total on focus.
  await page.goto('/monitoring');
  const table = page.getByRole('table', { name: 'Outstanding problems by reason after each sync' });
  await page.getByText('Show the numbers as a table').first().click();
  const totals = await table.locator('tbody tr td:last-child').allTextContents();
  expect(totals.map((t) => Number(t.replace(/,/g, '')))).toEqual([third.length, second.length, first.length]);
  const chart = page.getByRole('group', { name: 'Outstanding problems by reason' });
  const bars = chart.getByRole('button');
  await expect(bars).toHaveCount(3);
  await bars.last().focus();
  await expect(page.locator('.chart-readout').first()).toContainText(`${third.length.toLocaleString('en-AU')} records`);
  await page.keyboard.press('Home');
  await expect(page.locator('.chart-readout').first()).toContainText(`${first.length.toLocaleString('en-AU')} records`);
  await expect(page.getByRole('group', { name: 'API calls per day' })).toBeVisible();
});
