// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { AppDB } from '../../src/storage/db';
import { readSettings, updateSettings, writeConnection, writeSyncState } from '../../src/storage/kv';
import { readFailureNotice } from '../../src/storage/failure-notice';
import { NO_CONNECTION } from '../../src/domain/connection';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import type { RunStatus } from '../../src/domain/runs';
import { errorHelp } from '../../src/app/error-help';
import { formatDateTime } from '../../src/app/format';
import { FAILURE_NOTIFICATION_TAG } from '../../src/app/failure-notices';
import { run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { CONNECTED, fakeApi, openTestDb, renderApp, testServices, UI_WAIT_MS, wireError } from './support/harness';

/** Generous: the machine running the suite may be busy; each wait still ends at the first match. */
const WAIT = { timeout: UI_WAIT_MS };

const LAST_SUCCESS = Date.now() - 5 * 60 * 60_000;

let db: AppDB;
let sequence = 0;

/** Adds runs that ended just now, oldest first; failed ones fail as a 400 from XPM would. */
async function addRuns(...statuses: RunStatus[]): Promise<void> {
  for (const status of statuses) {
    sequence += 1;
    const at = Date.now() - 60 * 60_000 + sequence * 1_000;
    await db.runs.put(
      run(`run-${sequence}`, {
        status,
        phase: 'done',
        startedAt: at,
        finishedAt: at + 500,
        heartbeatAt: at + 500,
        error:
          status === 'failed'
            ? wireError('xpm/http-error', `XPM answered with HTTP 400 (run ${sequence}).`, { status: 400 })
            : null,
      }),
    );
  }
}

/** A stand-in for the browser's Notification API: records every notification constructed. */
function fakeNotificationApi(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const shown: { title: string; body: string | undefined; tag: string | undefined }[] = [];
  const requestPermission = vi.fn(async () => {
    state.permission = answer;
    return answer;
  });
  const state = { permission };
  class FakeNotification {
    static get permission() {
      return state.permission;
    }
    static requestPermission = requestPermission;
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body, tag: options?.tag });
    }
    close() {}
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, requestPermission };
}

/** navigator.setAppBadge / clearAppBadge, recorded (jsdom has neither). */
function fakeBadge() {
  const calls: (number | null)[] = [];
  Object.assign(navigator, {
    setAppBadge: async (count: number) => void calls.push(count),
    clearAppBadge: async () => void calls.push(null),
  });
  return calls;
}

beforeEach(async () => {
  db = await openTestDb();
  await writeConnection(db, CONNECTED);
  await writeSyncState(db, { ...INITIAL_SYNC_STATE, lastSuccessAt: LAST_SUCCESS });
});

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  for (const key of ['setAppBadge', 'clearAppBadge']) Reflect.deleteProperty(navigator, key);
  await destroy(db);
});

const streakBanner = () => screen.queryByTestId('failure-streak-banner');

describe('the failure-streak banner (S10)', () => {
  it('appears on every page at the third failure in a row, replacing the single-failure banner', async () => {
    await updateSettings(db, { responsibleName: 'Sam Lee', responsibleEmail: 'sam@example.com' });
    await addRuns('succeeded', 'failed', 'failed');
    const { history } = renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText(/The last sync failed/, undefined, WAIT);
    expect(streakBanner()).toBeNull();

    await addRuns('failed');
    const banner = await screen.findByTestId('failure-streak-banner', undefined, WAIT);
    expect(screen.queryByText(/The last sync failed/)).toBeNull();
    const text = banner.textContent ?? '';
    expect(text).toContain('Syncing has failed 3 times in a row.');
    expect(text).toContain(`Last successful sync: ${formatDateTime(LAST_SUCCESS)}.`);
    // The last error in plain words, its own message, and what to do.
    expect(text).toContain(`The last error: ${errorHelp('xpm/http-error').title}`);
    expect(text).toContain('XPM answered with HTTP 400 (run 4).');
    expect(text).toContain(errorHelp('xpm/http-error').whatToDo);
    expect(text).toContain('Tell Sam Lee (sam@example.com).');
    const email = within(banner).getByRole('link', { name: 'sam@example.com' });
    expect(email.getAttribute('href')).toBe(
      `mailto:sam%40example.com?subject=${encodeURIComponent('XPM Contact Sync has failed 3 times in a row')}`,
    );
    expect(within(banner).getByRole('link', { name: 'See the run log' }).getAttribute('href')).toBe('/monitoring');
    // A polite live region that was already in the page before the banner came.
    const region = banner.parentElement;
    expect(region?.getAttribute('role')).toBe('status');
    expect(region?.getAttribute('aria-live')).toBe('polite');

    history.set({ value: '/settings' });
    await screen.findByRole('heading', { name: 'Settings' }, WAIT);
    expect(streakBanner()).not.toBeNull();
  });

  it('counts on through cancelled and paused runs, and a success clears it', async () => {
    await addRuns('failed', 'failed', 'cancelled', 'failed', 'paused', 'failed');
    renderApp(testServices(db, fakeApi()), '/');
    const banner = await screen.findByTestId('failure-streak-banner', undefined, WAIT);
    expect(banner.textContent).toContain('Syncing has failed 4 times in a row.');
    expect(banner.textContent).not.toContain('Tell');
    await addRuns('succeeded');
    await waitFor(() => expect(streakBanner()).toBeNull(), WAIT);
    expect(screen.queryByText(/The last sync failed/)).toBeNull();
  });

  it('names only who is set, and says when no sync has ever succeeded', async () => {
    await writeSyncState(db, INITIAL_SYNC_STATE);
    await updateSettings(db, { responsibleEmail: 'it@example.com' });
    await addRuns('failed', 'failed', 'failed');
    renderApp(testServices(db, fakeApi()), '/');
    const banner = await screen.findByTestId('failure-streak-banner', undefined, WAIT);
    expect(banner.textContent).toContain('No sync has succeeded yet.');
    expect(banner.textContent).toContain('Tell it@example.com.');
  });

  it('is not shown after Disconnect', async () => {
    await writeConnection(db, NO_CONNECTION);
    await addRuns('failed', 'failed', 'failed');
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Not connected', undefined, WAIT);
    expect(streakBanner()).toBeNull();
  });
});

describe('the system notification and the app badge (S10)', () => {
  it('notifies exactly once across two tabs at the third failure, not at the fourth; the badge counts and a success clears it', async () => {
    const { shown } = fakeNotificationApi('granted');
    const badge = fakeBadge();
    await updateSettings(db, { notificationsEnabled: true, responsibleName: 'Sam Lee' });
    await addRuns('succeeded', 'failed', 'failed');
    // Two tabs of the app: two connections to the same database.
    const otherTab = new AppDB(db.name);
    await otherTab.open();
    renderApp(testServices(db, fakeApi()), '/');
    renderApp(testServices(otherTab, fakeApi()), '/sync');
    await waitFor(() => expect(badge.filter((b) => b === null).length).toBe(2), WAIT);
    expect(shown).toEqual([]);

    await addRuns('failed');
    await waitFor(() => expect(badge.filter((b) => b === 3)).toHaveLength(2), WAIT);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toEqual({
      title: 'XPM Contact Sync: syncing has failed 3 times in a row',
      body: `${errorHelp('xpm/http-error').title}. Last successful sync: ${formatDateTime(LAST_SUCCESS)}. Open the app to see what to do. Tell Sam Lee.`,
      tag: FAILURE_NOTIFICATION_TAG,
    });
    expect((await readFailureNotice(db)).lastNotifiedAt).not.toBeNull();

    // A fourth failure within 24 hours: the badge follows, no second notification.
    await addRuns('failed');
    await waitFor(() => expect(badge.filter((b) => b === 4)).toHaveLength(2), WAIT);
    expect(shown).toHaveLength(1);

    await addRuns('succeeded');
    await waitFor(() => expect(badge.filter((b) => b === null).length).toBe(4), WAIT);
    expect(shown).toHaveLength(1);
    otherTab.close();
  });

  it('with notifications off: the banner only — no notification, no badge', async () => {
    const { shown } = fakeNotificationApi('granted');
    const badge = fakeBadge();
    await addRuns('failed', 'failed', 'failed');
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByTestId('failure-streak-banner', undefined, WAIT);
    await waitFor(() => expect(badge).toEqual([null]), WAIT);
    expect(shown).toEqual([]);
    expect(await readFailureNotice(db)).toEqual({ lastNotifiedAt: null });
  });
});

describe('Settings → Failure notifications', () => {
  const enabled = () =>
    screen.getByRole('checkbox', { name: 'Notify me when syncing keeps failing' }) as HTMLInputElement;

  it('asks the browser only when the user turns notifications on, and stores the answer', async () => {
    const { requestPermission } = fakeNotificationApi('default', 'granted');
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('checkbox', { name: 'Notify me when syncing keeps failing' }, WAIT);
    expect(enabled().checked).toBe(false);
    expect(requestPermission).not.toHaveBeenCalled();
    fireEvent.click(enabled());
    await waitFor(async () => expect((await readSettings(db)).notificationsEnabled).toBe(true), WAIT);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(enabled().checked).toBe(true);
    fireEvent.click(enabled());
    await waitFor(async () => expect((await readSettings(db)).notificationsEnabled).toBe(false), WAIT);
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });

  it('stays off and says how to allow them when the browser refuses', async () => {
    fakeNotificationApi('default', 'denied');
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('checkbox', { name: 'Notify me when syncing keeps failing' }, WAIT);
    fireEvent.click(enabled());
    const refusal = await screen.findByText(/This browser blocks notifications from this app/, undefined, WAIT);
    expect(refusal.getAttribute('role')).toBe('alert');
    expect(enabled().checked).toBe(false);
    expect((await readSettings(db)).notificationsEnabled).toBe(false);
  });

  it('cannot be turned on where the browser has no notifications', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    await screen.findByRole('checkbox', { name: 'Notify me when syncing keeps failing' }, WAIT);
    expect(enabled().disabled).toBe(true);
    expect(screen.getByText(/This browser cannot show system notifications/)).toBeTruthy();
  });

  it('saves the responsible person; a bad email is explained, kept in its field, and not stored', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    const name = (await screen.findByLabelText('Name of the person responsible', undefined, WAIT)) as HTMLInputElement;
    const email = screen.getByLabelText('Email of the person responsible') as HTMLInputElement;
    fireEvent.input(name, { target: { value: '  Sam   Lee ' } });
    fireEvent.change(name, { target: { value: '  Sam   Lee ' } });
    await waitFor(async () => expect((await readSettings(db)).responsibleName).toBe('Sam Lee'), WAIT);
    await waitFor(() => expect(name.value).toBe('Sam Lee'), WAIT);

    fireEvent.input(email, { target: { value: 'sam@example' } });
    fireEvent.change(email, { target: { value: 'sam@example' } });
    const error = await screen.findByText(/^The email “sam@example”/, undefined, WAIT);
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(
      'The email “sam@example” ends in “@example”, which is not a complete domain such as example.com.',
    );
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe(error.id);
    expect(email.value).toBe('sam@example');
    // Another setting changing meanwhile does not wipe what was typed.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Include archived clients' }));
    await waitFor(async () => expect((await readSettings(db)).includeArchived).toBe(true), WAIT);
    expect(email.value).toBe('sam@example');
    expect((await readSettings(db)).responsibleEmail).toBeNull();

    fireEvent.input(email, { target: { value: 'sam@example.com' } });
    fireEvent.change(email, { target: { value: 'sam@example.com' } });
    await waitFor(async () => expect((await readSettings(db)).responsibleEmail).toBe('sam@example.com'), WAIT);
    expect(screen.queryByText(/^The email/)).toBeNull();
    expect(email.getAttribute('aria-invalid')).toBeNull();
  });
});
