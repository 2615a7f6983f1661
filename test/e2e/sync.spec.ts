/**
 * The app end to end (issue M3): the real production build, proxy and sandbox in Debian's Chromium.
 * Expected figures come from an independent reading of the sandbox's data (support/expected.ts),
 * never from the app itself.
 */
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { sandbox } from './support/sandbox';
import { expectedFirstSync, hasLetter, identity, phone, validEmail } from './support/expected';
import {
  ACCOUNTING_ORG,
  MAIN_PRACTICE,
  connectAndFirstSync,
  connectToPreview,
  expectLastRun,
  lastRunCount,
  listTotal,
  signInAndAllow,
} from './support/app';
import { watchCsp } from './support/csp';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

test('connect, preview, first sync: the lists hold exactly what the sandbox data predicts', async ({ page }) => {
  const expected = expectedFirstSync(await sandbox.data());
  await connectToPreview(page);
  const preview = page.getByRole('table', { name: /What the first sync would import/ });
  await expect(preview.getByRole('row', { name: /^Contacts/ })).toContainText(String(expected.contacts));
  await expect(preview.getByRole('row', { name: /^Clients/ })).toContainText(String(expected.clients));
  await expect(preview.getByRole('row', { name: /^Staff/ })).toContainText(String(expected.staff));

  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);
  expect(await lastRunCount(page, 'Contacts', 'Imported')).toBe(expected.contacts);
  expect(await lastRunCount(page, 'Clients', 'Imported')).toBe(expected.clients);
  expect(await lastRunCount(page, 'Clients', 'Skipped')).toBe(expected.clientsSkipped);
  expect(await lastRunCount(page, 'Staff', 'Imported')).toBe(expected.staff);

  expect(await listTotal(page, '/', 'contacts')).toBe(expected.contacts);
  expect(await listTotal(page, '/clients', 'clients')).toBe(expected.clients);
  expect(await listTotal(page, '/staff', 'staff')).toBe(expected.staff);

  // Search narrows the contacts as you type.
  await page.goto('/');
  const someone = [...expected.identities][0]?.split('|')[1] ?? '';
  await page.getByLabel('Search contacts').fill(someone);
  await expect(page.getByText(new RegExp(`^1 of ${expected.contacts} contacts$`))).toBeVisible();
});

test('Later keeps the connection and leaves a Start sync button', async ({ page }) => {
  await connectToPreview(page);
  await page.getByRole('button', { name: 'Later' }).click();
  await page.goto('/sync');
  await expect(page.getByRole('button', { name: 'Start sync' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resync Now' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expectLastRun(page, /Succeeded/);
});

test('Resync Now shows what changed in XPM; then the cooldown holds both buttons', async ({ page }) => {
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const client = data.clients.find(
    (c) =>
      !c.isDeleted &&
      !c.isArchived &&
      c.contacts.length === 1 &&
      c.contacts.every((k) => !k.isDeleted && hasLetter(k.name) && validEmail(k.email) && phone(k.mobile) === 'mobile'),
  );
  const contact = client?.contacts[0];
  if (!client || !contact) throw new Error('the sandbox practice has no simple client to edit');
  await sandbox.mutate({
    ops: [
      { op: 'editContact', uuid: contact.uuid, fields: { name: 'Renata Renamed', mobile: '0499 111 222' } },
      {
        op: 'addClient',
        client: {
          name: 'Fresh Pty Ltd',
          clientCode: 'FRESH01',
          businessStructure: 'Company',
          accountManager: client.accountManager?.uuid ?? null,
        },
        contacts: [
          { contact: { name: 'Nina New', email: 'nina@fresh.example', mobile: '0412 345 678' }, isPrimary: true },
        ],
      },
    ],
  });
  await sandbox.clearRequests();
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);
  expect(await lastRunCount(page, 'Contacts', 'Imported')).toBe(1);
  expect(await lastRunCount(page, 'Contacts', 'Updated')).toBe(1);
  const requests = await sandbox.requests();
  expect(requests.counts['client.api/list']).toBe(1);
  expect(requests.totals.xpm).toBe(2);

  // S5: one cooldown for both buttons, with the time left on them.
  for (const name of ['Resync Now', 'Resync All']) await expect(page.getByRole('button', { name })).toBeDisabled();
  await expect(page.getByTestId('countdown-full')).toHaveText(/^[45]:\d\d$/);
  await expect(page.getByText(/Available again in/)).toBeVisible();

  await page.goto('/');
  await page.getByLabel('Search contacts').fill('Renata Renamed');
  // Shown in the national format of the default country (AU), with the stored E.164 value on hover.
  const renata = page.getByRole('row', { name: /Renata Renamed/ });
  await expect(renata).toContainText('0499 111 222');
  await expect(renata.getByTitle('+61499111222')).toHaveText('0499 111 222');
  await page.getByLabel('Search contacts').fill('nina@fresh.example');
  await expect(page.getByRole('row', { name: /Nina New/ })).toBeVisible();
});

test('Resync All marks a client purged from XPM, and its contact, as missing in XPM', async ({ page }) => {
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const expected = expectedFirstSync(data);
  // A client with one simple contact whose person appears under no other client, so the contact
  // record goes missing together with the client.
  const appearances = new Map<string, number>();
  for (const c of data.clients)
    for (const k of c.contacts)
      appearances.set(identity(k.name, k.email), (appearances.get(identity(k.name, k.email)) ?? 0) + 1);
  const victim = data.clients.find(
    (c) =>
      !c.isDeleted &&
      !c.isArchived &&
      c.contacts.length === 1 &&
      c.contacts.every(
        (k) =>
          !k.isDeleted &&
          hasLetter(k.name) &&
          validEmail(k.email) &&
          phone(k.mobile) === 'mobile' &&
          appearances.get(identity(k.name, k.email)) === 1,
      ),
  );
  const person = victim?.contacts[0];
  if (!victim || !person) throw new Error('no client to purge');
  await sandbox.mutate({ op: 'purgeClient', uuid: victim.uuid });
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync All' }).click();
  await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);
  expect(await lastRunCount(page, 'Contacts', 'Missing in XPM')).toBe(1);
  expect(await lastRunCount(page, 'Clients', 'Missing in XPM')).toBe(1);
  await page.goto('/');
  await page.getByLabel('Source').selectOption({ label: 'Missing in XPM' });
  await expect(page.getByText(new RegExp(`^1 of ${expected.contacts} contacts$`))).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(person.name) })).toBeVisible();
});

test('Download Sync Summary: a CSV of every record not imported, with reasons and fixes', async ({ page }) => {
  await connectAndFirstSync(page);
  const notImported =
    (await lastRunCount(page, 'Contacts', 'Not imported')) +
    (await lastRunCount(page, 'Clients', 'Not imported')) +
    (await lastRunCount(page, 'Staff', 'Not imported'));
  const skipped = (await lastRunCount(page, 'Contacts', 'Skipped')) + (await lastRunCount(page, 'Clients', 'Skipped'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Sync Summary' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^xpm-sync-summary-\d{8}-\d{6}\.csv$/);
  const bytes = await readFile((await download.path()) ?? '');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  expect(text).toContain('\r\n');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  // One row per failing field: at least one per record that was not imported, plus one per skip.
  expect(rows.length).toBeGreaterThanOrEqual(notImported + skipped);
  for (const row of rows) {
    expect(row['Reason code']).toMatch(/^[a-z-]+$/);
    expect(row['Suggestion']?.length ?? 0).toBeGreaterThan(10);
  }
  // A contact with a note in its mobile, straight from the sandbox's data, is listed with its reason.
  const data = await sandbox.data();
  const noted = data.clients
    .filter((c) => !c.isDeleted && !c.isArchived)
    .flatMap((c) => c.contacts)
    .find((k) => !k.isDeleted && hasLetter(k.name) && validEmail(k.email) && /\p{L}/u.test(k.mobile));
  if (!noted) throw new Error('the sandbox practice has no mobile with a note');
  const row = rows.find((r) => r['XPM id'] === noted.uuid && r['Field'] === 'Mobile');
  expect(row?.['Reason code']).toBe('mobile-invalid');
  expect(row?.['Value']).toBe(/^[=+\-@\t\r\n]/.test(noted.mobile) ? `'${noted.mobile}` : noted.mobile);
  expect(row?.['Link to XPM']).toMatch(/\/Client\/[0-9a-f-]+\/Detail$/);
  for (const r of rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@]/);
});

test('no XPM practice: the app explains the XPM permission to turn on', async ({ page }) => {
  await signInAndAllow(page, [ACCOUNTING_ORG]);
  await expect(page.getByText(/Connect third-party add-ons/).first()).toBeVisible();
  await expect(page.getByText(/Practice administration/).first()).toBeVisible();
});

test('a replayed callback is refused without a token request', async ({ page }) => {
  const callbackUrl = await signInAndAllow(page);
  await page.getByLabel(MAIN_PRACTICE).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('button', { name: 'Start sync' })).toBeVisible();
  // C1: the code and state left the address bar as soon as the callback was read.
  expect(page.url()).not.toMatch(/code=|state=/);
  const exchanges = (await sandbox.requests()).counts['token:authorization_code'] ?? 0;
  expect(exchanges).toBe(1);
  await page.goto(callbackUrl);
  await expect(page.getByText(/expired or was already used|did not match this sign-in/).first()).toBeVisible();
  expect((await sandbox.requests()).counts['token:authorization_code'] ?? 0).toBe(exchanges);
});
