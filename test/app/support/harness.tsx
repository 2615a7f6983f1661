/**
 * Component-test harness: a fake SyncApi (every method a vi.fn with a sensible default), a fresh
 * fake-indexeddb database per test, and the app rendered under a MemoryRouter at a given path.
 * Test files import 'fake-indexeddb/auto' first (Dexie captures indexedDB when it loads).
 */
import { vi, type Mock } from 'vitest';
import { configure, render } from '@solidjs/testing-library';
import { createSignal, type JSX } from 'solid-js';
import { MemoryRouter, createMemoryHistory } from '@solidjs/router';
import type { AppConfig, SyncApi } from '../../../src/worker/protocol';
import { NO_CONNECTION, type ConnectionInfo } from '../../../src/domain/connection';
import { tid } from '../../support/ids';
import type { AppDB } from '../../../src/storage/db';
import { openAppDB } from '../../../src/storage/open';
import { ok } from '../../../src/domain/result';
import { emptyCounts } from '../../../src/domain/runs';
import type { WireError } from '../../../src/domain/errors';
import { AppProviders } from '../../../src/app/AppProviders';
import { Shell } from '../../../src/app/shell/Shell';
import { AppRoutes } from '../../../src/app/routes';
import type { AppServices, StorageNotice } from '../../../src/app/services';
import { observe } from '../../../src/storage/live';
import { freshDbName } from '../../storage/support/dexie';
import { rid } from '../../support/ids';

/**
 * How long findBy…/waitFor wait. The first visit to a lazy route in a test file transforms that
 * route's modules on the spot, which on a busy 2-core machine running the whole suite takes longer
 * than the library's 1 s default; the tests still wait for events, never for fixed times.
 */
const ASYNC_UTIL_TIMEOUT_MS = 5_000;
configure({ asyncUtilTimeout: ASYNC_UTIL_TIMEOUT_MS });

// jsdom has no layout: the router scrolls to the top on navigation, which jsdom reports as unimplemented.
if (typeof window !== 'undefined') window.scrollTo = () => undefined;

/**
 * How long findBy… and waitFor wait for the page by default. They return as soon as it is there, so
 * a generous limit costs nothing when the page is quick; testing-library's 1 s default failed on a
 * busy machine, where a first render (module loading, fake IndexedDB) legitimately takes seconds.
 */
export const UI_WAIT_MS = 15_000;

/** A connected practice whose first sync has started (what most page tests start from). */
export const CONNECTED: ConnectionInfo = {
  ...NO_CONNECTION,
  status: 'connected',
  tenantId: tid('t-1'),
  connectionId: 'c-1',
  practiceName: 'Smith & Co Accountants',
  name: 'Smith head office',
  connectedAt: 1,
  firstSyncStarted: true,
};

configure({ asyncUtilTimeout: UI_WAIT_MS });

/**
 * Resolves once an independent live query's result passes `ready`: proof that IndexedDB's change
 * notifications for the writes made before it have been delivered, so a test can then check that
 * another reader did not react to them, instead of waiting a fixed time and hoping.
 */
export function liveQuerySees<T>(query: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subscription = observe(query, {
      next: (value) => {
        if (!ready(value)) return;
        queueMicrotask(() => subscription.unsubscribe());
        resolve(value);
      },
      error: reject,
    });
  });
}

export const TEST_CONFIG: AppConfig = {
  clientId: 'test-client',
  proxyUrl: 'http://localhost:4174',
  authorizeUrl: 'http://127.0.0.1:4175/identity/connect/authorize',
  issuer: 'http://127.0.0.1:4175',
  xpmWebUrl: 'http://xpm.test',
  upstreamLabel: 'Sandbox',
};

export type FakeApi = { [K in keyof SyncApi]: Mock<SyncApi[K]> };

export function fakeApi(overrides: Partial<SyncApi> = {}): FakeApi {
  const api: FakeApi = {
    configure: vi.fn<SyncApi['configure']>(async () => ok(undefined)),
    beginAuthorization: vi.fn<SyncApi['beginAuthorization']>(async (redirectUri) =>
      ok({
        url: 'http://127.0.0.1:4175/identity/connect/authorize?x=1',
        pending: { state: 's', codeVerifier: 'v', redirectUri, createdAt: 1 },
      }),
    ),
    completeAuthorization: vi.fn<SyncApi['completeAuthorization']>(async () => ok({ practices: [] })),
    choosePractice: vi.fn<SyncApi['choosePractice']>(async () => ok(undefined)),
    preview: vi.fn<SyncApi['preview']>(async () =>
      ok({ contacts: 0, clients: 0, staff: 0, rejections: 0, skipped: 0 }),
    ),
    runSync: vi.fn<SyncApi['runSync']>(async (kind) => ok({ runId: rid('run-x'), kind, counts: emptyCounts() })),
    runScheduled: vi.fn<SyncApi['runScheduled']>(async () => ok({ ran: false, reason: 'not-due' })),
    cancelSync: vi.fn<SyncApi['cancelSync']>(async () => ok(undefined)),
    summaryCsv: vi.fn<SyncApi['summaryCsv']>(async () =>
      ok({ filename: 'summary.csv', blob: new Blob(['a,b\r\n']), rows: 0 }),
    ),
    fixListCsv: vi.fn<SyncApi['fixListCsv']>(async () =>
      ok({ filename: 'fix-list.csv', blob: new Blob(['a,b\r\n']), rows: 0 }),
    ),
    fixList: vi.fn<SyncApi['fixList']>(async () => ok({ entries: [], total: 0 })),
    disconnect: vi.fn<SyncApi['disconnect']>(async () => ok(undefined)),
    resumeConnect: vi.fn<SyncApi['resumeConnect']>(async () => ok({ step: 'start-again' })),
    setTestClockOffset: vi.fn<SyncApi['setTestClockOffset']>(async () => ok(undefined)),
    saveManualContact: vi.fn<SyncApi['saveManualContact']>(async () => ok({ kind: 'invalid', problems: [] })),
    deleteManualContact: vi.fn<SyncApi['deleteManualContact']>(async () => ok(undefined)),
    detachContact: vi.fn<SyncApi['detachContact']>(async () => {
      throw new Error('detachContact is not faked in this test');
    }),
    removeRecords: vi.fn<SyncApi['removeRecords']>(async () => ok({ contacts: 0, clients: 0, staff: 0, kept: 0 })),
    practiceSwitch: vi.fn<SyncApi['practiceSwitch']>(async () => ok(null)),
    exportData: vi.fn<SyncApi['exportData']>(async () =>
      ok({
        filename: 'xpm-all-data.json',
        blob: new Blob(['{}']),
        counts: { contacts: 0, clients: 0, staff: 0, changes: 0, runs: 0, runLog: 0, fixList: 0 },
      }),
    ),
    exportListCsv: vi.fn<SyncApi['exportListCsv']>(async (list) =>
      ok({ filename: `xpm-${list}.csv`, blob: new Blob(['a\r\n']), rows: 0 }),
    ),
    eraseLocalData: vi.fn<SyncApi['eraseLocalData']>(async () => ok(undefined)),
  };
  for (const [key, value] of Object.entries(overrides)) {
    const mock = api[key as keyof SyncApi] as Mock<(...args: never[]) => unknown>;
    mock.mockImplementation(value as (...args: never[]) => unknown);
  }
  return api;
}

export function wireError(
  code: WireError['code'],
  message = 'Something specific happened.',
  detail: WireError['detail'] = {},
): WireError {
  return { code, message, retryable: false, detail };
}

export async function openTestDb(): Promise<AppDB> {
  return openAppDB(freshDbName());
}

export interface TestServices extends AppServices {
  readonly setStorageNotice: (notice: StorageNotice | null) => void;
}

export function testServices(db: AppDB, api: SyncApi, config: AppConfig = TEST_CONFIG): TestServices {
  const [storageNotice, setStorageNotice] = createSignal<StorageNotice | null>(null);
  return { api, db, config, configured: Promise.resolve(ok(undefined)), storageNotice, setStorageNotice };
}

/** Renders the whole app (providers, shell, routes) at `path`. */
export function renderApp(services: AppServices, path = '/') {
  const history = createMemoryHistory();
  history.set({ value: path });
  const result = render(() => (
    <AppProviders services={services}>
      <MemoryRouter history={history} root={Shell}>
        <AppRoutes />
      </MemoryRouter>
    </AppProviders>
  ));
  return { ...result, history };
}

/** Renders one component under the providers (no router). */
export function renderWithProviders(services: AppServices, ui: () => JSX.Element) {
  return render(() => <AppProviders services={services}>{ui()}</AppProviders>);
}
