// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection, writeKv } from '../../src/storage/kv';
import type { FixEntry } from '../../src/domain/fix-list';
import { ok } from '../../src/domain/result';
import { outstandingByReason } from '../../src/storage/fix-list-queries';
import { logEntry, run, storedWords } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { CONNECTED, fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { rid, xcid } from '../support/ids';

const SEEN = Date.UTC(2026, 10, 20, 1, 0, 0);

function fix(seq: number, overrides: Partial<FixEntry> = {}): FixEntry {
  const {
    runId: _r,
    seq: _s,
    at: _a,
    ...issue
  } = logEntry('r1', seq, {
    code: 'mobile-invalid',
    field: 'Mobile',
    value: `0411 111 ${seq} (after 5pm)`,
    wording: storedWords(`Mobile of Person ${seq} holds a note.`, 'Put only the number in Mobile.'),
  });
  return { ...issue, firstSeenAt: SEEN, lastSeenAt: SEEN, lastRunId: rid('r1'), ...overrides };
}

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await writeConnection(db, CONNECTED);
  await db.runs.put(run('r1', { status: 'succeeded', phase: 'done', finishedAt: 2 }));
  // Two clients' counts in the keys rows (one from an older version, counted from its findings), and
  // a staff finding in kv.
  await db.sourceKeys.put({
    id: 1,
    entries: [
      {
        clientId: xcid('client-1'),
        hash: 'h1',
        counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: 2, contactsSkipped: 0 },
        imported: [],
        reasons: { 'rejection:mobile-invalid': 2, 'warning:phone-not-mobile': 1 },
      },
      {
        clientId: xcid('client-2'),
        hash: 'h2',
        counts: { clientRejected: 1, clientSkipped: 0, contactsRejected: 0, contactsSkipped: 0 },
        imported: [],
      },
    ],
  });
  await db.sourceSegments.put({
    id: 1,
    records: [
      {
        clientId: xcid('client-1'),
        hash: 'h1',
        findings: [],
        counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: 2, contactsSkipped: 0 },
        imported: [],
      },
      {
        clientId: xcid('client-2'),
        hash: 'h2',
        findings: [fix(9, { entity: 'client', kind: 'rejection', code: 'partner-missing', contactId: null })],
        counts: { clientRejected: 1, clientSkipped: 0, contactsRejected: 0, contactsSkipped: 0 },
        imported: [],
      },
    ],
  });
  await writeKv(db, 'unattributedFindings', [
    fix(20, { entity: 'staff', code: 'last-name-missing', clientId: null, contactId: null }),
  ]);
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await destroy(db);
});

describe('outstanding problems by reason', () => {
  it('totals the keys rows’ counts, reads findings where a client has none, and adds the staff findings', async () => {
    expect(await outstandingByReason(db)).toEqual({
      'rejection:mobile-invalid': 2,
      'warning:phone-not-mobile': 1,
      'rejection:partner-missing': 1,
      'rejection:last-name-missing': 1,
    });
  });

  it('the Sync page lists them by reason, each linking to the fix-list filtered to it', async () => {
    const UUID = xcid('5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b');
    const entries = [fix(1, { clientId: UUID }), fix(2)];
    const api = fakeApi({ fixList: async () => ok({ entries, total: 2 }) });
    renderApp(testServices(db, api), '/sync?reason=rejection%3Amobile-invalid');
    const table = await screen.findByRole('table', { name: 'Outstanding problems by reason' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      'Mobile not validNot imported2',
      'Last name missingNot imported1',
      'Partner missingNot imported1',
      'Phone is not a mobileImported with a warning1',
    ]);
    expect(screen.getByText(/5 problems in XPM need attention/)).toBeTruthy();
    const link = within(table).getByRole('link', { name: 'Mobile not valid' });
    expect(link.getAttribute('href')).toBe('/sync?reason=rejection%3Amobile-invalid#fix-list');
    expect(link.getAttribute('aria-current')).toBe('true');

    const grid = await screen.findByRole('grid', { name: 'Fix-list: Mobile not valid' });
    expect(api.fixList).toHaveBeenCalledWith('rejection:mobile-invalid');
    expect(grid.getAttribute('aria-rowcount')).toBe('3');
    const first = within(grid).getAllByRole('row')[1];
    if (first === undefined) throw new Error('no fix-list row');
    fireEvent.click(first);
    const detail = (await screen.findByText('Put only the number in Mobile.')).closest('.log-entry') as HTMLElement;
    expect(within(detail).getByText('Mobile of Person 1 holds a note.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open in XPM' }).getAttribute('href')).toBe(
      `http://xpm.test/Client/${UUID}/Detail`,
    );
  });

  it('each region on the Sync page has its own name (axe landmark-unique): the section and its table differ', async () => {
    renderApp(testServices(db, fakeApi()), '/sync');
    await screen.findByRole('table', { name: 'Outstanding problems by reason' });
    expect(screen.getByRole('region', { name: 'Outstanding problems' })).toBeTruthy();
    const names = screen
      .getAllByRole('region')
      .map((region) => document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent ?? '');
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('an unknown ?reason= shows no list', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/sync?reason=nonsense');
    await screen.findByRole('table', { name: 'Outstanding problems by reason' });
    expect(screen.queryByRole('grid')).toBeNull();
    expect(api.fixList).not.toHaveBeenCalled();
  });
});
