// @vitest-environment jsdom
/**
 * Clients page: a client imported before whose XPM record is now rejected says so in its row, counts
 * under "With warnings", and its panel explains what is wrong and what to change in XPM.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import type { ClientRecord } from '../../src/domain/records';
import { formatDate } from '../../src/app/format';
import { explainIssue } from '../../src/domain/wording/findings';
import { client, logEntry } from '../contracts/records';
import { xcid } from '../support/ids';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, TEST_CONFIG, testServices } from './support/harness';
import { putClients } from '../storage/support/records';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

function legalNames(grid: HTMLElement): string[] {
  return within(grid)
    .getAllByRole('row')
    .filter((row) => row.getAttribute('aria-rowindex') !== '1')
    .map((row) => within(row).getAllByRole('gridcell')[0]?.textContent ?? '');
}

describe('Clients page', () => {
  it('a client XPM now rejects: its row says so, it counts under "With warnings", and its panel says why', async () => {
    const {
      runId: _r,
      seq: _s,
      at: _a,
      ...issue
    } = logEntry('r2', 0, {
      entity: 'client',
      kind: 'rejection',
      code: 'partner-missing',
      clientId: xcid('k2'),
      clientNumericId: '902',
      contactId: null,
      clientName: 'Beta Trust',
      personName: null,
      field: null,
      value: null,
    });
    const beta: ClientRecord = client('k2', {
      legalName: 'Beta Trust',
      code: 'BET02',
      xpmId: xcid('k2'),
      rejectedInXpm: [{ ...issue, firstSeenAt: Date.UTC(2026, 3, 2, 9) }],
    });
    await putClients(db, [
      client('k1', { legalName: 'Acme Pty Ltd', code: 'ACM01' }),
      beta,
      client('k3', { legalName: 'Gamma Co', code: 'GAM03', warnings: ['email-invalid'] }),
      // Missing in XPM: its own notice says why it is not updated, not the rejection.
      client('k4', { legalName: 'Delta Ltd', code: 'DEL04', missingInXpm: true, rejectedInXpm: beta.rejectedInXpm }),
    ]);
    renderApp(testServices(db, fakeApi()), '/clients');
    const grid = await screen.findByRole('grid', { name: 'Clients' });
    await waitFor(() => expect(legalNames(grid)).toHaveLength(4));
    const rowOf = (name: string) => {
      const row = within(grid)
        .getAllByRole('row')
        .find((r) => r.textContent?.includes(name));
      if (row === undefined) throw new Error(`${name} is not listed`);
      return row;
    };
    expect(rowOf('Beta Trust').textContent).toContain('Not updated: rejected in XPM');
    expect(rowOf('Delta Ltd').textContent).not.toContain('rejected in XPM');
    expect(rowOf('Acme Pty Ltd').textContent).not.toContain('rejected in XPM');

    const statusFilter = screen.getByRole('combobox', { name: 'Status' });
    fireEvent.change(statusFilter, { target: { value: 'warnings' } });
    expect(legalNames(grid)).toEqual(['Beta Trust', 'Gamma Co']);
    fireEvent.change(statusFilter, { target: { value: 'all' } });

    fireEvent.click(rowOf('Beta Trust'));
    const detail = await screen.findByRole('complementary', { name: 'Beta Trust' });
    const note = await within(detail).findByRole('region', {
      name: 'Not updated: XPM’s record of this client is rejected.',
    });
    expect(note.textContent).toContain('The values shown are the last good ones a sync brought');
    expect(note.textContent).toContain('the next sync updates this client');
    expect(note.textContent).toContain(formatDate(Date.UTC(2026, 3, 2, 9)));
    const words = explainIssue(issue);
    expect(note.textContent).toContain(words.message);
    expect(note.textContent).toContain(words.suggestion);
    const open = within(note).getByRole('link', { name: /Open in XPM/ });
    expect(open.getAttribute('href')).toBe(`${TEST_CONFIG.xpmWebUrl}/Client/902/Detail`);
  });
});
