// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { emptyCounts, type RunLogEntry } from '../../src/domain/runs';
import { ok } from '../../src/domain/result';
import { errorHelp } from '../../src/app/error-help';
import { reasonHelp } from '../../src/app/reason-help';
import { groupLog } from '../../src/app/components/monitoring/log-groups';
import { LONG_GROUP_ENTRIES } from '../../src/app/components/monitoring/RunLog';
import { rateLimitedUntilText } from '../../src/app/components/sync/run-labels';
import { formatDateTime, formatTime } from '../../src/app/format';
import { logEntry, run, storedWords } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';
import { putLog } from '../storage/support/records';

let db: AppDB;
const T = Date.UTC(2026, 0, 5, 9);

beforeEach(async () => {
  db = await openTestDb();
  const counts = emptyCounts();
  counts.contact.rejected = 40;
  counts.client.rejected = 2;
  await db.runs.bulkPut([
    run('old', {
      status: 'failed',
      phase: 'done',
      startedAt: T,
      finishedAt: T + 3_000,
      error: wireError('network/failed', 'Could not reach XPM.'),
      apiCalls: 2,
    }),
    run('new', {
      status: 'succeeded',
      phase: 'done',
      kind: 'incremental',
      trigger: 'scheduled',
      startedAt: T + 3_600_000,
      finishedAt: T + 3_605_000,
      counts,
      apiCalls: 3,
      outstanding: { 'rejection:mobile-invalid': 40, 'rejection:partner-missing': 1, 'skip:client-archived': 1 },
    }),
  ]);
  const entries: RunLogEntry[] = [];
  for (let i = 0; i < 40; i++)
    entries.push(
      logEntry('new', i, {
        code: 'mobile-invalid',
        field: 'Mobile',
        value: `0411 111 ${i} (Leanne)`,
        personName: `Person ${i}`,
      }),
    );
  entries.push(
    logEntry('new', 40, {
      code: 'partner-missing',
      entity: 'client',
      personName: null,
      field: 'AccountManager',
      value: '',
      wording: storedWords('Acme has no partner.', 'Assign a partner in XPM.'),
    }),
  );
  entries.push(logEntry('new', 41, { kind: 'skip', code: 'client-archived', field: null, value: null }));
  entries.push(logEntry('new', 42, { kind: 'warning', code: 'phone-not-mobile', field: 'Phone' }));
  await putLog(db, entries);
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await destroy(db);
});

describe('Monitoring', () => {
  it('lists every run with kind, trigger, duration, counts, API calls, outcome and the error explained', async () => {
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const table = await screen.findByRole('table', { name: /Sync runs, newest first/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const newest = within(rows[0] as HTMLElement);
    expect(newest.getByText('Resync Now')).toBeTruthy();
    expect(newest.getByText('Hourly')).toBeTruthy();
    expect(newest.getByText('5 s')).toBeTruthy();
    expect(newest.getByText('42')).toBeTruthy();
    expect(newest.getByText('Succeeded')).toBeTruthy();
    const oldest = within(rows[1] as HTMLElement);
    expect(oldest.getByText('Failed')).toBeTruthy();
    expect(oldest.getByText('network/failed')).toBeTruthy();
    expect(oldest.getByText(new RegExp(errorHelp('network/failed').title))).toBeTruthy();
  });

  it('a cancelled run says so in its outcome and shows no error code: a cancel is not a failure', async () => {
    await db.runs.put(
      run('cancelled', {
        status: 'cancelled',
        phase: 'done',
        startedAt: T + 7_200_000,
        finishedAt: T + 7_201_000,
        error: wireError('sync/cancelled', 'The sync was cancelled.'),
      }),
    );
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const table = await screen.findByRole('table', { name: /Sync runs, newest first/ });
    const newest = within(within(table).getAllByRole('row')[1] as HTMLElement);
    expect(newest.getByText('Cancelled')).toBeTruthy();
    expect(newest.queryByText('sync/cancelled')).toBeNull();
  });

  it('a run Xero’s rate limit paused says so in S8’s words: “Paused — rate limited until” the time', async () => {
    // Local noon the day after the other runs (so the newest in any zone); the pause ends that afternoon.
    const start = new Date(2026, 0, 6, 12, 0, 0).getTime();
    const until = start + 3 * 3_600_000;
    const end = start + 1_000;
    await db.runs.put(
      run('paused', {
        status: 'paused',
        phase: 'done',
        startedAt: start,
        finishedAt: end,
        error: wireError('xpm/rate-limited', 'Xero’s daily limit is used up.', { retryAt: until }),
      }),
    );
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const table = await screen.findByRole('table', { name: /Sync runs, newest first/ });
    const newest = within(within(table).getAllByRole('row')[1] as HTMLElement);
    expect(newest.getByText(`Paused — rate limited until ${formatTime(until)}`)).toBeTruthy();
    // A pause that ends on another day names the day too.
    expect(rateLimitedUntilText(until + 24 * 3_600_000, end)).toBe(
      `rate limited until ${formatDateTime(until + 24 * 3_600_000)}`,
    );
  });

  it('charts outstanding problems by reason after each run, with values on focus and a table alternative', async () => {
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const chart = await screen.findByRole('group', { name: 'Outstanding problems by reason' });
    // One bar: the failed run recorded no fix-list size; the page says so.
    const bars = within(chart).getAllByRole('button');
    expect(bars).toHaveLength(1);
    const bar = bars[0] as HTMLElement;
    expect(bar.getAttribute('tabindex')).toBe('0');
    expect(bar.getAttribute('aria-label')).toMatch(
      /42 records; Mobile not valid 40; Partner missing 1; Client archived in XPM 1/,
    );
    fireEvent.focus(bar);
    expect(document.querySelector('#outstanding-trend-caption')?.closest('figure')?.textContent).toContain(
      'Mobile not valid 40',
    );
    expect(screen.getByText(/1 recent sync is not shown/)).toBeTruthy();
    const legend = screen.getAllByRole('list', { name: 'Legend' })[0] as HTMLElement;
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Mobile not valid', 'Partner missing', 'Client archived in XPM']);
    const table = screen.getByRole('table', { name: 'Outstanding problems by reason after each sync' });
    const cells = within(table).getAllByRole('row')[1]?.textContent ?? '';
    expect(cells).toMatch(/Resync Now of .*40.*1.*1.*42/);
    expect(screen.getByRole('group', { name: 'API calls per day' })).toBeTruthy();
    expect(screen.getByRole('table', { name: /API calls per day \(daily limit 5,000\)/ })).toBeTruthy();
  });

  it('a run’s log: grouped by reason with counts, explanations, messages and suggestions', async () => {
    renderApp(testServices(db, fakeApi()), '/monitoring');
    const table = await screen.findByRole('table', { name: /Sync runs/ });
    const select = within(table).getAllByRole('button')[0];
    if (select === undefined) throw new Error('no run button');
    fireEvent.click(select);
    expect(select.getAttribute('aria-pressed')).toBe('true');
    await screen.findByRole('heading', { name: /Resync Now of/ });
    await waitFor(() => expect(document.querySelectorAll('details.log-group')).toHaveLength(4));
    const summaries = [...document.querySelectorAll('details.log-group summary')].map((s) => s.textContent);
    expect(summaries[0]).toContain(`${reasonHelp('mobile-invalid').label}: 40`);
    expect(summaries[1]).toContain(`${reasonHelp('partner-missing').label}: 1`);
    expect(summaries[2]).toContain('Imported with a warning');
    expect(summaries[3]).toContain('Skipped');
    // A short group lists each entry with its message and suggestion.
    expect(screen.getByText('Acme has no partner.')).toBeTruthy();
    expect(screen.getByText('Assign a partner in XPM.')).toBeTruthy();
    // A long group is a virtualised grid; choosing an entry shows its full text.
    const grid = screen.getByRole('grid', { name: /Mobile not valid: records/ });
    expect(Number(grid.getAttribute('aria-rowcount'))).toBe(41);
    const firstRow = within(grid).getAllByRole('row')[1];
    if (firstRow === undefined) throw new Error('no log row');
    fireEvent.click(firstRow);
    expect(await screen.findByText('0411 111 0 (Leanne)', { selector: 'code' })).toBeTruthy();
  });

  it('downloads a past run’s summary', async () => {
    const api = fakeApi({ summaryCsv: async () => ok({ filename: 'old.csv', blob: new Blob(['x']), rows: 1 }) });
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderApp(testServices(db, api), '/monitoring');
    const table = await screen.findByRole('table', { name: /Sync runs/ });
    const oldRun = within(table).getAllByRole('button')[1];
    if (oldRun === undefined) throw new Error('no run button');
    fireEvent.click(oldRun);
    fireEvent.click(await screen.findByRole('button', { name: 'Download this run’s summary' }));
    await waitFor(() => expect(api.summaryCsv).toHaveBeenCalledWith('old'));
    expect(screen.getByText(errorHelp('network/failed').whatToDo)).toBeTruthy();
  });
});

describe('groupLog', () => {
  it('orders rejections, warnings, skips; the most frequent reason first', () => {
    const entries = [
      logEntry('r', 0, { kind: 'skip', code: 'client-deleted' }),
      logEntry('r', 1, { code: 'email-missing' }),
      logEntry('r', 2, { code: 'mobile-invalid' }),
      logEntry('r', 3, { code: 'mobile-invalid' }),
      logEntry('r', 4, { kind: 'warning', code: 'email-invalid' }),
      logEntry('r', 5, { code: 'email-invalid' }),
    ];
    expect(groupLog(entries).map((g) => `${g.kind}:${g.code}:${g.entries.length}`)).toEqual([
      'rejection:mobile-invalid:2',
      'rejection:email-invalid:1',
      'rejection:email-missing:1',
      'warning:email-invalid:1',
      'skip:client-deleted:1',
    ]);
    expect(LONG_GROUP_ENTRIES).toBeLessThan(40);
  });
});
