/**
 * Records an accountant acts on by hand (issue M4 items 3–5), end to end against the sandbox: manual
 * contacts with the sync's validation (R8), Make manual then sync (R4), and review / remove of records
 * missing in XPM with the merge hint (R5, R6). Expected figures come from the sandbox's own data read
 * independently (support/expected.ts), never from the app.
 */
import { expect, type Page, test } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { expectedFirstSync, hasLetter, identity, phone, validEmail, type PracticeData } from './support/expected';
import { connectAndFirstSync, expectLastRun, lastRunCount, listTotal } from './support/app';
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

type Client = PracticeData['clients'][number];

/** An active client whose contacts are all importable people that appear under no other client. */
function simpleClients(data: PracticeData): Client[] {
  const appearances = new Map<string, number>();
  for (const c of data.clients)
    for (const k of c.contacts) {
      const key = identity(k.name, k.email);
      appearances.set(key, (appearances.get(key) ?? 0) + 1);
    }
  return data.clients.filter(
    (c) =>
      !c.isDeleted &&
      !c.isArchived &&
      c.contacts.length >= 1 &&
      expectedFirstSync({ clients: [c], staff: data.staff }).clients === 1 &&
      c.contacts.every(
        (k) =>
          !k.isDeleted &&
          hasLetter(k.name) &&
          validEmail(k.email) &&
          phone(k.mobile) === 'mobile' &&
          appearances.get(identity(k.name, k.email)) === 1,
      ),
  );
}

const count = (n: number) => n.toLocaleString('en-AU');

/** The list's count line reads exactly "shown of total noun" (a failure prints what it read instead). */
async function expectCount(page: Page, shown: number, total: number, noun: string): Promise<void> {
  const counter = page.getByRole('status').filter({ hasText: new RegExp(`[\\d,]+ of [\\d,]+ ${noun}|Loading all`) });
  await expect(counter).toHaveText(new RegExp(`^${count(shown)} of ${count(total)} ${noun}$`));
}

test('manual contacts: New contact shows each field’s problem, then saves; Edit and Delete; name + email stay unique', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const expected = expectedFirstSync(data);
  const synced = simpleClients(data)[0]?.contacts[0];
  if (!synced) throw new Error('the sandbox practice has no simple contact');
  await page.goto('/');
  await expectCount(page, expected.contacts, expected.contacts, 'contacts');

  // Keyboard focus comes back to the control that opened a dialog (it used to be lost to <body>: the
  // page behind was still inert when the dialog gave it back), or to the list when that control went.
  const newContact = page.getByRole('button', { name: 'New contact' });
  await newContact.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'New contact' });
  await expect(form.getByLabel('Name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await expect(newContact).toBeFocused();

  await newContact.click();
  await form.getByLabel('Email').fill('jo@x.example.com; sam@x.example.com');
  await form.getByLabel('Mobile').fill('0411 111 111 (Leanne)');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Name is empty: enter the person’s full name/)).toBeVisible();
  await expect(form.getByText(/holds more than one address: keep one/)).toBeVisible();
  await expect(form.getByText(/holds text besides a phone number: enter only the number/)).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  // The default country (AU) applies: a Sydney landline is not a mobile. What was typed is kept.
  await form.getByLabel('Name').fill('Marnie Manual');
  await form.getByLabel('Email').fill('marnie@manual.example.com');
  await form.getByLabel('Mobile').fill('02 9876 5432');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/is a landline in Australia, not a mobile/)).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue('Marnie Manual');
  await form.getByLabel('Mobile').fill('0412 555 777');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await expect(newContact).toBeFocused();
  await expectCount(page, expected.contacts + 1, expected.contacts + 1, 'contacts');
  await page.getByLabel('Search contacts').fill('marnie@manual.example.com');
  const marnie = page.getByRole('row', { name: /Marnie Manual/ });
  await expect(marnie).toContainText('Manual');
  await expect(marnie).toContainText('0412 555 777');

  // R8: a synced contact already has this name and email (typed in another case and spacing).
  await page.getByRole('button', { name: 'New contact' }).click();
  await form.getByLabel('Name').fill(`  ${synced.name.toUpperCase()} `);
  await form.getByLabel('Email').fill(synced.email.trim().toUpperCase());
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/Another contact already has this name and email: .*synced from XPM/)).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(newContact).toBeFocused();
  await expectCount(page, 1, expected.contacts + 1, 'contacts');

  // Edit.
  await marnie.click();
  const panel = page.getByRole('complementary', { name: 'Marnie Manual' });
  await panel.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Marnie Manual' });
  await expect(edit.getByLabel('Mobile')).toHaveValue('+61412555777');
  await edit.getByLabel('Email').fill('marnie@edited.example.com');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Edit' })).toBeFocused();
  await expect(panel).toContainText('marnie@edited.example.com');

  // Delete, confirmed.
  await panel.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Marnie Manual?' });
  await expect(confirm).toContainText('Nothing is changed in XPM');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  // The panel loses Marnie's name as soon as the record is gone, which can be before the delete returns
  // and closes this (modal) confirmation: typing into the page behind it would not take.
  await expect(confirm).toHaveCount(0);
  await expect(panel).toHaveCount(0);
  // Its Delete button went with the panel: focus is on the list.
  await expect(page.getByRole('grid', { name: 'Contacts' })).toBeFocused();
  await page.getByLabel('Search contacts').fill('');
  await expectCount(page, expected.contacts, expected.contacts, 'contacts');
});

test('Make manual, then sync: the detached contact stays manual and its source makes a new synced contact', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  const data = await sandbox.data();
  const expected = expectedFirstSync(data);
  const person = simpleClients(data)[0]?.contacts[0];
  if (!person) throw new Error('the sandbox practice has no simple contact');
  const email = person.email.trim();

  await page.goto('/');
  await page.getByLabel('Search contacts').fill(email);
  await expectCount(page, 1, expected.contacts, 'contacts');
  await page.getByRole('grid', { name: 'Contacts' }).getByRole('row').nth(1).click();
  const panel = page.getByRole('complementary');
  await expect(panel.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Make manual' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('The next sync creates a new synced contact');
  await confirm.getByRole('button', { name: 'Make manual' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(panel).toContainText('Detached from XPM');
  await expect(panel.getByRole('button', { name: 'Edit' })).toBeVisible();

  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync Now' }).click();
  // The detach forgot the watermark, so this Resync Now lists every client (recorded as a Resync All).
  await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);
  expect(await lastRunCount(page, 'Contacts', 'Imported')).toBe(1);

  await page.goto('/');
  await page.getByLabel('Search contacts').fill(email);
  await expectCount(page, 2, expected.contacts + 1, 'contacts');
  const rows = page.getByRole('grid', { name: 'Contacts' }).getByRole('row');
  await expect(rows.filter({ hasText: 'Manual' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Synced' })).toHaveCount(1);
});

test('purge and merge clients in XPM, Resync All: review shows the merge, and Remove selected removes the missing records', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  const before = await sandbox.data();
  const expectedBefore = expectedFirstSync(before);
  const [purged, mergedAway, target] = simpleClients(before);
  if (!purged || !mergedAway || !target) throw new Error('the sandbox practice has too few simple clients');
  await sandbox.mutate({
    ops: [
      { op: 'purgeClient', uuid: purged.uuid },
      { op: 'mergeClients', source: mergedAway.uuid, target: target.uuid },
    ],
  });
  const after = await sandbox.data();
  const expectedAfter = expectedFirstSync(after);
  // Contacts whose person is no longer anywhere in XPM; the merged client's people moved to the target.
  const missingContacts = [...expectedBefore.identities].filter((id) => !expectedAfter.identities.has(id)).length;
  expect(missingContacts).toBe(purged.contacts.length);
  const movedPerson = mergedAway.contacts[0];
  if (!movedPerson) throw new Error('the merged client has no contact');

  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync All' }).click();
  await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);
  expect(await lastRunCount(page, 'Contacts', 'Missing in XPM')).toBe(missingContacts);
  expect(await lastRunCount(page, 'Clients', 'Missing in XPM')).toBe(2);

  // The review list and the moved contact's panel suggest the merge.
  await page.goto('/clients');
  await page.getByLabel('Source').selectOption({ label: 'Missing in XPM' });
  await expectCount(page, 2, expectedBefore.clients, 'clients');
  await expect(page.getByRole('row', { name: new RegExp(mergedAway.name.trim()) })).toContainText(
    `now under ${target.name.trim()}`,
  );
  await page.goto('/');
  await page.getByLabel('Search contacts').fill(movedPerson.email.trim());
  await page.getByRole('grid', { name: 'Contacts' }).getByRole('row').nth(1).click();
  await expect(page.getByRole('complementary')).toContainText(`now under ${target.name.trim()}`);
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Search contacts').fill('');

  // Contacts: Select all, Remove selected, the confirmation states the count.
  await page.getByLabel('Source').selectOption({ label: 'Missing in XPM' });
  await expectCount(page, missingContacts, expectedBefore.contacts, 'contacts');
  await page.getByLabel(`Select all ${missingContacts} shown`).check();
  await page.getByRole('button', { name: 'Remove selected' }).click();
  const noun = missingContacts === 1 ? 'contact' : 'contacts';
  const confirm = page.getByRole('alertdialog', { name: `Remove ${missingContacts} ${noun}?` });
  await expect(confirm).toContainText('nothing is changed in XPM');
  await confirm.getByRole('button', { name: `Remove ${missingContacts} ${noun}` }).click();
  await expectCount(page, 0, expectedBefore.contacts - missingContacts, 'contacts');

  // Clients: tick one, Remove selected; then the other from its panel.
  await page.goto('/clients');
  await page.getByLabel('Source').selectOption({ label: 'Missing in XPM' });
  await page.getByLabel(`Select ${purged.name.trim()}`).check();
  await page.getByRole('button', { name: 'Remove selected' }).click();
  await page
    .getByRole('alertdialog', { name: 'Remove 1 client?' })
    .getByRole('button', { name: 'Remove 1 client' })
    .click();
  await expectCount(page, 1, expectedBefore.clients - 1, 'clients');
  await page.getByRole('row', { name: new RegExp(mergedAway.name.trim()) }).click();
  await page.getByRole('complementary').getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expectCount(page, 0, expectedBefore.clients - 2, 'clients');

  // Removed, not hidden: the totals hold after a reload, and nothing is missing any more.
  expect(await listTotal(page, '/', 'contacts')).toBe(expectedBefore.contacts - missingContacts);
  expect(await listTotal(page, '/clients', 'clients')).toBe(expectedBefore.clients - 2);
});

test.describe('accessibility of the new controls (U6)', () => {
  // axe comes in as an init script (support/axe.ts), so these run under the app's strict CSP too.
  test.beforeEach(async ({ page }) => {
    await installAxe(page);
  });

  test('the New contact form with its problems shown, and a review list with tick boxes, have no serious axe violations', async ({
    page,
  }) => {
    await connectAndFirstSync(page);
    const data = await sandbox.data();
    const [purged] = simpleClients(data);
    if (!purged) throw new Error('no client to purge');
    await sandbox.mutate({ op: 'purgeClient', uuid: purged.uuid });
    await page.goto('/sync');
    await page.getByRole('button', { name: 'Resync All' }).click();
    await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);

    await page.goto('/');
    await page.getByRole('button', { name: 'New contact' }).click();
    const form = page.getByRole('dialog', { name: 'New contact' });
    await form.getByLabel('Email').fill('not an email');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText(/^Name is empty/)).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Cancel' }).click();

    await page.getByLabel('Source').selectOption({ label: 'Missing in XPM' });
    await page.getByLabel(/^Select all \d+ shown$/).check();
    await expect(page.getByRole('button', { name: 'Remove selected' })).toBeEnabled();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
