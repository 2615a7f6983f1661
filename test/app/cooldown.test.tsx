// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createRoot, createSignal } from 'solid-js';
import type { AppDB } from '../../src/storage/db';
import { readConnection, writeConnection, writeCooldown, writeSyncState } from '../../src/storage/kv';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { formatTime } from '../../src/app/format';
import { run } from '../contracts/records';
import { MANUAL_RUN_COOLDOWN_MS } from '../../src/domain/schedule';
import { NO_CONNECTION } from '../../src/domain/connection';
import { err } from '../../src/domain/result';
import type { WireError } from '../../src/domain/errors';
import { createCountdown } from '../../src/app/primitives/createCountdown';
import { errorHelp } from '../../src/app/error-help';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';
import { tid } from '../support/ids';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await writeConnection(db, {
    ...NO_CONNECTION,
    status: 'connected',
    tenantId: tid('t'),
    connectionId: 'c',
    practiceName: 'Smith & Co',
    name: 'Smith',
    connectedAt: 1,
    firstSyncStarted: true,
  });
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await destroy(db);
});

/** Syncing paused by Xero's rate limit until `until`, and the scheduled run that was paused, a second ago. */
async function putPausedRun(db: AppDB, until: number, error: WireError): Promise<void> {
  await writeSyncState(db, { ...INITIAL_SYNC_STATE, pausedUntil: until });
  await db.runs.put(
    run('r-paused', {
      kind: 'incremental',
      trigger: 'scheduled',
      status: 'paused',
      phase: 'done',
      startedAt: Date.now() - 1_000,
      heartbeatAt: Date.now() - 1_000,
      finishedAt: Date.now() - 1_000,
      error,
    }),
  );
}

const resyncNow = () => screen.getByRole('button', { name: 'Resync Now' }) as HTMLButtonElement;
const resyncAll = () => screen.getByRole('button', { name: 'Resync All' }) as HTMLButtonElement;

describe('createCountdown', () => {
  it('ticks down every second and stops at zero', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 1_000_000;
    const [deadline, setDeadline] = createSignal<number | null>(now + 3_000);
    const seen: number[] = [];
    const { remaining, dispose } = createRoot((d) => ({
      remaining: createCountdown(deadline, 1_000, () => now),
      dispose: d,
    }));
    seen.push(remaining());
    for (let i = 0; i < 4; i++) {
      now += 1_000;
      vi.advanceTimersByTime(1_000);
      seen.push(remaining());
    }
    expect(vi.getTimerCount()).toBe(0); // stopped at zero
    setDeadline(now + 1_500);
    seen.push(remaining());
    setDeadline(null);
    seen.push(remaining());
    dispose();
    expect(seen).toEqual([3_000, 2_000, 1_000, 0, 0, 1_500, 0]);
  });
});

describe('Resync Now / Resync All', () => {
  it('both show the shared cooldown as a countdown, keep their exact names, and come back when it ends', async () => {
    // The clock is the test's: the countdown moves only when the test moves it, however busy the
    // machine is (timers other than the countdown's stay real, for IndexedDB and waitFor).
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: Date.now() });
    try {
      await writeCooldown(db, { manualRunStartedAt: Date.now() - MANUAL_RUN_COOLDOWN_MS + 4_000 });
      renderApp(testServices(db, fakeApi()), '/sync');
      await waitFor(() => expect(resyncNow().disabled).toBe(true));
      expect(resyncAll().disabled).toBe(true);
      expect(screen.getByTestId('countdown-incremental').textContent).toBe('0:04');
      expect(screen.getByTestId('countdown-full').textContent).toBe('0:04');
      expect(document.getElementById('resync-cooldown')?.textContent).toMatch(/Available again in 4 seconds/);
      vi.advanceTimersByTime(2_000);
      await waitFor(() => expect(screen.getByTestId('countdown-full').textContent).toBe('0:02'));
      vi.advanceTimersByTime(2_000);
      await waitFor(() => expect(resyncNow().disabled).toBe(false));
      expect(resyncAll().disabled).toBe(false);
      expect(screen.queryByTestId('countdown-incremental')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a manual run started in another tab starts the countdown here (read from IndexedDB)', async () => {
    renderApp(testServices(db, fakeApi()), '/sync');
    await waitFor(() => expect(resyncNow().disabled).toBe(false));
    await writeCooldown(db, { manualRunStartedAt: Date.now() - 60_000 });
    await waitFor(() => expect(screen.getByTestId('countdown-full').textContent).toMatch(/^[34]:[0-5]\d$/));
    expect(resyncNow().disabled).toBe(true);
  });

  it('call the worker with the right kind', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/sync');
    await waitFor(() => expect(resyncNow().disabled).toBe(false));
    fireEvent.click(resyncNow());
    await waitFor(() => expect(api.runSync).toHaveBeenCalledWith('incremental', 'manual'));
    await waitFor(() => expect(resyncAll().disabled).toBe(false));
    fireEvent.click(resyncAll());
    await waitFor(() => expect(api.runSync).toHaveBeenLastCalledWith('full', 'manual'));
  });

  it('while a rate-limit pause lasts (S8), both are off and say why and until when; they come back when it ends', async () => {
    // Noon, so the pause ends the same day and reads as a time alone ("12:00 PM").
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: new Date(2026, 11, 7, 12, 0, 0) });
    try {
      const until = Date.now() + 4_000;
      const shown = formatTime(until);
      await putPausedRun(
        db,
        until,
        wireError('xpm/rate-limited', 'Xero’s daily limit is used up.', { retryAt: until }),
      );
      const api = fakeApi();
      renderApp(testServices(db, api), '/sync');
      await waitFor(() => expect(resyncNow().disabled).toBe(true));
      expect(resyncAll().disabled).toBe(true);
      const hint = document.getElementById('resync-cooldown');
      expect(hint?.textContent).toMatch(new RegExp(`^Paused — rate limited until ${shown}: `));
      expect(hint?.textContent).toContain('nothing is sent to Xero before then');
      expect(resyncNow().getAttribute('aria-describedby')).toBe('resync-cooldown');
      expect(screen.getByTestId('paused-incremental').textContent).toBe(`until ${shown}`);
      expect(screen.getByTestId('paused-full').textContent).toBe(`until ${shown}`);
      // The paused run, in S8's words; the time is said there and by the buttons, not by a banner as well.
      const lastSync = await screen.findByRole('region', { name: 'Last sync' });
      expect(lastSync.textContent).toContain(`Paused — rate limited until ${shown}`);
      expect(lastSync.textContent).not.toMatch(/Syncing resumes after/);
      expect(screen.queryByText(/^Syncing is paused/)).toBeNull();
      fireEvent.click(resyncNow());
      fireEvent.click(resyncAll());
      expect(api.runSync).not.toHaveBeenCalled();

      vi.advanceTimersByTime(4_000);
      await waitFor(() => expect(resyncNow().disabled).toBe(false));
      expect(resyncAll().disabled).toBe(false);
      expect(screen.queryByTestId('paused-incremental')).toBeNull();
      expect(document.getElementById('resync-cooldown')?.textContent).toBe(
        'Each button can be used once every 5 minutes.',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('a rate-limit-paused run’s Last sync card says the pause, what it means and that it resumes, each once (S8)', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: new Date(2026, 11, 7, 12, 0, 0) });
    try {
      const until = Date.now() + 4_000;
      const shown = formatTime(until);
      // The worker's own sentence (request-policy.ts) for a used-up daily limit.
      await putPausedRun(
        db,
        until,
        wireError(
          'xpm/rate-limited',
          'Xero’s daily limit of API calls for this practice is used up, so syncing is paused until it resets.',
          { retryAt: until, status: 429, limit: 'day' },
        ),
      );
      renderApp(testServices(db, fakeApi()), '/sync');
      const card = await screen.findByRole('region', { name: 'Last sync' });
      await waitFor(() => expect(card.textContent).toContain(`Nothing is sent to Xero before ${shown}`));
      const text = card.textContent ?? '';
      const count = (part: string): number => text.split(part).length - 1;
      expect(count(`Paused — rate limited until ${shown}`)).toBe(1);
      expect(count(`Nothing is sent to Xero before ${shown}, hourly syncs included.`)).toBe(1);
      expect(count('Syncing then resumes by itself.')).toBe(1);
      // Neither the worker's sentence nor the general help says it all again.
      expect(text).not.toContain('paused until it resets');
      expect(text).not.toContain(errorHelp('xpm/rate-limited').whatToDo);
      expect(text).not.toMatch(/resumes after|continues by itself/);
      expect(text.match(/paused/gi)).toHaveLength(1);
      // No sentence of the card is said twice.
      const sentences = [...card.querySelectorAll('p')].flatMap((p) =>
        (p.textContent ?? '').split(/(?<=[.:])\s+/).map((sentence) => sentence.trim()),
      );
      expect(sentences.filter((sentence, i) => sentence !== '' && sentences.indexOf(sentence) !== i)).toEqual([]);

      // Once the pause is over the card no longer says nothing is sent.
      vi.advanceTimersByTime(4_000);
      await waitFor(() => expect(card.textContent).toContain('That pause is over: syncs run again as usual.'));
      expect(card.textContent).not.toContain('Nothing is sent to Xero');
    } finally {
      vi.useRealTimers();
    }
  });

  it('before the first sync, a rate-limit pause (S8) turns Start sync off the same way, saying until when', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: new Date(2026, 11, 7, 12, 0, 0) });
    try {
      await writeConnection(db, { ...(await readConnection(db)), firstSyncStarted: false });
      const until = Date.now() + 4_000;
      const shown = formatTime(until);
      await writeSyncState(db, { ...INITIAL_SYNC_STATE, pausedUntil: until });
      const api = fakeApi();
      renderApp(testServices(db, api), '/sync');
      const start = (await screen.findByRole('button', { name: 'Start sync' })) as HTMLButtonElement;
      await waitFor(() => expect(start.disabled).toBe(true));
      expect(screen.getByTestId('paused-first').textContent).toBe(`until ${shown}`);
      const hint = document.getElementById(start.getAttribute('aria-describedby') ?? '');
      expect(hint?.textContent).toMatch(new RegExp(`^Paused — rate limited until ${shown}: `));
      // Said once: by the button and its hint, not by the "paused" banner as well.
      expect(screen.queryByText(/^Syncing is paused/)).toBeNull();
      fireEvent.click(start);
      expect(api.runSync).not.toHaveBeenCalled();

      vi.advanceTimersByTime(4_000);
      await waitFor(() => expect(start.disabled).toBe(false));
      expect(screen.queryByTestId('paused-first')).toBeNull();
      expect(document.getElementById('start-sync-hint')).toBeNull();
      fireEvent.click(start);
      await waitFor(() => expect(api.runSync).toHaveBeenCalledWith('full', 'first'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('the worker refusing (cooldown) is explained', async () => {
    const api = fakeApi({
      runSync: async () =>
        err(
          wireError('sync/cooldown', 'Resync Now and Resync All can each be used once every 5 minutes.', {
            retryAt: Date.now() + 60_000,
          }),
        ),
    });
    renderApp(testServices(db, api), '/sync');
    await waitFor(() => expect(resyncNow().disabled).toBe(false));
    fireEvent.click(resyncNow());
    await screen.findByText(errorHelp('sync/cooldown').title);
    expect(screen.getByText(/Syncing resumes after/)).toBeTruthy();
  });
});
