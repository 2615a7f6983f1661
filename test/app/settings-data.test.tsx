// @vitest-environment jsdom
/**
 * Settings → Your data (U4): Export saves the worker's JSON (and each list's CSV) under its
 * filename; Erase local data asks first, naming what is deleted with the counts — records, history,
 * connection, tokens — and erases only when confirmed.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { NO_CONNECTION } from '../../src/domain/connection';
import { ok } from '../../src/domain/result';
import { contact, run, staff } from '../contracts/records';
import { putContacts } from '../storage/support/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { tid } from '../support/ids';

let db: AppDB;
let saved: string[];

beforeEach(async () => {
  db = await openTestDb();
  saved = [];
  URL.createObjectURL = vi.fn(() => 'blob:x');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await destroy(db);
});

describe('Settings → Export', () => {
  it('Export saves the JSON the worker built and says what it holds; each list has its CSV', async () => {
    const api = fakeApi({
      exportData: async () =>
        ok({
          filename: 'xpm-all-data-20261207-120000.json',
          blob: new Blob(['{}']),
          counts: { contacts: 3, clients: 2, staff: 1, changes: 0, runs: 4, runLog: 9, fixList: 5 },
        }),
    });
    renderApp(testServices(db, api), '/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Export' }));
    await screen.findByText('Saved xpm-all-data-20261207-120000.json: 3 contacts, 2 clients, 1 staff member, 4 runs.');
    expect(saved).toEqual(['xpm-all-data-20261207-120000.json']);
    for (const list of ['contacts', 'clients', 'staff'] as const) {
      fireEvent.click(screen.getByRole('button', { name: `Export ${list} as CSV` }));
      await waitFor(() => expect(api.exportListCsv).toHaveBeenCalledWith(list));
      await waitFor(() => expect(saved).toContain(`xpm-${list}.csv`));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Export the fix-list as CSV' }));
    await waitFor(() => expect(api.fixListCsv).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(saved).toContain('fix-list.csv'));
  });
});

describe('Settings → Erase local data', () => {
  beforeEach(async () => {
    await putContacts(db, [contact('a'), contact('b')]);
    await db.staff.bulkPut([staff('s1', { name: 'Pat Partner', email: 'pat@practice.com' })]);
    await writeConnection(db, {
      ...NO_CONNECTION,
      status: 'connected',
      tenantId: tid('t-1'),
      connectionId: 'c-1',
      practiceName: 'Harbourside Accounting',
      name: 'Harbourside',
      connectedAt: 1,
      firstSyncStarted: true,
    });
  });

  it('names what will be deleted — records, history, connection, tokens — and Cancel erases nothing', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Erase local data' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Erase all local data?' });
    const list = within(dialog).getByTestId('erase-list').textContent ?? '';
    expect(list).toContain('records: 2 contacts, 0 clients and 1 staff member');
    expect(list).toContain('history: 0 sync runs');
    expect(list).toContain('connection: the connection to Harbourside Accounting');
    expect(list).toContain('tokens: the stored Xero sign-in');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(api.eraseLocalData).not.toHaveBeenCalled();
  });

  it('one run is “1 sync run with its log”, not “with their logs”', async () => {
    await db.runs.put(run('r1', { status: 'succeeded', finishedAt: 2 }));
    renderApp(testServices(db, fakeApi()), '/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Erase local data' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Erase all local data?' });
    await waitFor(() =>
      expect(within(dialog).getByTestId('erase-list').textContent).toContain('history: 1 sync run with its log,'),
    );
  });

  it('Erase everything calls the worker and says how to start again', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Erase local data' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Erase all local data?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase everything' }));
    await waitFor(() => expect(api.eraseLocalData).toHaveBeenCalledOnce());
    await screen.findByText(/Local data erased/);
    expect(screen.getByRole('link', { name: /connect to Xero Practice Manager on the Sync page/ })).toBeTruthy();
  });
});
