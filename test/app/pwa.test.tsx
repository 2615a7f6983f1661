// @vitest-environment jsdom
/** U5 on the page: update prompt (never during a run), offline notice and reasons, the install offer. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import type { AppDB } from '../../src/storage/db';
import { writeConnection, writeSyncState } from '../../src/storage/kv';
import { NO_CONNECTION, type ConnectionInfo } from '../../src/domain/connection';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { createAppUpdates, UPDATE_CHECK_INTERVAL_MS, type AppUpdates } from '../../src/app/pwa/updates';
import { listenForInstallOffer } from '../../src/app/pwa/install';
import { formatDateTime } from '../../src/app/format';
import { run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { tid } from '../support/ids';

const CONNECTED: ConnectionInfo = {
  ...NO_CONNECTION,
  status: 'connected',
  tenantId: tid('t-1'),
  connectionId: 'c-1',
  practiceName: 'Smith & Co Accountants',
  name: 'Smith & Co Accountants',
  connectedAt: 1,
  firstSyncStarted: true,
};

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  setOnline(true);
  vi.restoreAllMocks();
  await destroy(db);
});

function setOnline(online: boolean): void {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** A stand-in for vite-plugin-pwa's registerSW that hands the test its callbacks. */
function fakeRegistration() {
  let options: RegisterSWOptions = {};
  const applyUpdate = vi.fn(async () => undefined);
  let controllerChange: () => void = () => undefined;
  const timers: { handler: () => void; ms: number }[] = [];
  const warmCache = vi.fn(async () => undefined);
  const reload = vi.fn();
  const updates = createAppUpdates({
    load: async () => (given) => {
      options = given;
      return applyUpdate;
    },
    host: {
      setInterval: (handler, ms) => timers.push({ handler, ms }),
      onControllerChange: (handler) => {
        controllerChange = handler;
      },
    },
    warmCache,
    reload,
    onError: () => undefined,
  });
  return {
    updates,
    options: () => options,
    applyUpdate,
    controllerChange: () => controllerChange(),
    timers,
    warmCache,
    reload,
  };
}

describe('service worker updates (createAppUpdates)', () => {
  it('offers a waiting version, applies it on request, and asks for a reload once it controls the page', async () => {
    const sw = fakeRegistration();
    await waitFor(() => expect(sw.options().onNeedRefresh).toBeDefined());
    expect(sw.updates.available()).toBe(false);
    sw.options().onNeedRefresh?.();
    expect(sw.updates.available()).toBe(true);
    await sw.updates.apply();
    expect(sw.applyUpdate).toHaveBeenCalledTimes(1);
    expect(sw.updates.reloadNeeded()).toBe(false);
    sw.controllerChange();
    expect(sw.updates.reloadNeeded()).toBe(true);
    expect(sw.warmCache).not.toHaveBeenCalled();
  });

  it('on the first install, fetches config.json through the new worker instead of reloading', async () => {
    const sw = fakeRegistration();
    sw.controllerChange();
    expect(sw.updates.reloadNeeded()).toBe(false);
    expect(sw.warmCache).toHaveBeenCalledTimes(1);
  });

  it('checks for a new version every hour once registered', async () => {
    const sw = fakeRegistration();
    await waitFor(() => expect(sw.options().onRegisteredSW).toBeDefined());
    const update = vi.fn(async () => undefined);
    sw.options().onRegisteredSW?.('/sw.js', { update } as unknown as ServiceWorkerRegistration);
    expect(sw.timers.map((t) => t.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    sw.timers[0]?.handler();
    expect(update).toHaveBeenCalledTimes(1);
  });
});

function fakeUpdates() {
  const [available, setAvailable] = createSignal(false);
  const [reloadNeeded, setReloadNeeded] = createSignal(false);
  const updates: AppUpdates = {
    available,
    reloadNeeded,
    apply: vi.fn(async () => undefined),
    reload: vi.fn(),
  };
  return { updates, setAvailable, setReloadNeeded };
}

describe('"Update available — Reload"', () => {
  it('reloads on request when no sync is running', async () => {
    const fake = fakeUpdates();
    renderApp({ ...testServices(db, fakeApi()), updates: fake.updates }, '/');
    fake.setAvailable(true);
    const banner = await screen.findByText(/Update available/);
    const button = within(banner.closest('.banner') as HTMLElement).getByRole('button', { name: 'Reload' });
    expect((button as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(fake.updates.apply).toHaveBeenCalledTimes(1));
    fake.setReloadNeeded(true);
    await waitFor(() => expect(fake.updates.reload).toHaveBeenCalledTimes(1));
  });

  it('is never applied while a sync is running, and reloads once it has finished', async () => {
    const fake = fakeUpdates();
    await db.runs.put(run('r1', { status: 'running', heartbeatAt: Date.now(), startedAt: Date.now() }));
    renderApp({ ...testServices(db, fakeApi()), updates: fake.updates }, '/');
    fake.setAvailable(true);
    await screen.findByText(/reload once the sync in progress has finished/);
    const button = screen.getByRole('button', { name: 'Reload' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(fake.updates.apply).not.toHaveBeenCalled();

    // Another tab applied the update: this tab still waits for its run.
    // Solid runs the banner's effect as the signal is set, so by the next line it has decided.
    fake.setReloadNeeded(true);
    expect(fake.updates.reload).not.toHaveBeenCalled();
    await db.runs.put(
      run('r1', { status: 'succeeded', heartbeatAt: Date.now(), startedAt: Date.now(), finishedAt: Date.now() }),
    );
    await waitFor(() => expect(fake.updates.reload).toHaveBeenCalledTimes(1));
  });
});

describe('offline', () => {
  it('says what the page shows and since when, and why Resync is unavailable', async () => {
    const lastSuccessAt = Date.UTC(2026, 11, 7, 9, 30);
    await writeConnection(db, CONNECTED);
    await writeSyncState(db, { ...INITIAL_SYNC_STATE, lastSuccessAt });
    renderApp(testServices(db, fakeApi()), '/sync');
    const resyncNow = (await screen.findByRole('button', { name: 'Resync Now' })) as HTMLButtonElement;
    expect(resyncNow.disabled).toBe(false);
    expect(screen.queryByText(/^Offline/)).toBeNull();

    setOnline(false);
    const notice = await screen.findByTestId('offline-notice');
    expect(notice.textContent).toBe(`Offline — showing data from ${formatDateTime(lastSuccessAt)}.`);
    expect(resyncNow.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Resync All' }) as HTMLButtonElement).disabled).toBe(true);
    // The reason is the buttons' description, so it is read with them.
    const reason = document.getElementById(resyncNow.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toMatch(/You are offline: resyncing needs a connection to Xero/);

    setOnline(true);
    await waitFor(() => expect(screen.queryByTestId('offline-notice')).toBeNull());
    expect(resyncNow.disabled).toBe(false);
  });

  it('says so when nothing has been synced yet, and Connect explains why it is unavailable', async () => {
    setOnline(false);
    renderApp(testServices(db, fakeApi()), '/sync');
    expect((await screen.findByTestId('offline-notice')).textContent).toBe(
      'Offline — nothing has been synced to this browser yet.',
    );
    const connect = (await screen.findByRole('button', {
      name: 'Connect to Xero Practice Manager',
    })) as HTMLButtonElement;
    expect(connect.disabled).toBe(true);
    expect(screen.getByText(/You are offline: connecting needs Xero’s sign-in page/)).toBeTruthy();
  });
});

describe('installing the app', () => {
  it('shows Install app when the browser offers it, and hands the choice to the browser', async () => {
    const install = listenForInstallOffer(window);
    renderApp({ ...testServices(db, fakeApi()), install }, '/settings');
    await screen.findByRole('heading', { name: 'About this app' });
    expect(screen.queryByRole('button', { name: 'Install app' })).toBeNull();
    expect(screen.getByText(/use your browser’s menu: Install app/)).toBeTruthy();

    const prompt = vi.fn(async () => undefined);
    const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt,
      userChoice: Promise.resolve({ outcome: 'accepted' as const }),
    });
    window.dispatchEvent(offer);
    expect(offer.defaultPrevented).toBe(true); // the app offers it in its own place
    fireEvent.click(await screen.findByRole('button', { name: 'Install app' }));
    await waitFor(() => expect(prompt).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Install app' })).toBeNull());

    window.dispatchEvent(new Event('appinstalled'));
    await screen.findByText(/Installed\. Open it from your desktop/);
  });

  it('shows the app’s version', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    expect((await screen.findByTestId('app-version')).textContent).toMatch(/^\d+\.\d+\.\d+/);
  });
});
