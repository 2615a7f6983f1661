// @vitest-environment jsdom
/**
 * What a failed run saved, on the Sync page, in Monitoring and in the failure banner (M8 item 1): a
 * run that committed batches before failing says "partly applied: N of the M read before it stopped";
 * one that committed no client says so; neither ever says the data was left untouched when it was not.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { CONNECTED, fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';

const T = Date.UTC(2026, 0, 5, 9);
const UNTOUCHED = /intact|not used|nothing was changed|nothing is lost/i;

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await writeConnection(db, CONNECTED);
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const partial = run('partial', {
  status: 'failed',
  phase: 'done',
  startedAt: T,
  finishedAt: T + 9_000,
  error: wireError('xml/malformed', 'unexpected end of the document'),
  applied: { clientsRead: 1_100, clientsCommitted: 1_012, staffCommitted: true },
});

describe('a run that failed after committing batches', () => {
  it('the Sync page says partly applied, N of M, and that the next run completes it', async () => {
    await db.runs.put(partial);
    renderApp(testServices(db, fakeApi()), '/sync');
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    expect(await within(lastSync).findByText(/Failed \(partly applied\)/)).toBeTruthy();
    expect(
      within(lastSync).getByText(
        'Partly applied: 1,012 of the 1,100 clients read before the sync stopped were saved; the next run completes it.',
      ),
    ).toBeTruthy();
    expect(lastSync.textContent).not.toMatch(UNTOUCHED);
  });

  it('the failure banner on another page and the Monitoring history say the same', async () => {
    await db.runs.put(partial);
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const banner = (await screen.findByText(/The last sync failed/)).closest('.banner');
    if (!(banner instanceof HTMLElement)) throw new Error('no failure banner');
    expect(
      within(banner).getByText(/^Partly applied: 1,012 of the 1,100 clients read before the sync stopped were saved/),
    ).toBeTruthy();
    expect(banner.textContent).not.toMatch(UNTOUCHED);
    const table = await screen.findByRole('table', { name: /Sync runs/ });
    expect(within(table).getByText('Failed (partly applied)')).toBeTruthy();
  });

  it('a list cut off after every client it held was saved does not read as finished or as updates', async () => {
    // Found by hand: a Resync All cut at 2.5 MB said "1,240 of 1,240 clients updated" above a table
    // with 0 updated (939 imported, 178 unchanged, 114 not imported, 9 skipped).
    await db.runs.put({ ...partial, applied: { clientsRead: 1_240, clientsCommitted: 1_240, staffCommitted: true } });
    renderApp(testServices(db, fakeApi()), '/sync');
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    expect(
      await within(lastSync).findByText(
        'Partly applied: 1,240 of the 1,240 clients read before the sync stopped were saved; the next run completes it.',
      ),
    ).toBeTruthy();
    expect(lastSync.querySelector('.run-outcome')?.textContent).not.toMatch(/updated/);
  });

  it('a run that saved no client says so, and only then that the data is as it was', async () => {
    await db.runs.put({
      ...partial,
      applied: { clientsRead: 0, clientsCommitted: 0, staffCommitted: false },
      error: wireError('xml/dtd-forbidden', 'DOCTYPE'),
    });
    renderApp(testServices(db, fakeApi()), '/sync');
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    expect(
      await within(lastSync).findByText('Nothing from this sync was saved; your data is as it was before it.'),
    ).toBeTruthy();
    expect(within(lastSync).queryByText(/partly applied/i)).toBeNull();
  });
});
