// @vitest-environment jsdom
/** Readable everywhere: one explanation per state, technical detail folded away, mobiles in national format. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { updateSettings, writeConnection } from '../../src/storage/kv';
import { NO_CONNECTION, type ConnectionInfo } from '../../src/domain/connection';
import { errorHelp } from '../../src/app/error-help';
import { contact, run } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { putContacts } from '../storage/support/records';
import { fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';
import { tid } from '../support/ids';

const REVOKED_REASON =
  'Xero no longer accepts this connection (it was revoked or has expired). Reconnect to continue syncing.';

const REVOKED: ConnectionInfo = {
  ...NO_CONNECTION,
  status: 'reconnect-needed',
  tenantId: tid('t-1'),
  connectionId: 'c-1',
  practiceName: 'Smith & Co Accountants',
  name: 'Smith & Co Accountants',
  connectedAt: 1,
  firstSyncStarted: true,
  reason: REVOKED_REASON,
};

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

/** How many times `text` appears on the page. */
function occurrences(text: string): number {
  return (document.body.textContent ?? '').split(text).length - 1;
}

describe('one explanation per state', () => {
  it('a revoked connection is explained once on the Sync page, though the last run failed for that reason', async () => {
    await writeConnection(db, REVOKED);
    await db.runs.put(
      run('r1', {
        status: 'failed',
        finishedAt: Date.now(),
        error: wireError('auth/reconnect-needed', REVOKED_REASON),
      }),
    );
    renderApp(testServices(db, fakeApi()), '/sync');
    await screen.findByRole('heading', { name: 'Reconnect to Xero Practice Manager', level: 3 });
    await screen.findByRole('region', { name: 'Last sync' });
    expect(occurrences(REVOKED_REASON)).toBe(1);
    expect(occurrences(errorHelp('auth/reconnect-needed').whatToDo)).toBe(1);
    // The run's summary names what ended it and points to the panel, without repeating it.
    const summary = screen.getByRole('region', { name: 'Last sync' });
    expect(within(summary).getByText(/This sync ended early: Reconnect to Xero Practice Manager/)).toBeTruthy();
  });
});

describe('one failure, one place on the Sync page (the Last sync card)', () => {
  const CONNECTED: ConnectionInfo = { ...REVOKED, status: 'connected', reason: null };
  const FAILURE = wireError('xpm/server-error', 'XPM answered 503 five times.');
  const failed = (id: string, at: number) =>
    run(id, { status: 'failed', phase: 'done', startedAt: at, heartbeatAt: at, finishedAt: at, error: FAILURE });

  it('a failed run: its reason and fix are in Last sync only, with no banner repeating them', async () => {
    await writeConnection(db, CONNECTED);
    await db.runs.put(failed('r1', Date.now()));
    renderApp(testServices(db, fakeApi()), '/sync');
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    await within(lastSync).findByText(`This sync ended early: ${errorHelp('xpm/server-error').title}`);
    expect(occurrences(errorHelp('xpm/server-error').title)).toBe(1);
    expect(occurrences(errorHelp('xpm/server-error').whatToDo)).toBe(1);
    expect(within(lastSync).getByText(errorHelp('xpm/server-error').whatToDo)).toBeTruthy();
    expect(screen.queryByText(/The last sync failed/)).toBeNull();
  });

  it('Resync Now that fails: the run’s record explains it, not a second loose alert as well', async () => {
    await writeConnection(db, CONNECTED);
    const api = fakeApi({
      runSync: async () => {
        await db.runs.put(failed('r2', Date.now()));
        return { ok: false, error: FAILURE };
      },
    });
    renderApp(testServices(db, api), '/sync');
    const resyncNow = await screen.findByRole('button', { name: 'Resync Now' });
    await waitFor(() => expect((resyncNow as HTMLButtonElement).disabled).toBe(false));
    resyncNow.click();
    const lastSync = await screen.findByRole('region', { name: 'Last sync' });
    await within(lastSync).findByText(`This sync ended early: ${errorHelp('xpm/server-error').title}`);
    await waitFor(() => expect((resyncNow as HTMLButtonElement).disabled).toBe(false));
    expect(occurrences(errorHelp('xpm/server-error').title)).toBe(1);
    expect(occurrences(errorHelp('xpm/server-error').whatToDo)).toBe(1);
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
  });

  it('three failures in a row: the S10 banner counts them and names the error; the fix is said once, in Last sync', async () => {
    await writeConnection(db, CONNECTED);
    const now = Date.now();
    await db.runs.bulkPut([failed('r1', now - 3_000), failed('r2', now - 2_000), failed('r3', now - 1_000)]);
    renderApp(testServices(db, fakeApi()), '/sync');
    const banner = await screen.findByTestId('failure-streak-banner');
    expect(banner.textContent).toContain('Syncing has failed 3 times in a row.');
    expect(banner.textContent).toContain(`The last error: ${errorHelp('xpm/server-error').title}`);
    await screen.findByRole('region', { name: 'Last sync' });
    expect(occurrences(errorHelp('xpm/server-error').whatToDo)).toBe(1);
  });
});

describe('plain-language errors', () => {
  it('keeps a parser’s message and the code behind "Details"', async () => {
    await writeConnection(db, { ...REVOKED, status: 'connected', reason: null });
    await db.runs.put(
      run('r1', {
        status: 'failed',
        finishedAt: Date.now(),
        error: wireError('xml/malformed', '1:145: unexpected close tag.', { status: 200 }),
      }),
    );
    renderApp(testServices(db, fakeApi()), '/');
    const banner = await screen.findByText(/The last sync failed: XPM’s answer was incomplete or damaged/);
    const explanation = banner.closest('.error-explanation') as HTMLElement;
    const details = explanation.querySelector('details');
    expect(details?.open).toBe(false);
    expect(within(details as HTMLElement).getByText('Details')).toBeTruthy();
    expect(within(details as HTMLElement).getByText('1:145: unexpected close tag.')).toBeTruthy();
    expect(within(details as HTMLElement).getByText('xml/malformed')).toBeTruthy();
    // Outside the disclosure, only plain words.
    const outside = [...explanation.children]
      .filter((child) => child !== details)
      .map((c) => c.textContent)
      .join(' ');
    expect(outside).not.toMatch(/unexpected close tag|xml\/malformed|proxy/i);
    expect(outside).toContain(errorHelp('xml/malformed').whatToDo);
  });
});

describe('mobiles', () => {
  it('are listed in the national format of the default country, with the E.164 value on hover', async () => {
    await putContacts(db, [
      contact('c1', { name: 'Ann Local', email: 'ann@local.com', mobile: '+61412345678' }),
      contact('c2', { name: 'Ben Abroad', email: 'ben@abroad.com', mobile: '+64212345678' }),
    ]);
    renderApp(testServices(db, fakeApi()), '/');
    const local = await screen.findByText('0412 345 678');
    expect(local.getAttribute('title')).toBe('+61412345678');
    expect(screen.getByText('+64 21 234 5678').getAttribute('title')).toBe('+64212345678');

    await updateSettings(db, { defaultCountry: 'NZ' });
    await screen.findByText('021 234 5678');
    expect(screen.getByText('+61 412 345 678')).toBeTruthy();
  });

  it('the detail panel links the number for calling and offers its E.164 value to copy', async () => {
    await putContacts(db, [contact('c1', { name: 'Ann Local', email: 'ann@local.com', mobile: '+61412345678' })]);
    renderApp(testServices(db, fakeApi()), '/');
    (await screen.findByText('Ann Local')).click();
    const detail = await screen.findByRole('complementary', { name: 'Ann Local' });
    const call = within(detail).getByRole('link', { name: '0412 345 678' });
    expect(call.getAttribute('href')).toBe('tel:+61412345678');
    await waitFor(() => expect(within(detail).getByRole('button', { name: 'Copy +61412345678' })).toBeTruthy());
  });
});
