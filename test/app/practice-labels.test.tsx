// @vitest-environment jsdom
/**
 * C4 in the lists: when records of more than one practice are stored (another practice connected,
 * the old records kept), each record says which practice it came from; with one practice, none does.
 * Contacts made by hand come from no practice and are never labelled.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { NO_CONNECTION, type ConnectionInfo } from '../../src/domain/connection';
import { contact, staff } from '../contracts/records';
import { putContacts } from '../storage/support/records';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { tid } from '../support/ids';

const KAURI: ConnectionInfo = {
  ...NO_CONNECTION,
  status: 'connected',
  tenantId: tid('t-2'),
  connectionId: 'c-2',
  practiceName: 'Kauri Partners',
  name: 'Kauri',
  connectedAt: 1,
  firstSyncStarted: true,
};
const HARBOURSIDE = { tenantId: tid('t-1'), name: 'Harbourside Accounting' };

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  await writeConnection(db, KAURI);
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const practiceTags = () => [...document.querySelectorAll('.practice-of')].map((el) => el.textContent);

describe('lists name the practice of each record when there are several (C4)', () => {
  it('staff: kept records name their practice, the connected practice’s name theirs', async () => {
    await db.staff.bulkPut([
      staff('s1', {
        name: 'Old Partner',
        email: 'old@harbourside.example',
        state: 'disconnected',
        practice: HARBOURSIDE,
      }),
      staff('s2', { name: 'New Partner', email: 'new@kauri.example' }),
    ]);
    renderApp(testServices(db, fakeApi()), '/staff');
    await screen.findByText('Old Partner');
    await waitFor(() => expect(practiceTags().sort()).toEqual(['Harbourside Accounting', 'Kauri Partners']));
  });

  it('contacts: a contact made by hand is not labelled; one practice only → no labels', async () => {
    await putContacts(db, [
      contact('a', { name: 'Ana Old', state: 'manual', practice: HARBOURSIDE }),
      contact('b', { name: 'Ben New' }),
      contact('m', { name: 'Mia Mine', state: 'manual', origin: 'manual', sourceKeys: [], links: [] }),
    ]);
    const first = renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Mia Mine');
    await waitFor(() => expect(practiceTags().sort()).toEqual(['Harbourside Accounting', 'Kauri Partners']));
    first.unmount();

    await putContacts(db, [contact('a', { name: 'Ana Old', state: 'manual', practice: KAURI_STAMP })]);
    renderApp(testServices(db, fakeApi()), '/');
    await screen.findByText('Ana Old');
    await screen.findByText('Ben New');
    await waitFor(() => expect(practiceTags()).toEqual([]));
    expect(screen.getByText('Ana Old')).toBeTruthy();
  });
});

const KAURI_STAMP = { tenantId: tid('t-2'), name: 'Kauri Partners' };
