// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { ok } from '../../src/domain/result';
import { contact } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';
import { putContacts } from '../storage/support/records';
import { skey } from '../support/ids';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

function openRow(name: string): HTMLElement {
  const row = within(screen.getByRole('grid', { name: 'Contacts' }))
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(name));
  if (!row) throw new Error(`no row ${name}`);
  fireEvent.click(row);
  return row;
}

describe('New contact (R8)', () => {
  it('shows each refused field’s problem beside it, keeps what was typed, then saves', async () => {
    const api = fakeApi({
      saveManualContact: async () =>
        ok({
          kind: 'invalid',
          problems: [
            { field: 'name', code: 'name-missing', message: 'Name is empty: enter the person’s full name.' },
            { field: 'mobile', code: 'mobile-not-mobile', message: 'Mobile ‘02 9876 5432’ is a landline.' },
          ],
        }),
    });
    renderApp(testServices(db, api), '/');
    fireEvent.click(await screen.findByRole('button', { name: 'New contact' }));
    const dialog = screen.getByRole('dialog', { name: 'New contact' });
    fireEvent.input(within(dialog).getByLabelText('Email'), { target: { value: 'kim@x.com' } });
    fireEvent.input(within(dialog).getByLabelText('Mobile'), { target: { value: '02 9876 5432' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await within(dialog).findByText('Name is empty: enter the person’s full name.');
    expect(within(dialog).getByText('2 fields need fixing before the contact can be saved.')).toBeTruthy();
    const name = within(dialog).getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toContain('contact-form-name-error');
    expect(within(dialog).getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
    expect((within(dialog).getByLabelText('Mobile') as HTMLInputElement).value).toBe('02 9876 5432');
    expect(api.saveManualContact).toHaveBeenCalledWith({ name: '', email: 'kim@x.com', mobile: '02 9876 5432' });

    api.saveManualContact.mockImplementation(async () =>
      ok({ kind: 'saved', contact: contact('new', { name: 'Kim Lo', state: 'manual' }) }),
    );
    fireEvent.input(name, { target: { value: 'Kim Lo' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New contact' })).toBeNull());
  });

  it('a refusal by the worker (a sync is running) is explained and the form stays open', async () => {
    const api = fakeApi({
      saveManualContact: async () => ({ ok: false, error: wireError('sync/busy', 'A sync is running.') }),
    });
    renderApp(testServices(db, api), '/');
    fireEvent.click(await screen.findByRole('button', { name: 'New contact' }));
    const dialog = screen.getByRole('dialog', { name: 'New contact' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog.querySelector('[data-error-code="sync/busy"]')).not.toBeNull());
    expect(screen.getByRole('dialog', { name: 'New contact' })).toBeTruthy();
  });
});

describe('contact panel actions (R4, R5, R8)', () => {
  it('a manual contact offers Edit and Delete; a synced one Make manual, with what the next sync does', async () => {
    await putContacts(db, [
      contact('m', { name: 'Mia Manual', state: 'manual', sourceKeys: [] }),
      contact('s', { name: 'Sam Synced' }),
    ]);
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Mia Manual');
    openRow('Mia Manual');
    let panel = await screen.findByRole('complementary', { name: 'Mia Manual' });
    expect(within(panel).getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Delete' })).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Make manual' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Remove' })).toBeNull();

    // Another row opened while the panel is open shows that row's contact (the panel used to keep the first).
    openRow('Sam Synced');
    panel = await screen.findByRole('complementary', { name: 'Sam Synced' });
    expect(screen.getAllByRole('complementary')).toHaveLength(1);
    expect(within(panel).queryByRole('button', { name: 'Edit' })).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Make manual' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Make Sam Synced manual?' });
    expect(confirm.textContent).toContain(
      'The next sync creates a new synced contact for Sam Synced (from Client of s)',
    );
  });

  it('a stale contact offers Remove, and its source no longer says the client has no valid contact', async () => {
    const api = fakeApi();
    await putContacts(db, [
      contact('k', { name: 'Kay Client', origin: 'client', stale: 'superseded', sourceKeys: [skey('k:x')] }),
    ]);
    renderApp(testServices(db, api), '/');
    await screen.findByText('Kay Client');
    openRow('Kay Client');
    const panel = await screen.findByRole('complementary', { name: 'Kay Client' });
    expect(panel.textContent).toContain('From the client’s own details');
    expect(panel.textContent).not.toContain('it has no contact with a valid name and email');
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove Kay Client?' });
    expect(confirm.textContent).toContain('nothing is changed in XPM');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(api.removeRecords).toHaveBeenCalledWith({ contacts: ['k'] }));
  });
});

describe('Remove selected (R6)', () => {
  it('appears on the list filtered to missing contacts; Select all ticks the shown rows; the confirmation states the count', async () => {
    const api = fakeApi();
    await putContacts(db, [
      contact('a', { name: 'Ann Gone', missingInXpm: true }),
      contact('b', { name: 'Ben Gone', missingInXpm: true }),
      contact('c', { name: 'Cat Here' }),
    ]);
    renderApp(testServices(db, api), '/');
    await screen.findByText('Cat Here');
    expect(screen.queryByRole('button', { name: 'Remove selected' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), { target: { value: 'missing' } });
    const removeSelected = screen.getByRole('button', { name: 'Remove selected' }) as HTMLButtonElement;
    expect(removeSelected.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Ann Gone' }));
    expect(removeSelected.disabled).toBe(false);
    fireEvent.click(screen.getByLabelText('Select all 2 shown'));
    fireEvent.click(removeSelected);
    const confirm = screen.getByRole('alertdialog', { name: 'Remove 2 contacts?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove 2 contacts' }));
    await waitFor(() => expect(api.removeRecords).toHaveBeenCalledWith({ contacts: ['a', 'b'] }));
  });
});
