// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection, writeSyncState } from '../../src/storage/kv';
import { NO_CONNECTION } from '../../src/domain/connection';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { emptyCounts } from '../../src/domain/runs';
import { App } from '../../src/app/App';
import { NAV_ITEMS } from '../../src/app/shell/Shell';
import { client, run, staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, TEST_CONFIG, testServices } from './support/harness';
import { tid, xcid, xsid } from '../support/ids';
import { putClients } from '../storage/support/records';
import { formatTime } from '../../src/app/format';
import { errorHelp } from '../../src/app/error-help';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

/** A run that failed an hour ago: its banner shows that a page has read the run history. */
async function putEarlierFailedRun(db: AppDB): Promise<void> {
  const earlier = Date.now() - 60 * 60_000;
  await db.runs.put(
    run('r0', {
      status: 'failed',
      startedAt: earlier,
      heartbeatAt: earlier,
      finishedAt: earlier,
      error: { code: 'network/failed', message: 'Offline.', retryable: true, detail: {} },
    }),
  );
}

describe('App boot', () => {
  it('gives the worker the config once, then shows the app', async () => {
    const api = fakeApi();
    render(() => (
      <App api={api} loadConfig={async () => ({ ok: true, config: TEST_CONFIG })} openDatabase={async () => db} />
    ));
    await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('heading', { level: 1, name: 'XPM Contact Sync' })).toBeTruthy();
    expect(api.configure).toHaveBeenCalledOnce();
    expect(api.configure).toHaveBeenCalledWith(TEST_CONFIG);
  });

  it('a bad config.json shows an error screen naming the field, and the worker is not configured', async () => {
    const api = fakeApi();
    render(() => (
      <App
        api={api}
        loadConfig={async () => ({
          ok: false,
          problem: { kind: 'field', field: 'proxyUrl', problem: 'is not an http(s) URL' },
        })}
        openDatabase={async () => db}
      />
    ));
    await screen.findByRole('heading', { name: 'The app is not configured correctly' });
    expect(screen.getByText(/“proxyUrl” is not an http\(s\) URL/)).toBeTruthy();
    expect(api.configure).not.toHaveBeenCalled();
  });

  it('a database that cannot be opened is explained', async () => {
    render(() => (
      <App
        api={fakeApi()}
        loadConfig={async () => ({ ok: true, config: TEST_CONFIG })}
        openDatabase={async () =>
          Promise.reject(new Error('The local database on this device was made by a different version.'))
        }
      />
    ));
    await screen.findByRole('heading', { name: 'The local database could not be opened' });
    expect(screen.getByText(/different version/)).toBeTruthy();
  });

  it('a worker that cannot be configured is explained in a banner', async () => {
    const api = fakeApi({
      configure: async () => ({
        ok: false,
        error: {
          code: 'input/invalid',
          message: 'config.json: "issuer" is missing or empty.',
          retryable: false,
          detail: {},
        },
      }),
    });
    render(() => (
      <App api={api} loadConfig={async () => ({ ok: true, config: TEST_CONFIG })} openDatabase={async () => db} />
    ));
    await screen.findByText(/Syncing is unavailable/);
    expect(screen.getByText('config.json: "issuer" is missing or empty.')).toBeTruthy();
  });
});

describe('Shell', () => {
  it('has a skip link, labelled navigation with every page, and marks the current page', async () => {
    renderApp(testServices(db, fakeApi()), '/staff');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(NAV_ITEMS.map((item) => item.label));
    expect(within(nav).getByRole('link', { name: 'Staff' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBeNull();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    fireEvent.click(skip);
    expect(document.activeElement?.id).toBe('main');
  });

  it('shows the connection, the last successful sync and warns when data is over 3 hours old', async () => {
    await writeConnection(db, {
      ...NO_CONNECTION,
      status: 'connected',
      tenantId: tid('t'),
      connectionId: 'c',
      practiceName: 'Smith & Co',
      name: 'Head office',
      connectedAt: 1,
      firstSyncStarted: true,
    });
    await writeSyncState(db, { ...INITIAL_SYNC_STATE, lastSuccessAt: Date.now() - 4 * 60 * 60_000 });
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Connected');
    expect(screen.getByText(/Head office/)).toBeTruthy();
    expect(screen.getByText(/Smith & Co/)).toBeTruthy();
    expect(await screen.findByText('4 hours ago')).toBeTruthy();
    expect(screen.getByText('Data is more than 3 hours old')).toBeTruthy();
    expect(screen.getByText('Sandbox')).toBeTruthy();
    await writeSyncState(db, { ...INITIAL_SYNC_STATE, lastSuccessAt: Date.now() - 60 * 60_000 });
    await waitFor(() => expect(screen.queryByText('Data is more than 3 hours old')).toBeNull());
  });

  it('says "Not connected" and "Not synced yet" on a new store', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Not connected');
    expect(screen.getByText('Not synced yet')).toBeTruthy();
  });

  it('tells the user to reload when another tab upgraded the database', async () => {
    const services = testServices(db, fakeApi());
    renderApp(services, '/');
    await screen.findByRole('navigation');
    services.setStorageNotice('version-changed');
    await screen.findByText('This app was updated in another tab.');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('shows when syncing is paused by the rate limit, in S8’s words: “paused — rate limited until 9:24 PM”', async () => {
    const until = Date.now() + 60 * 60_000;
    await writeSyncState(db, { ...INITIAL_SYNC_STATE, pausedUntil: until });
    renderApp(testServices(db, fakeApi()), '/');
    const strong = await screen.findByText(/^Syncing is paused — rate limited until /);
    expect(strong.textContent).toMatch(/^Syncing is paused — rate limited until .+\.$/);
    expect(strong.textContent).toContain(formatTime(until));
  });

  it('announces a run starting and finishing in the live region (from the run record, any tab)', async () => {
    // An earlier failed run: its banner shows that the page has read the latest run, so the run
    // started below is news to it (what was already there when the page opened is not announced).
    await putEarlierFailedRun(db);
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText(/The last sync failed/);
    await db.runs.put(
      run('r1', { status: 'running', phase: 'connecting', heartbeatAt: Date.now(), startedAt: Date.now() }),
    );
    const polite = screen.getByTestId('announcer-polite');
    await waitFor(() => expect(polite.textContent).toBe('Sync started.'));
    // Phase changes are announced; progress figures within a phase are not.
    await db.runs.put(
      run('r1', { status: 'running', phase: 'downloading', heartbeatAt: Date.now(), startedAt: Date.now() }),
    );
    await waitFor(() => expect(polite.textContent).toBe('Sync: Downloading from XPM.'));
    await db.runs.put(
      run('r1', {
        status: 'running',
        phase: 'downloading',
        bytesReceived: 5_000,
        heartbeatAt: Date.now(),
        startedAt: Date.now(),
        wait: { reason: 'rate-limit', until: Date.parse('2026-12-07T10:42:00Z'), attempt: 2, maxAttempts: 5 },
      }),
    );
    await waitFor(() => expect(polite.textContent).toMatch(/^Sync: Waiting for Xero’s rate limit; it continues at /));
    await db.runs.put(
      run('r1', {
        status: 'running',
        phase: 'downloading',
        bytesReceived: 9_000,
        heartbeatAt: Date.now(),
        startedAt: Date.now(),
        checkpoint: { tenantId: tid('t-1'), attempt: 2, resumedAt: [Date.now()] },
      }),
    );
    await waitFor(() => expect(polite.textContent).toBe('Sync resumed: it continues where it was interrupted.'));
    const counts = emptyCounts();
    counts.contact.imported = 12;
    counts.client.rejected = 2;
    await db.runs.put(
      run('r1', {
        status: 'succeeded',
        heartbeatAt: Date.now(),
        startedAt: Date.now(),
        finishedAt: Date.now(),
        counts,
      }),
    );
    await waitFor(() =>
      expect(polite.textContent).toBe('Sync finished: 12 contacts imported, 0 updated, 2 records not imported.'),
    );
  });

  it('announces a failed run once, at once, on any page — the failure banner is not a second alert', async () => {
    // An earlier failed run: its banner shows that the page has read the run history (not news itself).
    await putEarlierFailedRun(db);
    renderApp(testServices(db, fakeApi()), '/contacts');
    await screen.findByText(/The last sync failed/);
    const polite = screen.getByTestId('announcer-polite');
    const started = Date.now();
    await db.runs.put(run('r1', { status: 'running', phase: 'downloading', heartbeatAt: started, startedAt: started }));
    await waitFor(() => expect(polite.textContent).toBe('Sync started.'));
    await db.runs.put(
      run('r1', {
        status: 'failed',
        heartbeatAt: Date.now(),
        startedAt: started,
        finishedAt: Date.now(),
        error: { code: 'xml/malformed', message: 'Cut off.', retryable: true, detail: {} },
      }),
    );
    const assertive = screen.getByTestId('announcer-assertive');
    await waitFor(() => expect(assertive.textContent).toBe(`Sync failed: ${errorHelp('xml/malformed').title}.`));
    const banner = (await screen.findByText(/The last sync failed/)).closest('.banner');
    if (!(banner instanceof HTMLElement)) throw new Error('no failure banner');
    expect(banner.querySelector('[role="alert"]')).toBeNull();
    expect(banner.closest('[role="alert"]')).toBeNull();
  });

  it('announces a run that broke the connection once, saying what to do — the Reconnect banner is not a second alert', async () => {
    const connected = {
      ...NO_CONNECTION,
      status: 'connected' as const,
      tenantId: tid('t-1'),
      connectionId: 'c',
      practiceName: 'Smith & Co',
      name: 'Smith',
      connectedAt: 1,
      firstSyncStarted: true,
    };
    await writeConnection(db, connected);
    // An earlier failed run: its banner shows that the page has read the run history (not news itself).
    const earlier = Date.now() - 60 * 60_000;
    await db.runs.put(
      run('r0', {
        status: 'failed',
        startedAt: earlier,
        heartbeatAt: earlier,
        finishedAt: earlier,
        error: { code: 'network/failed', message: 'Offline.', retryable: true, detail: {} },
      }),
    );
    renderApp(testServices(db, fakeApi()), '/contacts');
    await screen.findByText(/The last sync failed/);
    const polite = screen.getByTestId('announcer-polite');
    const started = Date.now();
    await db.runs.put(run('r1', { status: 'running', phase: 'downloading', heartbeatAt: started, startedAt: started }));
    await waitFor(() => expect(polite.textContent).toBe('Sync started.'));
    const message = 'XPM refused access to this practice. Reconnect and choose the practice again.';
    await db.runs.put(
      run('r1', {
        status: 'failed',
        heartbeatAt: Date.now(),
        startedAt: started,
        finishedAt: Date.now(),
        error: { code: 'xpm/forbidden', message, retryable: false, detail: {} },
      }),
    );
    // As the worker does after such a run (C5).
    await writeConnection(db, { ...connected, status: 'reconnect-needed', reason: message });
    const help = errorHelp('xpm/forbidden');
    const assertive = screen.getByTestId('announcer-assertive');
    await waitFor(() => expect(assertive.textContent).toBe(`Sync failed: ${help.title}. ${help.whatToDo}`));
    const banner = (await screen.findByRole('button', { name: 'Reconnect' })).closest('.banner');
    if (!(banner instanceof HTMLElement)) throw new Error('no reconnect banner');
    expect(banner.getAttribute('role')).toBeNull();
    expect(banner.querySelector('[role="alert"]')).toBeNull();
    expect(banner.closest('[role="alert"]')).toBeNull();
  });
});

describe('Clients and Staff pages', () => {
  it('lists clients with code, partner and status; searches by code and partner; opens a detail with an XPM link', async () => {
    await putClients(db, [
      client('k1', { legalName: 'Acme Pty Ltd', code: 'ACM01', xpmId: xcid('5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b') }),
      client('k2', {
        legalName: 'Beta Trust',
        code: 'BET02',
        archived: true,
        partner: { staffId: xsid('s2'), name: 'Róisín Ward', email: 'roisin@p.com' },
      }),
    ]);
    renderApp(testServices(db, fakeApi()), '/clients');
    const grid = await screen.findByRole('grid', { name: 'Clients' });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(3));
    const search = screen.getByRole('searchbox', { name: 'Search clients' });
    fireEvent.input(search, { target: { value: 'roisin' } });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(2));
    expect(within(grid).getByText('Archived')).toBeTruthy();
    fireEvent.input(search, { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'active' } });
    const rows = within(grid).getAllByRole('row');
    expect(rows).toHaveLength(2);
    fireEvent.click(rows[1] as HTMLElement);
    const detail = await screen.findByRole('complementary', { name: 'Acme Pty Ltd' });
    expect(
      within(detail)
        .getByRole('link', { name: /Edit this in XPM/ })
        .getAttribute('href'),
    ).toBe(`${TEST_CONFIG.xpmWebUrl}/Client/5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b/Detail`);
  });

  it('lists staff and filters by source', async () => {
    await db.staff.bulkPut([
      staff('s1', { name: 'Pat Partner' }),
      staff('s2', { name: 'Gone Person', missingInXpm: true }),
    ]);
    renderApp(testServices(db, fakeApi()), '/staff');
    const grid = await screen.findByRole('grid', { name: 'Staff' });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(3));
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), { target: { value: 'missing' } });
    expect(
      within(grid)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toContain('Gone Persons2@practice.example.comMissing in XPM');
  });
});
