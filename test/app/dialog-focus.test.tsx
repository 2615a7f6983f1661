// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { writeConnection } from '../../src/storage/kv';
import { NO_CONNECTION } from '../../src/domain/connection';
import { ok } from '../../src/domain/result';
import { returnFocus } from '../../src/app/primitives/modal';
import { contact, staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { putContacts } from '../storage/support/records';
import { CONNECTED, fakeApi, openTestDb, renderApp, testServices } from './support/harness';

/**
 * Where keyboard focus lands when each of the app's dialogs closes (Cancel, Escape, the action, and
 * the action that takes the dialog's opener away with it).
 *
 * jsdom ignores `inert`; a browser does not focus an element inside an inert subtree (the call is a
 * no-op). Emulating that is what makes the return testable here: focus given back while the app behind
 * is still inert is lost to <body>, as it was in the browser. Every focus() that takes is logged, so a
 * test can check that exactly one party moved focus.
 */
const nativeFocus = HTMLElement.prototype.focus;
let focused: HTMLElement[] = [];
function insideInert(element: HTMLElement): boolean {
  for (let node: HTMLElement | null = element; node !== null; node = node.parentElement) {
    // The attribute, or the property (how Solid sets `inert`, which jsdom keeps as a plain field).
    if (node.hasAttribute('inert') || (node as { inert?: unknown }).inert === true) return true;
  }
  return false;
}
function focusRespectingInert(this: HTMLElement, options?: FocusOptions): void {
  if (insideInert(this)) return;
  nativeFocus.call(this, options);
  if (document.activeElement === this) focused.push(this);
}

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  HTMLElement.prototype.focus = focusRespectingInert;
  focused = [];
});

afterEach(async () => {
  HTMLElement.prototype.focus = nativeFocus;
  cleanup();
  await destroy(db);
});

/** Focuses `button` (a click in jsdom does not) and clicks it: what a keyboard user's Enter does. */
function press(button: HTMLElement): void {
  button.focus();
  fireEvent.click(button);
}

function grid(name: string): HTMLElement {
  return screen.getByRole('grid', { name });
}

function openRow(list: string, name: string): void {
  const row = within(grid(list))
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(name));
  if (!row) throw new Error(`no row ${name}`);
  fireEvent.click(row);
}

async function dialogClosed(): Promise<void> {
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
}

describe('New contact: focus goes back to New contact', () => {
  it('after Escape', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    const opener = await screen.findByRole('button', { name: 'New contact' });
    press(opener);
    const dialog = screen.getByRole('dialog', { name: 'New contact' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(within(dialog).getByLabelText('Name'), { key: 'Escape' });
    await dialogClosed();
    expect(document.activeElement).toBe(opener);
  });

  it('after Cancel', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    const opener = await screen.findByRole('button', { name: 'New contact' });
    press(opener);
    press(within(screen.getByRole('dialog', { name: 'New contact' })).getByRole('button', { name: 'Cancel' }));
    await dialogClosed();
    expect(document.activeElement).toBe(opener);
  });

  it('after Save', async () => {
    const api = fakeApi({
      saveManualContact: async () => ok({ kind: 'saved', contact: contact('n', { name: 'Kim Lo', state: 'manual' }) }),
    });
    renderApp(testServices(db, api), '/');
    const opener = await screen.findByRole('button', { name: 'New contact' });
    press(opener);
    press(within(screen.getByRole('dialog', { name: 'New contact' })).getByRole('button', { name: 'Save' }));
    await dialogClosed();
    expect(document.activeElement).toBe(opener);
  });
});

describe('a manual contact’s panel', () => {
  beforeEach(async () => {
    await putContacts(db, [
      contact('m', { name: 'Mia Manual', state: 'manual', sourceKeys: [] }),
      contact('s', { name: 'Sam Synced' }),
    ]);
  });

  async function openMia(): Promise<HTMLElement> {
    await screen.findByText('Mia Manual');
    openRow('Contacts', 'Mia Manual');
    return screen.findByRole('complementary', { name: 'Mia Manual' });
  }

  it('Edit, then Save: focus goes back to Edit', async () => {
    const api = fakeApi({
      saveManualContact: async () =>
        ok({ kind: 'saved', contact: contact('m', { name: 'Mia Manual', state: 'manual' }) }),
    });
    renderApp(testServices(db, api), '/');
    const panel = await openMia();
    const edit = within(panel).getByRole('button', { name: 'Edit' });
    press(edit);
    press(within(screen.getByRole('dialog', { name: 'Edit Mia Manual' })).getByRole('button', { name: 'Save' }));
    await dialogClosed();
    expect(document.activeElement).toBe(edit);
  });

  it('Delete, then Cancel or Escape: focus goes back to Delete', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/');
    const panel = await openMia();
    const del = within(panel).getByRole('button', { name: 'Delete' });
    press(del);
    press(
      within(screen.getByRole('alertdialog', { name: 'Delete Mia Manual?' })).getByRole('button', { name: 'Cancel' }),
    );
    await dialogClosed();
    expect(document.activeElement).toBe(del);

    press(del);
    fireEvent.keyDown(screen.getByRole('alertdialog', { name: 'Delete Mia Manual?' }), { key: 'Escape' });
    await dialogClosed();
    expect(document.activeElement).toBe(del);
    expect(screen.getByRole('complementary', { name: 'Mia Manual' })).toBe(panel); // Escape closed only the dialog
    expect(api.deleteManualContact).not.toHaveBeenCalled();
  });

  it('Delete confirmed: the panel and its Delete button are gone, so focus goes to the list, moved once', async () => {
    const api = fakeApi();
    renderApp(testServices(db, api), '/');
    const panel = await openMia();
    press(within(panel).getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete Mia Manual?' });
    const yes = within(confirm).getByRole('button', { name: 'Delete' });
    yes.focus();
    focused = [];
    fireEvent.click(yes);
    await dialogClosed();
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(api.deleteManualContact).toHaveBeenCalledWith('m');
    expect(document.activeElement).toBe(grid('Contacts'));
    expect(focused).toEqual([grid('Contacts')]); // one party moved focus, once
  });

  it('Close (no dialog) still hands focus to the list', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    const panel = await openMia();
    press(within(panel).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
    expect(document.activeElement).toBe(grid('Contacts'));
  });
});

describe('Remove: the record goes, and focus goes to its list', () => {
  it('a stale contact’s Remove', async () => {
    await putContacts(db, [contact('k', { name: 'Kay Client', origin: 'client', stale: 'superseded' })]);
    const api = fakeApi({ removeRecords: async () => ok({ contacts: 1, clients: 0, staff: 0, kept: 0 }) });
    renderApp(testServices(db, api), '/');
    await screen.findByText('Kay Client');
    openRow('Contacts', 'Kay Client');
    const panel = await screen.findByRole('complementary', { name: 'Kay Client' });
    press(within(panel).getByRole('button', { name: 'Remove' }));
    focused = [];
    press(
      within(screen.getByRole('alertdialog', { name: 'Remove Kay Client?' })).getByRole('button', { name: 'Remove' }),
    );
    await dialogClosed();
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(document.activeElement).toBe(grid('Contacts'));
    expect(focused.slice(1)).toEqual([grid('Contacts')]); // after the press itself, one move
  });

  it('Remove selected: the button is disabled once nothing is selected, so focus goes to the list', async () => {
    await putContacts(db, [contact('a', { name: 'Ann Gone', missingInXpm: true }), contact('c', { name: 'Cat Here' })]);
    const api = fakeApi({ removeRecords: async () => ok({ contacts: 1, clients: 0, staff: 0, kept: 0 }) });
    renderApp(testServices(db, api), '/');
    await screen.findByText('Cat Here');
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), { target: { value: 'missing' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Ann Gone' }));
    const opener = screen.getByRole('button', { name: 'Remove selected' });
    press(opener);
    press(
      within(screen.getByRole('alertdialog', { name: 'Remove 1 contact?' })).getByRole('button', {
        name: 'Remove 1 contact',
      }),
    );
    await dialogClosed();
    expect((opener as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement).toBe(grid('Contacts'));
  });

  it('a missing staff member’s Remove, on the Staff page', async () => {
    await db.staff.bulkPut([staff('s1', { name: 'Pat Gone', missingInXpm: true })]);
    const api = fakeApi({ removeRecords: async () => ok({ contacts: 0, clients: 0, staff: 1, kept: 0 }) });
    renderApp(testServices(db, api), '/staff');
    await screen.findByText('Pat Gone');
    openRow('Staff', 'Pat Gone');
    const panel = await screen.findByRole('complementary', { name: 'Pat Gone' });
    press(within(panel).getByRole('button', { name: 'Remove' }));
    press(
      within(screen.getByRole('alertdialog', { name: 'Remove Pat Gone?' })).getByRole('button', { name: 'Remove' }),
    );
    await dialogClosed();
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(document.activeElement).toBe(grid('Staff'));
  });
});

describe('Sync and Settings dialogs', () => {
  it('Disconnect: Cancel returns to Disconnect; once disconnected (the section goes) focus is on the page heading', async () => {
    await writeConnection(db, CONNECTED);
    const api = fakeApi({
      disconnect: async () => {
        await writeConnection(db, NO_CONNECTION);
        return ok(undefined);
      },
    });
    renderApp(testServices(db, api), '/sync');
    const opener = await screen.findByRole('button', { name: 'Disconnect' });
    press(opener);
    press(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    await dialogClosed();
    expect(document.activeElement).toBe(opener);

    press(opener);
    press(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Disconnect' }));
    await dialogClosed();
    const heading = screen.getByRole('heading', { level: 2, name: 'Sync' });
    expect(document.activeElement).toBe(heading);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Disconnect' })).toBeNull());
    expect(document.activeElement).toBe(heading);
  });

  it('Erase local data: focus goes back to its button after Cancel, Escape and Erase everything', async () => {
    await writeConnection(db, CONNECTED);
    renderApp(testServices(db, fakeApi()), '/settings');
    const opener = await screen.findByRole('button', { name: 'Erase local data' });
    press(opener);
    press(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    await dialogClosed();
    expect(document.activeElement).toBe(opener);

    press(opener);
    fireEvent.keyDown(await screen.findByRole('alertdialog'), { key: 'Escape' });
    await dialogClosed();
    expect(document.activeElement).toBe(opener);

    press(opener);
    press(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Erase everything' }));
    await dialogClosed();
    expect(document.activeElement).toBe(opener);
  });
});

describe('the focus rule (returnFocus)', () => {
  function setup() {
    let opener!: HTMLButtonElement;
    let fallback!: HTMLButtonElement;
    render(() => (
      <main tabIndex={-1}>
        <button type="button" ref={opener}>
          Opener
        </button>
        <button type="button" ref={fallback}>
          Fallback
        </button>
      </main>
    ));
    return { opener, fallback, main: screen.getByRole('main') };
  }

  it('the opener, while it is in the document and can take focus', () => {
    const { opener, fallback } = setup();
    expect(returnFocus({ opener, openerGone: false, fallback: () => fallback })).toBe(opener);
    expect(document.activeElement).toBe(opener);
  });

  it.each<[string, (button: HTMLButtonElement) => void]>([
    ['left the document', (button) => button.remove()],
    ['is disabled', (button) => button.setAttribute('disabled', '')],
    ['is hidden', (button) => button.setAttribute('hidden', '')],
    ['is inert', (button) => button.setAttribute('inert', '')],
  ])('the fallback when the opener %s', (_, spoil) => {
    const { opener, fallback } = setup();
    spoil(opener);
    expect(returnFocus({ opener, openerGone: false, fallback: () => fallback })).toBe(fallback);
    expect(document.activeElement).toBe(fallback);
  });

  it('the fallback when there was no opener (focus was on <body>: a click in Safari does not focus a button)', () => {
    const { fallback } = setup();
    expect(returnFocus({ opener: document.body, openerGone: false, fallback: () => fallback })).toBe(fallback);
  });

  it('the fallback when the dialog’s action removes the opener, even while it is still there', () => {
    const { opener, fallback } = setup();
    expect(returnFocus({ opener, openerGone: true, fallback: () => fallback })).toBe(fallback);
  });

  it('the page’s main region when neither can take focus', () => {
    const { opener, main } = setup();
    opener.remove();
    expect(returnFocus({ opener, openerGone: false, fallback: () => undefined })).toBe(main);
    expect(document.activeElement).toBe(main);
  });
});
