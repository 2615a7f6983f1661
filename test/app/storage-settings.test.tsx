// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { readSettings } from '../../src/storage/kv';
import { DEFAULT_KEEP_RUN_LOGS } from '../../src/domain/retention';
import { logEntry, run, staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { putLog } from '../storage/support/records';
import { fakeApi, openTestDb, renderApp, testServices, UI_WAIT_MS } from './support/harness';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await db.staff.bulkPut([staff('s1'), staff('s2'), staff('s3')]);
  await db.runs.put(run('r1', { status: 'succeeded', phase: 'done' }));
  await putLog(db, [logEntry('r1', 0), logEntry('r1', 1)]);
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

describe('Settings: storage per table', () => {
  it('lists every table with its rows and an estimate of its bytes, and a total', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    const table = await screen.findByRole(
      'table',
      { name: /Stored on this device, by table/ },
      { timeout: UI_WAIT_MS },
    );
    const row = (label: string) => within(table).getByRole('rowheader', { name: label }).closest('tr');
    expect(row('Staff')?.textContent).toMatch(/^Staff3\d+(\.\d)? (bytes|KB)$/);
    expect(row('Run history')?.textContent).toContain('1');
    expect(row('Connection (encrypted)')?.textContent).toContain('not measured');
    expect(within(table).getAllByRole('row')).toHaveLength(db.tables.length + 2);
    expect(row('All tables')?.textContent).toMatch(/^All tables\d+/);
  });
});

describe('Settings: run history', () => {
  it('saves a valid number of runs and days; refuses an invalid one with a message, keeping the stored value', async () => {
    renderApp(testServices(db, fakeApi()), '/settings');
    const runs = (await screen.findByRole('textbox', { name: 'Keep the logs of the last runs' })) as HTMLInputElement;
    expect(runs.value).toBe(String(DEFAULT_KEEP_RUN_LOGS));
    fireEvent.input(runs, { target: { value: '0' } });
    fireEvent.change(runs, { target: { value: '0' } });
    const alert = await screen.findByText(/must be from 1 to 200; “0” is not/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(runs.getAttribute('aria-describedby')).toContain(alert.id);
    expect(runs.getAttribute('aria-invalid')).toBe('true');
    expect((await readSettings(db)).keepRunLogs).toBe(DEFAULT_KEEP_RUN_LOGS);
    fireEvent.input(runs, { target: { value: '5' } });
    fireEvent.change(runs, { target: { value: '5' } });
    await waitFor(async () => expect((await readSettings(db)).keepRunLogs).toBe(5));
    expect(screen.queryByText(/must be from 1 to 200/)).toBeNull();
    const days = screen.getByRole('textbox', { name: 'Keep logs for (days)' });
    fireEvent.change(days, { target: { value: 'a week' } });
    expect((await screen.findByText(/must be a whole number from 1 to 365/)).getAttribute('role')).toBe('alert');
    fireEvent.change(days, { target: { value: '7' } });
    await waitFor(async () => expect((await readSettings(db)).keepRunLogDays).toBe(7));
  });
});
