// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { reasonHelp } from '../../src/app/reason-help';
import { run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices, UI_WAIT_MS } from './support/harness';

let db: AppDB;
const T = Date.UTC(2026, 0, 5, 9);

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

async function openRun(name: RegExp): Promise<void> {
  renderApp(testServices(db, fakeApi()), '/monitoring');
  const table = await screen.findByRole('table', { name: /Sync runs/ }, { timeout: UI_WAIT_MS });
  const button = within(table).getAllByRole('button')[0];
  if (button === undefined) throw new Error('no run button');
  fireEvent.click(button);
  await screen.findByRole('heading', { name });
}

describe('Monitoring: what a run’s log does not list', () => {
  it('a capped run says how many findings are not listed and shows the complete counts by reason', async () => {
    await db.runs.put(
      run('capped', {
        status: 'succeeded',
        phase: 'done',
        startedAt: T,
        finishedAt: T + 1_000,
        findingsByReason: { rejection: { 'id-missing': 12_000, 'name-missing': 3_000 } },
        findingsNotLogged: 5_000,
      }),
    );
    await openRun(/Resync All of/);
    const notice = await screen.findByTestId('run-log-limits', {}, { timeout: UI_WAIT_MS });
    expect(notice.textContent).toContain('5,000 more findings not listed; counts by reason are complete.');
    const table = within(notice).getByRole('table', { name: /by reason \(complete\)/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]?.textContent).toContain(reasonHelp('id-missing').label);
    expect(rows[0]?.textContent).toContain('12,000');
    expect(rows[1]?.textContent).toContain('3,000');
  });

  it('a run whose log retention removed says so; a run listed whole shows no notice', async () => {
    await db.runs.bulkPut([
      run('pruned', { status: 'succeeded', phase: 'done', startedAt: T, finishedAt: T + 1_000, logPrunedAt: T + 9e6 }),
    ]);
    await openRun(/Resync All of/);
    const notice = await screen.findByTestId('run-log-limits', {}, { timeout: UI_WAIT_MS });
    expect(notice.textContent).toMatch(/This run’s log was removed on .* to keep the storage this app uses bounded/);
    cleanup();
    await db.runs.clear();
    await db.runs.put(
      run('whole', { status: 'succeeded', phase: 'done', startedAt: T, finishedAt: T + 1_000, findingsNotLogged: 0 }),
    );
    await openRun(/Resync All of/);
    await screen.findByRole('heading', { name: 'Log' });
    expect(screen.queryByTestId('run-log-limits')).toBeNull();
  });
});
