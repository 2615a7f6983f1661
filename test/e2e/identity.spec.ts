/**
 * Identity from what XPM really sends (issue M11): XPM 3.0 identifies contacts and staff by an integer
 * <ID> only. Synced in that shape, every distinct person is kept (nobody merged under an empty id);
 * when the practice's answers move to 3.1 (UUIDs), a Resync All relinks the same records instead of
 * duplicating them. Expected figures come from the independent reading of the sandbox's data.
 */
import { expect, test } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { expectedFirstSync } from './support/expected';
import { connectAndFirstSync, expectLastRun, lastRunCount, listTotal } from './support/app';
import { watchCsp } from './support/csp';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(async () => {
  await sandbox.apiShape('3.1');
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

test('XPM 3.0 shape: every distinct person is kept; moving to 3.1 relinks the same records', async ({ page }) => {
  const expected = expectedFirstSync(await sandbox.data());
  await sandbox.apiShape('3.0');
  await connectAndFirstSync(page);
  expect(await lastRunCount(page, 'Contacts', 'Imported')).toBe(expected.contacts);
  expect(await lastRunCount(page, 'Staff', 'Imported')).toBe(expected.staff);
  expect(await lastRunCount(page, 'Clients', 'Imported')).toBe(expected.clients);
  expect(await listTotal(page, '/', 'contacts')).toBe(expected.contacts);

  // The integration moves to XPM 3.1: the same people now come with UUIDs.
  await sandbox.apiShape('3.1');
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync All' }).click();
  await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);
  expect(await lastRunCount(page, 'Contacts', 'Imported')).toBe(0);
  expect(await lastRunCount(page, 'Staff', 'Imported')).toBe(0);
  expect(await lastRunCount(page, 'Contacts', 'Missing in XPM')).toBe(0);
  expect(await lastRunCount(page, 'Staff', 'Missing in XPM')).toBe(0);
  expect(await listTotal(page, '/', 'contacts')).toBe(expected.contacts);
  expect(await listTotal(page, '/staff', 'staff')).toBe(expected.staff);
});
