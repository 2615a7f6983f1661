// @vitest-environment jsdom
/**
 * C4 on the callback page: choosing a practice other than the one whose records are stored shows a
 * confirmation naming both practices and what is stored; Keep (the default) or Erase is passed to
 * the worker with the choice; Cancel goes back to the list and connects nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { ok } from '../../src/domain/result';
import type { PendingAuthorization, Practice } from '../../src/worker/protocol';
import type { PracticeSwitch } from '../../src/domain/practice';
import { savePendingAuthorization } from '../../src/app/pending-authorization';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';
import { tid } from '../support/ids';

const PENDING: PendingAuthorization = {
  state: 'st-1',
  codeVerifier: 'verifier',
  redirectUri: 'http://localhost:3000/callback',
  createdAt: 1,
};
const HARBOURSIDE: Practice = { tenantId: tid('t-1'), connectionId: 'c-1', name: 'Harbourside Accounting' };
const KAURI: Practice = { tenantId: tid('t-2'), connectionId: 'c-2', name: 'Kauri Partners' };
const OFFER: PracticeSwitch = {
  to: { tenantId: KAURI.tenantId, name: KAURI.name },
  from: [
    { practice: { tenantId: HARBOURSIDE.tenantId, name: HARBOURSIDE.name }, contacts: 1966, clients: 1537, staff: 1 },
  ],
};

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/callback?code=the-code&state=st-1');
  savePendingAuthorization(window.sessionStorage, PENDING);
});

afterEach(async () => {
  cleanup();
  await destroy(db);
  window.history.replaceState(null, '', '/');
});

async function chooseKauri(api: ReturnType<typeof fakeApi>) {
  renderApp(testServices(db, api), '/callback');
  fireEvent.click(await screen.findByRole('radio', { name: 'Kauri Partners' }));
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
  return screen.findByRole('heading', { name: 'Connect Kauri Partners instead of Harbourside Accounting?' });
}

describe('the practice guard on the callback page (C4)', () => {
  const practicesApi = () =>
    fakeApi({
      completeAuthorization: async () => ok({ practices: [HARBOURSIDE, KAURI] }),
      practiceSwitch: async () => ok(OFFER),
    });

  it('names both practices and what is stored; Keep is the default and is passed with the choice', async () => {
    const api = practicesApi();
    await chooseKauri(api);
    expect(api.practiceSwitch).toHaveBeenCalledWith(KAURI);
    expect(api.choosePractice).not.toHaveBeenCalled();
    expect(screen.getByText(/1,966 contacts, 1,537 clients, 1 staff member/)).toBeTruthy();
    const keep = screen.getByRole('radio', { name: /Keep them as manual records/ }) as HTMLInputElement;
    expect(keep.checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Connect Kauri Partners' }));
    await waitFor(() => expect(api.choosePractice).toHaveBeenCalledWith(KAURI, 'Kauri Partners', 'keep'));
    await screen.findByRole('heading', { name: 'Ready to start the sync?' });
  });

  it('Erase them is passed as erase', async () => {
    const api = practicesApi();
    await chooseKauri(api);
    fireEvent.click(screen.getByRole('radio', { name: /Erase them/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect Kauri Partners' }));
    await waitFor(() => expect(api.choosePractice).toHaveBeenCalledWith(KAURI, 'Kauri Partners', 'erase'));
  });

  it('Cancel goes back to the list of practices and connects nothing', async () => {
    const api = practicesApi();
    await chooseKauri(api);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByRole('heading', { name: 'Choose your practice' });
    expect(api.choosePractice).not.toHaveBeenCalled();
  });

  it('no other practice’s records: no confirmation, the practice is chosen at once', async () => {
    const api = fakeApi({ completeAuthorization: async () => ok({ practices: [HARBOURSIDE, KAURI] }) });
    renderApp(testServices(db, api), '/callback');
    fireEvent.click(await screen.findByRole('radio', { name: 'Kauri Partners' }));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(api.choosePractice).toHaveBeenCalledWith(KAURI, 'Kauri Partners'));
    expect(screen.queryByRole('heading', { name: /instead of/ })).toBeNull();
  });
});
