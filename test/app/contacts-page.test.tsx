// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import type { ContactRecord } from '../../src/domain/records';
import {
  DEFAULT_CONTACT_SORT,
  FIRST_PAINT_ROWS,
  readContactRows,
  readFirstContactRows,
} from '../../src/app/lists/contact-rows';
import { sortRows } from '../../src/app/lists/sort';
import { formatDate } from '../../src/app/format';
import { warningHelp } from '../../src/app/reason-help';
import { change, contact, logEntry, run } from '../contracts/records';
import { explainIssue } from '../../src/domain/wording/findings';
import { xcid, xkid } from '../support/ids';
import { destroy } from '../storage/support/dexie';
import { fakeApi, liveQuerySees, openTestDb, renderApp, TEST_CONFIG, testServices } from './support/harness';
import { putContacts, storedContacts } from '../storage/support/records';
import { refreshListHeads } from '../../src/storage/list-heads';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const PEOPLE: readonly ContactRecord[] = [
  contact('c1', { name: 'Zoë Adams', email: 'zoe@adams.com', mobile: '+61412345678' }),
  contact('c2', { name: 'bob brown', email: 'bob@brown.com', mobile: null }),
  contact('c3', { name: 'Carla Cruz', email: 'carla@cruz.com', stale: 'superseded', origin: 'client' }),
  contact('c4', { name: 'Dan Dunn', email: 'dan@dunn.com', state: 'manual', warnings: ['duplicate-merged'] }),
  contact('c5', { name: 'Eve Evans', email: 'eve@evans.com', missingInXpm: true }),
];

function grid(): HTMLElement {
  return screen.getByRole('grid', { name: 'Contacts' });
}

function names(): string[] {
  return within(grid())
    .getAllByRole('row')
    .filter((row) => row.getAttribute('aria-rowindex') !== '1')
    .map((row) => within(row).getAllByRole('gridcell')[0]?.textContent ?? '');
}

const status = () => screen.getByText(/of \d+ contacts/);

describe('Contacts page', () => {
  it('lists contacts by name (case- and accent-insensitive) with a count', async () => {
    await putContacts(db, PEOPLE);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(status().textContent).toContain('5 of 5 contacts'));
    expect(names()).toEqual(['bob brown', 'Carla Cruz', 'Dan Dunn', 'Eve Evans', 'Zoë Adams']);
    expect(screen.getByRole('heading', { name: 'Contacts' })).toBeTruthy();
  });

  it('searches as you type over name, email and mobile', async () => {
    await putContacts(db, PEOPLE);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(5));
    const search = screen.getByRole('searchbox', { name: 'Search contacts' });
    fireEvent.input(search, { target: { value: 'zoe' } });
    expect(names()).toEqual(['Zoë Adams']);
    expect(status().textContent).toContain('1 of 5 contacts');
    fireEvent.input(search, { target: { value: '0412 345' } });
    expect(names()).toEqual(['Zoë Adams']);
    fireEvent.input(search, { target: { value: 'BROWN.COM' } });
    expect(names()).toEqual(['bob brown']);
    fireEvent.input(search, { target: { value: 'nobody' } });
    expect(screen.getByText('No contacts match the search and filters.')).toBeTruthy();
  });

  it('filters by source and status', async () => {
    await putContacts(db, PEOPLE);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(5));
    const source = screen.getByRole('combobox', { name: 'Source' });
    fireEvent.change(source, { target: { value: 'stale' } });
    expect(names()).toEqual(['Carla Cruz']);
    fireEvent.change(source, { target: { value: 'missing' } });
    expect(names()).toEqual(['Eve Evans']);
    fireEvent.change(source, { target: { value: 'manual' } });
    expect(names()).toEqual(['Dan Dunn']);
    fireEvent.change(source, { target: { value: 'synced' } });
    expect(names()).toEqual(['bob brown', 'Zoë Adams']);
    fireEvent.change(source, { target: { value: 'all' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'warnings' } });
    expect(names()).toEqual(['Dan Dunn']);
  });

  it('sorts by a column header, flipping on a second click (aria-sort)', async () => {
    await putContacts(db, PEOPLE);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'Email' }));
    expect(names()).toEqual(['bob brown', 'Carla Cruz', 'Dan Dunn', 'Eve Evans', 'Zoë Adams']);
    const emailHeader = screen.getAllByRole('columnheader').find((h) => h.textContent === 'Email');
    expect(emailHeader?.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: 'Email' }));
    expect(emailHeader?.getAttribute('aria-sort')).toBe('descending');
    expect(names()[0]).toBe('Zoë Adams');
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(names()[0]).toBe('Zoë Adams');
  });

  it('shows what the worker writes, without any message', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('No contacts yet.');
    await putContacts(db, PEOPLE.slice(0, 2));
    await waitFor(() => expect(names()).toEqual(['bob brown', 'Zoë Adams']));
  });

  it('waits for a running sync to finish before re-reading the list', async () => {
    await putContacts(db, PEOPLE.slice(0, 1));
    await db.runs.put(run('r1', { status: 'running', heartbeatAt: Date.now(), startedAt: Date.now() }));
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toEqual(['Zoë Adams']));
    await screen.findByText(/this list refreshes when it finishes/);
    await putContacts(db, PEOPLE.slice(1, 3));
    await liveQuerySees(
      async () => (await storedContacts(db)).length,
      (count) => count === 3,
    );
    expect(names()).toEqual(['Zoë Adams']);
    await db.runs.put(
      run('r1', { status: 'succeeded', heartbeatAt: Date.now(), startedAt: Date.now(), finishedAt: Date.now() }),
    );
    await waitFor(() => expect(names()).toEqual(['bob brown', 'Carla Cruz', 'Zoë Adams']));
  });

  it('opens a contact: values, XPM sources with "Edit this in XPM", warnings, state, change history', async () => {
    const base = contact('c4', {
      name: 'Dan Dunn',
      email: 'dan@new.com',
      warnings: ['duplicate-merged'],
      emailChangedAt: Date.UTC(2026, 2, 3, 10),
      stale: 'superseded',
    });
    // XPM sent the client's integer id, so the link uses Xero's documented form (M11).
    const dan = { ...base, links: base.links.map((l) => ({ ...l, clientNumericId: '812' })) };
    await putContacts(db, [dan, PEOPLE[0] as ContactRecord]);
    await db.changes.bulkAdd([
      change('c4', 'r1', { at: Date.UTC(2026, 2, 3, 10), field: 'email', from: 'dan@old.com', to: 'dan@new.com' }),
      change('c4', 'r0', { at: Date.UTC(2026, 1, 1, 10), field: 'mobile', from: null, to: '+61400000000' }),
    ]);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(2));
    const row = within(grid())
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('Dan Dunn'));
    if (row === undefined) throw new Error('Dan is not listed');
    fireEvent.click(row);

    const detail = await screen.findByRole('complementary', { name: 'Dan Dunn' });
    // The email as a fact of the record (the change history, once loaded, shows it too).
    expect(
      within(detail)
        .getAllByText('dan@new.com')
        .some((e) => e.tagName === 'DD'),
    ).toBe(true);
    expect(within(detail).getByText(`Email changed in XPM on ${formatDate(Date.UTC(2026, 2, 3, 10))}.`)).toBeTruthy();
    expect(within(detail).getByText(/Stale — superseded by a contact record/)).toBeTruthy();
    expect(within(detail).getByText(/Synced contacts are read-only here: edit this in XPM/)).toBeTruthy();
    const link = within(detail).getByRole('link', { name: /Edit this in XPM/ });
    expect(link.getAttribute('href')).toBe(`${TEST_CONFIG.xpmWebUrl}/Client/812/Detail`);
    expect(within(detail).getByText('Client of c4')).toBeTruthy();
    expect(within(detail).getByText(warningHelp('duplicate-merged').explanation, { exact: false })).toBeTruthy();
    const history = await within(detail).findByRole('table');
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['Email', 'Mobile']);
    expect(rows[0]?.classList.contains('highlight')).toBe(true);
    expect(within(rows[0] as HTMLElement).getByText('dan@old.com')).toBeTruthy();

    fireEvent.click(within(detail).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
    expect(document.activeElement).toBe(grid());
  });

  it('a contact XPM now rejects: listed under "With warnings", and its panel says what is wrong, that these are the last good values and what to do', async () => {
    const fay = contact('c6', { name: 'Fay Fox', email: 'fay@fox.com', updatedAt: Date.UTC(2026, 3, 1, 9) });
    const {
      runId: _r,
      seq: _s,
      at: _a,
      ...issue
    } = logEntry('r2', 0, {
      clientId: xcid('client-of-c6'),
      clientNumericId: '816',
      contactId: xkid('c6'),
      clientName: 'Client of c6',
      personName: 'Fay Fox',
      value: 'fay@fox',
    });
    const rejected: ContactRecord = { ...fay, rejectedInXpm: [{ ...issue, firstSeenAt: Date.UTC(2026, 3, 2, 9) }] };
    await putContacts(db, [...PEOPLE, rejected]);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(6));
    const row = within(grid())
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('Fay Fox'));
    if (row === undefined) throw new Error('Fay is not listed');
    expect(row.textContent).toContain('Not updated: rejected in XPM');
    const statusFilter = screen.getByRole('combobox', { name: 'Status' });
    fireEvent.change(statusFilter, { target: { value: 'warnings' } });
    expect(names()).toEqual(['Dan Dunn', 'Fay Fox']);
    fireEvent.change(statusFilter, { target: { value: 'no-warnings' } });
    expect(names()).not.toContain('Fay Fox');
    fireEvent.change(statusFilter, { target: { value: 'all' } });

    const shown = within(grid())
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('Fay Fox'));
    if (shown === undefined) throw new Error('Fay is not listed');
    fireEvent.click(shown);
    const detail = await screen.findByRole('complementary', { name: 'Fay Fox' });
    const note = await within(detail).findByRole('region', {
      name: 'Not updated: XPM’s record of this contact is rejected.',
    });
    expect(note.textContent).toContain('The values shown are the last good ones a sync brought');
    expect(note.textContent).toContain(formatDate(Date.UTC(2026, 3, 2, 9)));
    const words = explainIssue(issue);
    expect(note.textContent).toContain(words.message);
    expect(note.textContent).toContain(words.suggestion);
    expect(within(note).getByText('fay@fox').tagName).toBe('CODE');
    const open = within(note).getByRole('link', { name: /Open in XPM/ });
    expect(open.getAttribute('href')).toBe(`${TEST_CONFIG.xpmWebUrl}/Client/816/Detail`);
    // The values are the last good ones.
    expect(
      within(detail)
        .getAllByText('fay@fox.com')
        .some((e) => e.tagName === 'DD'),
    ).toBe(true);
  });

  it('a manual contact a sync took over (R4b): its history shows the values XPM replaced and that it is now synced', async () => {
    const gus = contact('c7', { name: 'Gus Green', email: 'gus@green.com', mobile: '+61412000007' });
    await putContacts(db, [gus]);
    await db.changes.bulkAdd([
      change('c7', 'r1', { at: Date.UTC(2026, 2, 3, 10), field: 'mobile', from: null, to: '+61412000007' }),
      change('c7', 'r1', { at: Date.UTC(2026, 2, 3, 10), field: 'source', from: 'manual', to: 'synced' }),
    ]);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toEqual(['Gus Green']));
    const row = within(grid())
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('Gus Green'));
    if (row === undefined) throw new Error('Gus is not listed');
    fireEvent.click(row);
    const detail = await screen.findByRole('complementary', { name: 'Gus Green' });
    const history = await within(detail).findByRole('table');
    const rows = within(history)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .slice(1)
          .map((cell) => cell.textContent),
      );
    expect(rows).toContainEqual(['Source', 'Manual', 'Synced from XPM']);
    expect(rows).toContainEqual(['Mobile', '—', expect.stringContaining('412')]);
  });

  it('opens a contact from the keyboard', async () => {
    await putContacts(db, PEOPLE);
    renderApp(testServices(db, fakeApi()), '/');
    await waitFor(() => expect(names()).toHaveLength(5));
    grid().focus();
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    fireEvent.keyDown(grid(), { key: 'Enter' });
    const detail = await screen.findByRole('complementary', { name: 'Carla Cruz' });
    // Escape closes it as Close does, and the list has the focus back.
    fireEvent.keyDown(within(detail).getByRole('heading', { name: 'Carla Cruz' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
    expect(document.activeElement).toBe(grid());
  });
});

describe('first paint', () => {
  it(`reads only the first ${FIRST_PAINT_ROWS} contacts from the name index, in list order, far faster than the full list`, async () => {
    const many: ContactRecord[] = [];
    for (let i = 0; i < 25_000; i++)
      many.push(
        contact(`id-${String(i).padStart(5, '0')}`, { name: `Person ${String((i * 7919) % 25_000).padStart(5, '0')}` }),
      );
    await putContacts(db, many);
    await refreshListHeads(db); // as the worker does after every run

    const firstStart = performance.now();
    const first = await readFirstContactRows(db);
    const firstMs = performance.now() - firstStart;
    const fullStart = performance.now();
    const full = await readContactRows(db);
    const fullMs = performance.now() - fullStart;

    expect(first).toHaveLength(FIRST_PAINT_ROWS);
    expect(first[0]?.record.name).toBe('Person 00000');
    expect(first.map((r) => r.record.name)).toEqual([...first.map((r) => r.record.name)].sort());
    expect(full).toHaveLength(25_000);
    // Sorted as it was read (chunk by chunk), identical to sorting the whole list at once.
    expect(full.map((r) => r.id)).toEqual(sortRows(full, DEFAULT_CONTACT_SORT).map((r) => r.id));
    console.info(
      `first paint read: ${firstMs.toFixed(1)} ms; full chunked read: ${fullMs.toFixed(1)} ms (25,000 contacts, fake-indexeddb)`,
    );
    expect(firstMs * 5).toBeLessThan(fullMs);
  }, 60_000);

  it('right after a sync batch, with no rebuild yet, comes from the stored first rows: no keys row is read', async () => {
    // The moment a run ends: the Contacts page opened before anything rebuilt the list heads. Reading
    // every keys row then (on the page, or in a rebuild holding the lists) cost 0.5–1.5 s at 50,000 contacts.
    const many: ContactRecord[] = [];
    for (let i = 0; i < 2_000; i++)
      many.push(
        contact(`id-${String(i).padStart(5, '0')}`, { name: `Person ${String((i * 17) % 2_000).padStart(5, '0')}` }),
      );
    await putContacts(db, many);
    const keysRead = vi.spyOn(db.contactKeys, 'each');
    const keysListed = vi.spyOn(db.contactKeys, 'toArray');

    const first = await readFirstContactRows(db);

    expect(first).toHaveLength(FIRST_PAINT_ROWS);
    expect(first.map((r) => r.record.name).slice(0, 3)).toEqual(['Person 00000', 'Person 00001', 'Person 00002']);
    expect(keysRead).not.toHaveBeenCalled();
    expect(keysListed).not.toHaveBeenCalled();
  });
});
