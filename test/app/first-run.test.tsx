// @vitest-environment jsdom
/**
 * First run: the empty Contacts, Clients and Staff pages lead somewhere — "Connect to Xero Practice
 * Manager" before a connection, a "Start sync" link to the Sync page once connected with the first
 * sync not started (Later) — and say nothing of the kind once records are there.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { NO_CONNECTION, type ConnectionInfo } from '../../src/domain/connection';
import { staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { tid } from '../support/ids';

const LATER: ConnectionInfo = {
  ...NO_CONNECTION,
  status: 'connected',
  tenantId: tid('t-1'),
  connectionId: 'c-1',
  practiceName: 'Kauri Partners',
  name: 'Kauri Partners',
  connectedAt: 1,
  firstSyncStarted: false,
};

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const PAGES = [
  ['/', 'contacts'],
  ['/clients', 'clients'],
  ['/staff', 'staff'],
] as const;

describe('first run: empty lists lead somewhere', () => {
  for (const [path, noun] of PAGES) {
    it(`${noun}: not connected → Connect to Xero Practice Manager, which starts the sign-in`, async () => {
      const api = fakeApi();
      renderApp(testServices(db, api), path);
      const first = await screen.findByTestId('first-run');
      expect(first.textContent).toContain(noun);
      const button = screen.getAllByRole('button', { name: 'Connect to Xero Practice Manager' });
      expect(button).toHaveLength(1);
      // jsdom cannot navigate away; the worker's answer is enough to see the sign-in started.
      api.beginAuthorization.mockResolvedValue({
        ok: false,
        error: { code: 'network/failed', message: 'x', retryable: true, detail: {} },
      });
      fireEvent.click(button[0] as HTMLElement);
      await waitFor(() => expect(api.beginAuthorization).toHaveBeenCalledOnce());
    });

    it(`${noun}: connected, first sync not started → a Start sync link to the Sync page`, async () => {
      await writeConnection(db, LATER);
      const { history } = renderApp(testServices(db, fakeApi()), path);
      const link = await screen.findByRole('link', { name: 'Start sync' });
      expect(screen.queryByRole('button', { name: 'Connect to Xero Practice Manager' })).toBeNull();
      expect(screen.getByTestId('first-run').textContent).toContain('Kauri Partners is connected');
      fireEvent.click(link);
      await waitFor(() => expect(history.get()).toBe('/sync'));
      await screen.findByRole('button', { name: 'Start sync' });
    });
  }

  it('once synced, an empty list offers neither', async () => {
    await writeConnection(db, { ...LATER, firstSyncStarted: true });
    renderApp(testServices(db, fakeApi()), '/clients');
    await screen.findByText('No clients yet.');
    expect(screen.queryByTestId('first-run')).toBeNull();
  });

  it('a list with records offers neither', async () => {
    await db.staff.bulkPut([staff('s1', { name: 'Pat Partner', email: 'pat@practice.com', state: 'disconnected' })]);
    renderApp(testServices(db, fakeApi()), '/staff');
    await screen.findByText('Pat Partner');
    expect(screen.queryByTestId('first-run')).toBeNull();
  });
});
