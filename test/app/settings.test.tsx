// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { readSettings, writeSettings } from '../../src/storage/kv';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await db.staff.bulkPut([
    staff('s1', { name: 'Pat Partner', email: 'pat@practice.com' }),
    staff('s2', { name: 'Gone Person', email: 'gone@practice.com', missingInXpm: true }),
    staff('s3', { name: 'Old Friend', email: 'old@practice.com', state: 'disconnected' }),
  ]);
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const select = (name: RegExp | string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;
const checkbox = (name: RegExp | string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('Settings', () => {
  it('shows the stored settings (defaults on a new store)', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('combobox', { name: 'Default country for mobile numbers' });
    expect(select('Default country for mobile numbers').value).toBe('AU');
    expect(select('Default partner').value).toBe('');
    expect(checkbox('Include archived clients').checked).toBe(false);
    expect(checkbox('Rescue numbers with notes').checked).toBe(false);
    expect(checkbox('Sync every hour while the app is open').checked).toBe(true);
  });

  it('saves every change to IndexedDB at once, says "Saved", and starts no sync', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/settings');
    const country = await screen.findByRole('combobox', { name: 'Default country for mobile numbers' });
    fireEvent.change(country, { target: { value: 'NZ' } });
    await waitFor(() => expect(screen.getByText('Saved')).toBeTruthy());
    fireEvent.change(select('Default partner'), { target: { value: 'pat@practice.com' } });
    fireEvent.click(checkbox('Include archived clients'));
    fireEvent.click(checkbox('Rescue numbers with notes'));
    fireEvent.click(checkbox('Sync every hour while the app is open'));
    await waitFor(async () =>
      expect(await readSettings(db)).toEqual({
        ...DEFAULT_SETTINGS,
        defaultCountry: 'NZ',
        defaultPartnerEmail: 'pat@practice.com',
        includeArchived: true,
        rescueNumbers: true,
        scheduleEnabled: false,
      }),
    );
    fireEvent.change(select('Default partner'), { target: { value: '' } });
    await waitFor(async () => expect((await readSettings(db)).defaultPartnerEmail).toBeNull());
    expect(api.runSync).not.toHaveBeenCalled();
  });

  it('offers only synced staff as the default partner, by email', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('combobox', { name: 'Default partner' });
    await waitFor(() => expect(select('Default partner').options.length).toBe(2));
    const options = [...select('Default partner').options].map((o) => [o.value, o.textContent]);
    expect(options).toEqual([
      ['', 'None'],
      ['pat@practice.com', 'Pat Partner (pat@practice.com)'],
    ]);
  });

  it('shows the saved default partner after a reload, once the staff list has loaded', async () => {
    await writeSettings(db, { ...DEFAULT_SETTINGS, defaultPartnerEmail: 'pat@practice.com' });
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('combobox', { name: 'Default partner' });
    const optionTexts = () => [...select('Default partner').options].map((o) => o.textContent);
    await waitFor(() => expect(optionTexts()).toEqual(['None', 'Pat Partner (pat@practice.com)']));
    expect(select('Default partner').value).toBe('pat@practice.com');
    expect(select('Default partner').selectedOptions[0]?.textContent).toBe('Pat Partner (pat@practice.com)');
  });

  it('shows a saved default partner who is no longer among the synced staff as such', async () => {
    await writeSettings(db, { ...DEFAULT_SETTINGS, defaultPartnerEmail: 'gone@practice.com' });
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('combobox', { name: 'Default partner' });
    await waitFor(() => expect(select('Default partner').options.length).toBe(3));
    expect(select('Default partner').value).toBe('gone@practice.com');
    expect(select('Default partner').selectedOptions[0]?.textContent).toBe(
      'gone@practice.com (not among the synced staff)',
    );
  });

  it('follows a change made in another tab', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('checkbox', { name: 'Include archived clients' });
    await writeSettings(db, { ...DEFAULT_SETTINGS, includeArchived: true, defaultCountry: 'GB' });
    await waitFor(() => expect(checkbox('Include archived clients').checked).toBe(true));
    expect(select('Default country for mobile numbers').value).toBe('GB');
  });

  it('lists countries by name with their codes', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    const country = (await screen.findByRole('combobox', {
      name: 'Default country for mobile numbers',
    })) as HTMLSelectElement;
    const au = [...country.options].find((o) => o.value === 'AU');
    expect(au?.textContent).toBe('Australia (AU)');
    expect(country.options.length).toBeGreaterThan(200);
  });
});
