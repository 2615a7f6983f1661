/** Every page of the app, and the states worth checking on each (a detail open, a run's log shown). */
import { expect, type Page } from '@playwright/test';

export interface PageState {
  readonly name: string;
  readonly path: string;
  /** Brings the page into the state (after it has loaded). */
  readonly prepare?: (page: Page) => Promise<void>;
}

async function openFirstRow(page: Page, label: string): Promise<void> {
  await page.getByRole('grid', { name: label }).getByRole('row').nth(1).click();
  await expect(page.getByRole('button', { name: 'Close' })).toBeVisible();
}

export const PAGE_STATES: readonly PageState[] = [
  { name: 'Contacts', path: '/' },
  { name: 'Contacts, a contact’s details', path: '/', prepare: (page) => openFirstRow(page, 'Contacts') },
  { name: 'Clients', path: '/clients' },
  { name: 'Clients, a client’s details', path: '/clients', prepare: (page) => openFirstRow(page, 'Clients') },
  { name: 'Staff', path: '/staff' },
  { name: 'Sync', path: '/sync' },
  {
    name: 'Sync, the fix-list with a record chosen',
    path: '/sync?reason=all#fix-list',
    prepare: async (page) => {
      await page
        .getByRole('grid', { name: /^Fix-list:/ })
        .getByRole('row')
        .nth(1)
        .click();
      await expect(page.getByText('What to do:').first()).toBeVisible();
    },
  },
  {
    name: 'Monitoring, the charts as tables',
    path: '/monitoring',
    prepare: async (page) => {
      for (const summary of await page.getByText('Show the numbers as a table').all()) await summary.click();
      await expect(page.getByRole('table', { name: /API calls per day/ })).toBeVisible();
    },
  },
  {
    name: 'Monitoring, a run’s log',
    path: '/monitoring',
    prepare: async (page) => {
      await page
        .getByRole('table', { name: /Sync runs/ })
        .getByRole('button')
        .first()
        .click();
      await page.locator('details.log-group summary').first().click();
      await expect(page.getByRole('heading', { name: 'Log' })).toBeVisible();
    },
  },
  { name: 'Settings', path: '/settings' },
];

/** Opens a page and waits until it has settled (its heading shown, no requests in flight). */
export async function openPage(page: Page, state: PageState): Promise<void> {
  await page.goto(state.path);
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await state.prepare?.(page);
}
