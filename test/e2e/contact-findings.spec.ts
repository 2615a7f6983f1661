/**
 * What a contact's panel and row say about XPM, end to end against the sandbox: a synced contact whose
 * XPM record is now rejected keeps its last good values and says so (and what to fix in XPM); a manual
 * contact a sync takes over (R4b) has the takeover in its change history (R7). A client XPM now
 * rejects says so on the Clients page the same way.
 */
import { expect, test } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { hasLetter, phone, validEmail } from './support/expected';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { watchCsp } from './support/csp';
import { installAxe, seriousViolations } from './support/axe';

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

test('a contact whose email became invalid in XPM keeps its values, is listed under With warnings and says what to fix', async ({
  page,
}) => {
  await installAxe(page);
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const emails = new Map<string, number>();
  for (const c of data.clients)
    for (const k of c.contacts)
      emails.set(k.email.trim().toLowerCase(), (emails.get(k.email.trim().toLowerCase()) ?? 0) + 1);
  const client = data.clients.find(
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
          emails.get(k.email.trim().toLowerCase()) === 1,
      ),
  );
  const person = client?.contacts[0];
  if (!client || !person) throw new Error('the sandbox practice has no simple client to edit');
  const email = person.email.trim();
  await sandbox.mutate({ ops: [{ op: 'editContact', uuid: person.uuid, fields: { email: `${email} (old)` } }] });

  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);

  await page.goto('/');
  await page.getByLabel('Status').selectOption({ label: 'With warnings' });
  await page.getByLabel('Search contacts').fill(email);
  const row = page.getByRole('grid', { name: 'Contacts' }).getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Not updated: rejected in XPM');
  await row.click();
  const panel = page.getByRole('complementary');
  const note = panel.getByRole('region', { name: 'Not updated: XPM’s record of this contact is rejected.' });
  await expect(note).toContainText('The values shown are the last good ones a sync brought');
  await expect(note).toContainText(`${email} (old)`);
  await expect(note).toContainText('What to do:');
  await expect(note.getByRole('link', { name: /Open in XPM/ })).toBeVisible();
  // The last good email is still the contact's.
  await expect(panel.locator('dd').filter({ hasText: email }).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('a client whose partner was removed in XPM keeps its values, is listed under With warnings and says what to fix', async ({
  page,
}) => {
  const before = await sandbox.data();
  const partnerRef = before.clients.find((c) => !c.isDeleted && c.accountManager)?.accountManager;
  if (!partnerRef) throw new Error('the sandbox practice has no client with a partner');
  await sandbox.mutate({
    ops: [
      {
        op: 'addClient',
        client: {
          name: 'Rejectable Pty Ltd',
          clientCode: 'REJ01',
          businessStructure: 'Company',
          accountManager: partnerRef.uuid,
        },
      },
    ],
  });
  await connectAndFirstSync(page);
  // Imported by the first sync, with nothing to say.
  await page.goto('/clients');
  await page.getByLabel('Search clients').fill('REJ01');
  const imported = page.getByRole('grid', { name: 'Clients' }).getByRole('row').filter({ hasText: 'REJ01' });
  await expect(imported).toHaveCount(1);
  await expect(imported).not.toContainText('rejected in XPM');
  const added = (await sandbox.data()).clients.find((c) => c.clientCode === 'REJ01');
  if (!added) throw new Error('the added client is not in the sandbox');
  await sandbox.mutate({ ops: [{ op: 'editClient', uuid: added.uuid, fields: { accountManager: null } }] });

  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);

  await page.goto('/clients');
  await page.getByLabel('Status').selectOption({ label: 'With warnings' });
  await page.getByLabel('Search clients').fill('REJ01');
  const row = page.getByRole('grid', { name: 'Clients' }).getByRole('row').filter({ hasText: 'REJ01' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Not updated: rejected in XPM');
  await row.click();
  const panel = page.getByRole('complementary', { name: 'Rejectable Pty Ltd' });
  const note = panel.getByRole('region', { name: 'Not updated: XPM’s record of this client is rejected.' });
  await expect(note).toContainText('The values shown are the last good ones a sync brought');
  await expect(note).toContainText('What to do:');
  await expect(note.getByRole('link', { name: /Open in XPM/ })).toBeVisible();
  // The last good partner is still the client's.
  await expect(panel.locator('dd').filter({ hasText: partnerRef.name }).first()).toBeVisible();
});

test('a manual contact taken over by a sync (R4b) shows the takeover in its change history', async ({ page }) => {
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const partner = data.clients.find((c) => !c.isDeleted && c.accountManager)?.accountManager?.uuid ?? null;

  await page.goto('/');
  await page.getByRole('button', { name: 'New contact' }).click();
  const form = page.getByRole('dialog', { name: 'New contact' });
  await form.getByLabel('Name').fill('Tessa Takeover');
  await form.getByLabel('Email').fill('tessa@takeover.example.com');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);

  await sandbox.mutate({
    ops: [
      {
        op: 'addClient',
        client: {
          name: 'Takeover Pty Ltd',
          clientCode: 'TAKE01',
          businessStructure: 'Company',
          accountManager: partner,
        },
        contacts: [
          {
            contact: { name: 'Tessa Takeover', email: 'tessa@takeover.example.com', mobile: '0412 345 679' },
            isPrimary: true,
          },
        ],
      },
    ],
  });
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  await expectLastRun(page, /Succeeded/, /Resync Now \(Manual\)/);

  await page.goto('/');
  await page.getByLabel('Search contacts').fill('tessa@takeover.example.com');
  const row = page.getByRole('grid', { name: 'Contacts' }).getByRole('row').filter({ hasText: 'Tessa Takeover' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Synced');
  await row.click();
  const history = page.getByRole('complementary').getByRole('table');
  await expect(history.getByRole('row').filter({ hasText: 'Source' })).toContainText(/Manual\s*Synced from XPM/);
  await expect(history.getByRole('row').filter({ hasText: 'Mobile' })).toContainText('0412 345 679');
});
