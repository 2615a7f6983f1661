// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { emptyCounts } from '../../src/domain/runs';
import { ok } from '../../src/domain/result';
import { beginConnect } from '../../src/app/connect';
import { PENDING_AUTHORIZATION_KEY, takePendingAuthorization } from '../../src/app/pending-authorization';
import { REVOKE_OBJECT_URL_AFTER_MS } from '../../src/app/download';
import { errorHelp } from '../../src/app/error-help';
import { run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { CONNECTED, fakeApi, openTestDb, renderApp, testServices, UI_WAIT_MS, wireError } from './support/harness';
import { rid, tid } from '../support/ids';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  window.sessionStorage.clear();
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
  await destroy(db);
});

describe('Sync page: not connected', () => {
  it('offers "Connect to Xero Practice Manager" with the XPM permission steps', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/sync');
    const button = await screen.findByRole('button', { name: 'Connect to Xero Practice Manager' });
    expect(screen.getByText('How an XPM administrator grants that permission')).toBeTruthy();
    fireEvent.click(button);
    await waitFor(() => expect(api.beginAuthorization).toHaveBeenCalledWith('http://localhost:3000/callback'));
  });

  it('connecting stores the pending authorization in this tab, then leaves for Xero', async () => {
    const api = fakeApi();
    const assign = vi.fn<(url: string) => void>();
    const services = testServices(db, api);
    const result = await beginConnect(services, { origin: 'http://app.test', storage: window.sessionStorage, assign });
    expect(result.ok).toBe(true);
    expect(api.beginAuthorization).toHaveBeenCalledWith('http://app.test/callback');
    expect(assign).toHaveBeenCalledWith('http://127.0.0.1:4175/identity/connect/authorize?x=1');
    expect(window.sessionStorage.getItem(PENDING_AUTHORIZATION_KEY)).not.toBeNull();
    expect(takePendingAuthorization(window.sessionStorage)?.redirectUri).toBe('http://app.test/callback');
  });

  it('a failure to start is explained and nothing is stored', async () => {
    const assign = vi.fn<(url: string) => void>();
    const api = fakeApi({ beginAuthorization: async () => ({ ok: false, error: wireError('network/failed') }) });
    const result = await beginConnect(testServices(db, api), {
      origin: 'http://app.test',
      storage: window.sessionStorage,
      assign,
    });
    expect(result.ok).toBe(false);
    expect(assign).not.toHaveBeenCalled();
    expect(window.sessionStorage.length).toBe(0);
  });
});

describe('Sync page: connected', () => {
  it('after "Later", a Start sync button stays until the first sync has started (and the shell prompts elsewhere)', async () => {
    await writeConnection(db, { ...CONNECTED, firstSyncStarted: false });
    const api = fakeApi({ runSync: () => new Promise(() => undefined) });
    const { history } = renderApp(testServices(db, api), '/');
    await screen.findByText('The first sync has not started.');
    fireEvent.click(screen.getByRole('link', { name: 'Go to Sync' }));
    await waitFor(() => expect(history.get()).toBe('/sync'));
    const start = await screen.findByRole('button', { name: 'Start sync' });
    expect(screen.queryByText('The first sync has not started.')).toBeNull(); // not repeated on the Sync page
    expect(screen.queryByRole('button', { name: 'Resync Now' })).toBeNull();
    fireEvent.click(start);
    await waitFor(() => expect(api.runSync).toHaveBeenCalledWith('full', 'first'));
    await writeConnection(db, CONNECTED);
    await screen.findByRole('button', { name: 'Resync Now' });
    expect(screen.queryByRole('button', { name: 'Start sync' })).toBeNull();
  });

  it('shows a running sync’s progress from its run record, and Cancel calls cancelSync', async () => {
    await writeConnection(db, CONNECTED);
    const counts = emptyCounts();
    counts.contact.imported = 120;
    await db.runs.put(
      run('r1', {
        status: 'running',
        phase: 'downloading',
        startedAt: Date.now() - 5_000,
        heartbeatAt: Date.now(),
        bytesReceived: 2_500_000,
        bytesExpected: 10_000_000,
        clientsProcessed: 340,
        clientsRead: 812,
        counts,
        apiCalls: 3,
      }),
    );
    const api = fakeApi();
    renderApp(testServices(db, api), '/sync');
    await screen.findByText('Downloading from XPM');
    expect(screen.getByText(/2\.5 MB of 10\.0 MB received/)).toBeTruthy();
    const progress = screen.getByRole('progressbar', { name: 'Download progress' }) as HTMLProgressElement;
    expect(progress.value).toBe(2_500_000);
    expect(screen.getByTestId('clients-read').textContent).toBe('812');
    expect(screen.getByTestId('clients-saved').textContent).toBe('340');
    expect(((await screen.findByRole('button', { name: 'Resync Now' })) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel sync' }));
    await waitFor(() => expect(api.cancelSync).toHaveBeenCalledOnce());
  });

  it('progress tells the truth: the elapsed time ticks, a rate-limit wait counts down, a resumed run says so', async () => {
    await writeConnection(db, CONNECTED);
    const now = Date.now();
    await db.runs.put(
      run('r1', {
        status: 'running',
        phase: 'connecting',
        startedAt: now - 5_000,
        heartbeatAt: now,
        wait: { reason: 'rate-limit', until: now + 42_000, attempt: 2, maxAttempts: 5 },
        checkpoint: { tenantId: tid('t-1'), attempt: 2, resumedAt: [now - 1_000] },
      }),
    );
    renderApp(testServices(db, fakeApi()), '/sync');
    expect((await screen.findByTestId('run-activity')).textContent).toBe('Waiting for Xero’s rate limit');
    const wait = screen.getByTestId('run-wait');
    expect(wait.textContent).toMatch(/resumes in 0:4[123]/);
    const elapsed = screen.getByTestId('run-elapsed').textContent;
    // Both move with the clock, without any new progress from the worker.
    await waitFor(() => expect(screen.getByTestId('run-elapsed').textContent).not.toBe(elapsed), {
      timeout: UI_WAIT_MS,
    });
    await waitFor(() => expect(screen.getByTestId('run-wait').textContent).toMatch(/resumes in 0:(3\d|40)/), {
      timeout: UI_WAIT_MS,
    });
    expect(screen.getByTestId('run-resumed').textContent).toMatch(/^Resumed at /);
    // A retry says which attempt comes next.
    await db.runs.update(rid('r1'), {
      wait: { reason: 'retry', until: Date.now() + 30_000, attempt: 2, maxAttempts: 5 },
    });
    await waitFor(() => expect(screen.getByTestId('run-activity').textContent).toBe('Retrying after a failed request'));
    // Counted by the page's clock, which ticks each second: 0:29–0:31 depending on the tick.
    expect(screen.getByTestId('run-wait').textContent).toMatch(/attempt 2 of 5 in 0:(29|30|31)/);
  });

  it('summarises the last run: entities × imported/updated/unchanged/rejected/skipped/missing, API calls, day limit', async () => {
    await writeConnection(db, CONNECTED);
    const counts = emptyCounts();
    counts.contact = { imported: 1200, updated: 30, unchanged: 5, rejected: 44, skipped: 3, missing: 2 };
    counts.client = { imported: 800, updated: 0, unchanged: 0, rejected: 9, skipped: 12, missing: 0 };
    await db.runs.put(
      run('r1', {
        status: 'succeeded',
        phase: 'done',
        finishedAt: run('x').startedAt + 42_000,
        counts,
        apiCalls: 4,
        dayLimitRemaining: 4_321,
      }),
    );
    renderApp(testServices(db, fakeApi()), '/sync');
    const table = await screen.findByRole('table', { name: 'What the last sync did' });
    const contacts = within(table).getByRole('row', { name: /Contacts/ });
    expect(
      within(contacts)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['1,200', '30', '5', '44', '3', '2']);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Records', 'Imported', 'Updated', 'Unchanged', 'Not imported', 'Skipped', 'Missing in XPM']);
    expect(screen.getByText('4,321')).toBeTruthy();
    expect(screen.getByText(/took 42 s/)).toBeTruthy();
  });

  it('Download Sync Summary saves the worker’s fix-list Blob under its filename and revokes the URL afterwards', async () => {
    await writeConnection(db, CONNECTED);
    await db.runs.put(run('r1', { status: 'succeeded', phase: 'done', finishedAt: 2 }));
    const blob = new Blob(['\uFEFFrun time,entity\r\n'], { type: 'text/csv' });
    const api = fakeApi({
      fixListCsv: async () => ok({ filename: 'xpm-sync-summary-2026-01-05-0900.csv', blob, rows: 17 }),
    });
    const createObjectURL = vi.fn<(obj: Blob | MediaSource) => string>(() => 'blob:summary');
    const revokeObjectURL = vi.fn<(url: string) => void>();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: { href: string; download: string; inDocument: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inDocument: document.body.contains(this) });
    });
    renderApp(testServices(db, api), '/sync');
    const button = await screen.findByRole('button', { name: 'Download Sync Summary' });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    fireEvent.click(button);
    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    expect(api.fixListCsv).toHaveBeenCalled();
    expect(api.summaryCsv).not.toHaveBeenCalled();
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(clicked[0]).toEqual({
      href: 'blob:summary',
      download: 'xpm-sync-summary-2026-01-05-0900.csv',
      inDocument: true,
    });
    expect(document.querySelector('a[download]')).toBeNull(); // the temporary link is gone
    expect(revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REVOKE_OBJECT_URL_AFTER_MS);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:summary');
    vi.useRealTimers();
    await screen.findByText(/17 problems to fix in XPM/);
  });

  it('Disconnect asks first, explaining what happens to local data; Cancel changes nothing', async () => {
    await writeConnection(db, CONNECTED);
    const api = fakeApi();
    renderApp(testServices(db, api), '/sync');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Disconnect from Smith & Co Accountants?' });
    expect(within(dialog).getByText(/manual contact that keeps its XPM link/)).toBeTruthy();
    expect(within(dialog).getByText(/marked “disconnected”/)).toBeTruthy();
    // The page behind is inert, so only the dialog's Disconnect button is reachable.
    expect(screen.getAllByRole('button', { name: 'Disconnect' })).toHaveLength(1);
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(api.disconnect).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    const again = await screen.findByRole('alertdialog');
    fireEvent.click(within(again).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(api.disconnect).toHaveBeenCalledOnce());
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('Escape closes the dialog', async () => {
    await writeConnection(db, CONNECTED);
    renderApp(testServices(db, fakeApi()), '/sync');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('a run that storage stopped before it could record its end says it stopped, not that it is in progress', async () => {
    await writeConnection(db, CONNECTED);
    const startedAt = Date.now();
    // The worker starts the run (its record says running), then a batch cannot be saved: the disk is full,
    // so the run's end cannot be written either.
    const api = fakeApi({
      runSync: async () => {
        await db.runs.put(
          run('r1', {
            kind: 'full',
            trigger: 'manual',
            status: 'running',
            phase: 'saving',
            startedAt,
            heartbeatAt: startedAt,
          }),
        );
        return { ok: false, error: wireError('storage/quota') };
      },
    });
    renderApp(testServices(db, api), '/sync');
    fireEvent.click(await screen.findByRole('button', { name: 'Resync All' }));
    const alert = (await screen.findByText(errorHelp('storage/quota').title)).closest<HTMLElement>('[role="alert"]');
    if (alert === null) throw new Error('The storage failure is not shown as an alert.');
    const panel = await screen.findByRole('region', { name: 'Resync All stopped (Manual)' });
    expect(within(panel).getByTestId('run-stopped').textContent).toMatch(
      /this browser is out of storage space\. It could not record that it stopped .* it resumes from there by itself\./,
    );
    expect(panel.getAttribute('aria-busy')).toBe('false');
    expect(within(panel).queryByText(/has not reported progress/)).toBeNull();
    expect(within(panel).queryByTestId('run-activity')).toBeNull();
    // Dismissing the alert does not bring back "in progress": the run is still stopped.
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('region', { name: 'Resync All stopped (Manual)' })).toBeTruthy();
    // A worker takes the run up again (a newer heartbeat): its progress shows as before.
    await db.runs.update(rid('r1'), { heartbeatAt: Date.now() + 1 });
    await screen.findByRole('region', { name: 'Resync All in progress (Manual)' });
    expect(screen.queryByTestId('run-stopped')).toBeNull();
    expect(screen.getByTestId('run-activity')).toBeTruthy();
  });

  it('a storage failure is not pinned on an older run some closed tab left running', async () => {
    await writeConnection(db, CONNECTED);
    const long = Date.now() - 60 * 60_000;
    await db.runs.put(
      run('r-old', { kind: 'full', trigger: 'manual', status: 'running', startedAt: long, heartbeatAt: long }),
    );
    // The request fails before it writes any run record.
    const api = fakeApi({ runSync: async () => ({ ok: false, error: wireError('storage/quota') }) });
    renderApp(testServices(db, api), '/sync');
    await screen.findByRole('region', { name: 'Resync All in progress (Manual)' });
    fireEvent.click(await screen.findByRole('button', { name: 'Resync All' }));
    await screen.findByText(errorHelp('storage/quota').title);
    expect(api.runSync).toHaveBeenCalledOnce();
    // The old run is shown as it was: silent since its last heartbeat, not "stopped" by this failure.
    expect(screen.getByRole('region', { name: 'Resync All in progress (Manual)' })).toBeTruthy();
    expect(screen.getByText(/has not reported progress/)).toBeTruthy();
    expect(screen.queryByTestId('run-stopped')).toBeNull();
  });

  it('a storage failure that left no run running shows the alert only', async () => {
    await writeConnection(db, CONNECTED);
    await db.runs.put(run('r0', { status: 'succeeded', phase: 'done', finishedAt: 2 }));
    const api = fakeApi({ runSync: async () => ({ ok: false, error: wireError('storage/quota') }) });
    renderApp(testServices(db, api), '/sync');
    fireEvent.click(await screen.findByRole('button', { name: 'Resync All' }));
    expect((await screen.findByText(errorHelp('storage/quota').title)).closest('[role="alert"]')).not.toBeNull();
    expect(screen.queryByTestId('run-stopped')).toBeNull();
    expect(screen.queryByRole('region', { name: /stopped/ })).toBeNull();
  });

  it('a failed run shows a banner with the reason and the fix on every page but Sync (its Last sync says it)', async () => {
    await writeConnection(db, CONNECTED);
    await db.runs.put(
      run('r1', {
        status: 'failed',
        phase: 'done',
        finishedAt: 2,
        error: wireError('xml/malformed', 'The XPM response is not well-formed XML (unexpected end).'),
      }),
    );
    const { history } = renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText(`The last sync failed: ${errorHelp('xml/malformed').title}`);
    expect(screen.getByText(errorHelp('xml/malformed').whatToDo)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See the run log' })).toBeTruthy();
    history.set({ value: '/sync' });
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    expect(within(lastSync).getByText(`This sync ended early: ${errorHelp('xml/malformed').title}`)).toBeTruthy();
    expect(screen.queryByText(/The last sync failed/)).toBeNull();
    expect(screen.getAllByText(errorHelp('xml/malformed').whatToDo)).toHaveLength(1);
  });

  it('reconnect needed: a banner with Reconnect elsewhere, the explanation and Connect on the Sync page', async () => {
    await writeConnection(db, {
      ...CONNECTED,
      status: 'reconnect-needed',
      reason: 'Xero no longer accepts this connection.',
    });
    const { history } = renderApp(testServices(db, fakeApi()), '/');
    await screen.findByRole('button', { name: 'Reconnect' });
    expect(screen.getByText('Xero no longer accepts this connection.')).toBeTruthy();
    history.set({ value: '/sync' });
    await screen.findByRole('button', { name: 'Connect to Xero Practice Manager' });
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull();
    expect(screen.getByText(errorHelp('auth/reconnect-needed').whatToDo)).toBeTruthy();
  });
});
