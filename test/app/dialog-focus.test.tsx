// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import type { AppDB } from '../../src/storage/db';
import { destroy } from '../storage/support/dexie';
import { fakeApi, openTestDb, renderApp, testServices } from './support/harness';

/**
 * jsdom ignores `inert`; browsers do not focus an element inside an inert subtree (the focus call is
 * a no-op). Emulating that is what makes "focus goes back to the button that opened the dialog"
 * testable here: the app behind a modal is inert until the dialog has gone.
 */
const nativeFocus = HTMLElement.prototype.focus;
function insideInert(element: HTMLElement): boolean {
  // Solid sets `inert` as a property, which jsdom keeps as a plain field (no attribute).
  for (let node: HTMLElement | null = element; node !== null; node = node.parentElement) {
    if (node.inert || node.hasAttribute('inert')) return true;
  }
  return false;
}
function focusRespectingInert(this: HTMLElement, options?: FocusOptions): void {
  if (insideInert(this)) return;
  nativeFocus.call(this, options);
}

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
  HTMLElement.prototype.focus = focusRespectingInert;
});

afterEach(async () => {
  HTMLElement.prototype.focus = nativeFocus;
  cleanup();
  await destroy(db);
});

describe('closing a dialog returns keyboard focus to the control that opened it', () => {
  it('Escape in the New contact form puts focus back on New contact', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    const opener = await screen.findByRole('button', { name: 'New contact' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'New contact' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(within(dialog).getByLabelText('Name'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('Cancel puts focus back on New contact', async () => {
    renderApp(testServices(db, fakeApi()), '/');
    const opener = await screen.findByRole('button', { name: 'New contact' });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'New contact' })).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
