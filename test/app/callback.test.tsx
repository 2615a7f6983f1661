// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { err, ok } from '../../src/domain/result';
import type { PendingAuthorization, Practice } from '../../src/worker/protocol';
import { PENDING_AUTHORIZATION_KEY, savePendingAuthorization } from '../../src/app/pending-authorization';
import { errorHelp, XPM_PERMISSION_STEPS } from '../../src/app/error-help';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices, wireError } from './support/harness';
import { tid } from '../support/ids';

const PENDING: PendingAuthorization = {
  state: 'st-1',
  codeVerifier: 'verifier',
  redirectUri: 'http://localhost:3000/callback',
  createdAt: 1,
};
const SMITH: Practice = { tenantId: tid('t-1'), connectionId: 'c-1', name: 'Smith & Co Accountants' };
const JONES: Practice = { tenantId: tid('t-2'), connectionId: 'c-2', name: 'Jones Partners' };
const CALLBACK_URL = 'http://localhost:3000/callback?code=the-code&state=st-1';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/callback?code=the-code&state=st-1');
});

afterEach(async () => {
  cleanup();
  await destroy(db);
  window.history.replaceState(null, '', '/');
});

describe('the OAuth callback', () => {
  it('deletes the pending authorization and cleans the address bar BEFORE the worker sees the callback', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const seenAtCall: { pending: string | null; search: string; href: string }[] = [];
    const api = fakeApi({
      completeAuthorization: async () => {
        seenAtCall.push({
          pending: window.sessionStorage.getItem(PENDING_AUTHORIZATION_KEY),
          search: window.location.search,
          href: window.location.href,
        });
        return ok({ practices: [SMITH] });
      },
    });
    renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'Choose your practice' });
    expect(api.completeAuthorization).toHaveBeenCalledOnce();
    expect(api.completeAuthorization).toHaveBeenCalledWith(CALLBACK_URL, PENDING);
    expect(seenAtCall).toEqual([{ pending: null, search: '', href: 'http://localhost:3000/callback' }]);
  });

  it('without a pending authorization (replayed or other tab): no call to the worker, an explanation and Try again', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/callback');
    const alert = await screen.findByText(errorHelp('auth/callback-invalid').title);
    expect(alert).toBeTruthy();
    expect(api.completeAuthorization).not.toHaveBeenCalled();
    expect(window.location.search).toBe('');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('an error result shows its plain-language explanation (not just the code)', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({
      completeAuthorization: async () => err(wireError('auth/access-denied', 'Access was not allowed on Xero’s page.')),
    });
    renderApp(testServices(db, api), '/callback');
    await screen.findByText(errorHelp('auth/access-denied').title);
    expect(screen.getByText(errorHelp('auth/access-denied').whatToDo)).toBeTruthy();
    expect(screen.getByText('Access was not allowed on Xero’s page.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(api.beginAuthorization).toHaveBeenCalledWith('http://localhost:3000/callback'));
  });

  it('declined consent: the worker’s sentence and what to do do not say the same thing twice', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    // The worker's own words (src/worker/xero-auth.ts) for Xero's error=access_denied.
    const declined = 'Access was not allowed on Xero’s page, so nothing was connected.';
    const api = fakeApi({ completeAuthorization: async () => err(wireError('auth/access-denied', declined)) });
    renderApp(testServices(db, api), '/callback');
    await screen.findByText(declined);
    const explanation = document.querySelector('[data-error-code="auth/access-denied"]')?.textContent ?? '';
    expect(explanation.match(/nothing was connected/g)).toHaveLength(1);
    expect(explanation).toContain('choose “Allow access”');
  });

  it('zero practices: explains the XPM permission with its steps', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({ completeAuthorization: async () => ok({ practices: [] }) });
    renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'No Xero Practice Manager practice was connected' });
    const steps = screen.getAllByRole('listitem').map((item) => item.textContent);
    for (const step of XPM_PERMISSION_STEPS) expect(steps).toContain(step);
    expect(screen.getByText(/Connect third-party add-ons/, { selector: 'p' })).toBeTruthy();
  });

  it('practice picker → name → preview → Start sync runs the first full sync and opens the Sync page', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({
      completeAuthorization: async () => ok({ practices: [SMITH, JONES] }),
      preview: async () => ok({ contacts: 1234, clients: 800, staff: 12, rejections: 56, skipped: 7 }),
      runSync: () => new Promise(() => undefined), // a first sync takes a while
    });
    const { history } = renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'Choose your practice' });
    const continueButton = screen.getByRole('button', { name: 'Continue' });
    expect((continueButton as HTMLButtonElement).disabled).toBe(true); // two practices: the user must choose

    fireEvent.click(screen.getByRole('radio', { name: 'Jones Partners' }));
    const name = screen.getByRole('textbox', { name: /Connection name/ }) as HTMLInputElement;
    expect(name.value).toBe('Jones Partners'); // defaults to the practice's name
    fireEvent.input(name, { target: { value: 'Jones – head office' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Smith & Co Accountants' }));
    expect(name.value).toBe('Jones – head office'); // an edited name is kept
    fireEvent.click(continueButton);

    await screen.findByRole('heading', { name: 'Ready to start the sync?' });
    expect(api.choosePractice).toHaveBeenCalledWith(SMITH, 'Jones – head office');
    expect(api.preview).toHaveBeenCalledOnce();
    for (const count of ['1,234', '800', '12', '56', '7']) expect(screen.getByText(count)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Start sync' }));
    await waitFor(() => expect(api.runSync).toHaveBeenCalledWith('full', 'first'));
    await waitFor(() => expect(history.get()).toBe('/sync'));
  });

  it('Later leaves the connection set up without starting a sync', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({ completeAuthorization: async () => ok({ practices: [SMITH] }) });
    const { history } = renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'Choose your practice' });
    expect((screen.getByRole('radio', { name: SMITH.name }) as HTMLInputElement).checked).toBe(true); // the only one
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Later' }));
    await waitFor(() => expect(history.get()).toBe('/sync'));
    expect(api.choosePractice).toHaveBeenCalledWith(SMITH, SMITH.name);
    expect(api.runSync).not.toHaveBeenCalled();
  });

  it('a connection name left blank is the practice’s name; Continue does not stay disabled without a word', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({ completeAuthorization: async () => ok({ practices: [SMITH, JONES] }) });
    renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'Choose your practice' });
    fireEvent.click(screen.getByRole('radio', { name: 'Jones Partners' }));
    fireEvent.input(screen.getByRole('textbox', { name: /Connection name/ }), { target: { value: '   ' } });
    const continueButton = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(continueButton.disabled).toBe(false);
    fireEvent.click(continueButton);
    await screen.findByRole('heading', { name: 'Ready to start the sync?' });
    expect(api.choosePractice).toHaveBeenCalledWith(JONES, JONES.name);
  });

  it('a failed choosePractice keeps the picker and explains', async () => {
    savePendingAuthorization(window.sessionStorage, PENDING);
    const api = fakeApi({
      completeAuthorization: async () => ok({ practices: [SMITH] }),
      choosePractice: async () => err(wireError('input/invalid', 'That practice is not one of those Xero connected.')),
    });
    renderApp(testServices(db, api), '/callback');
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    await screen.findByText('That practice is not one of those Xero connected.');
    expect(screen.getByRole('heading', { name: 'Choose your practice' })).toBeTruthy();
    expect(api.preview).not.toHaveBeenCalled();
  });
});

describe('the callback page reloaded (its address already clean): resumes the connect step (issue M5 item 6)', () => {
  beforeEach(() => window.history.replaceState(null, '', '/callback'));

  it('at the practice choice: the practices again, from the worker, and no sign-in answer is used', async () => {
    const api = fakeApi({ resumeConnect: async () => ok({ step: 'choose', practices: [SMITH, JONES] }) });
    renderApp(testServices(db, api), '/callback');
    await screen.findByRole('heading', { name: 'Choose your practice' });
    expect(screen.getByLabelText(JONES.name)).toBeTruthy();
    expect(api.completeAuthorization).not.toHaveBeenCalled();
    expect(screen.queryByText(errorHelp('auth/callback-invalid').title)).toBeNull();
  });

  it('at the preview: the preview again, with Start sync', async () => {
    const api = fakeApi({ resumeConnect: async () => ok({ step: 'preview', practiceName: SMITH.name }) });
    renderApp(testServices(db, api), '/callback');
    await screen.findByRole('button', { name: 'Start sync' });
    expect(api.preview).toHaveBeenCalledOnce();
    expect(screen.queryByText(errorHelp('auth/callback-invalid').title)).toBeNull();
  });

  it('with nothing to resume: says plainly to start again, with the Connect button, and no error', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/callback');
    await screen.findByText(/Connecting was interrupted before it finished/);
    expect(screen.getAllByRole('button', { name: 'Connect to Xero Practice Manager' }).length).toBeGreaterThan(0);
    expect(screen.queryByText(errorHelp('auth/callback-invalid').title)).toBeNull();
    expect(api.completeAuthorization).not.toHaveBeenCalled();
  });
});
