/**
 * Phone widths (issue M7): every page is usable from 360 to 430 px without the page scrolling
 * sideways. Wide lists and tables scroll inside their own regions; details become a full-screen sheet.
 */
import { expect, test, type Page } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync } from './support/app';
import { PAGE_STATES, openPage } from './support/pages';

/** How far the page scrolls sideways: 0 when nothing is wider than the viewport. */
function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
    // Name the widest offenders, for a useful failure message (elements inside their own scroll
    // regions are fine: they do not widen the page).
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const element of document.querySelectorAll<HTMLElement>('body *')) {
        const box = element.getBoundingClientRect();
        if (box.right <= width + 0.5 || box.width === 0) continue;
        let scrolled = false;
        for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (/(auto|scroll|hidden)/.test(style.overflowX) && parent.getBoundingClientRect().right <= width + 0.5) {
            scrolled = true;
            break;
          }
        }
        if (!scrolled)
          culprits.push(`${element.tagName.toLowerCase()}.${element.className} (right ${Math.round(box.right)})`);
      }
    }
    return { overflow, culprits: culprits.slice(0, 5) };
  });
}

test.beforeEach(async () => {
  await sandbox.reset();
});

test('no page scrolls sideways at 390×844, nor at 360 or 430 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await connectAndFirstSync(page);
  const found: Record<string, string> = {};
  for (const width of [390, 360, 430]) {
    await page.setViewportSize({ width, height: 844 });
    for (const state of PAGE_STATES) {
      await openPage(page, state);
      const { overflow, culprits } = await horizontalOverflow(page);
      if (overflow > 0) found[`${width} px, ${state.name}`] = `${overflow} px too wide: ${culprits.join(', ')}`;
    }
  }
  expect(found).toEqual({});
});

test('on a phone the navigation is a menu, and a record’s details fill the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await connectAndFirstSync(page);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await nav.getByRole('link', { name: 'Monitoring' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Monitoring' })).toBeVisible();
  await expect(nav).toBeHidden(); // choosing a page closes the menu
  await menu.click();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();

  await page.goto('/');
  await page.getByRole('grid', { name: 'Contacts' }).getByRole('row').nth(1).click();
  const sheet = page.getByRole('complementary');
  await expect(sheet).toBeVisible();
  const box = await sheet.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(385);
  // The list and the header step aside while the sheet is open, and come back on Close.
  await expect(page.getByRole('grid', { name: 'Contacts' })).toBeHidden();
  await expect(menu).toBeHidden();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('grid', { name: 'Contacts' })).toBeFocused();
  await expect(menu).toBeVisible();
});

test('at desktop width the navigation is a sidebar with no Menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
});

test('at 1280×800 the fix-list shows every column, First seen included, without scrolling sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAndFirstSync(page);
  await page.goto('/sync?reason=all#fix-list');
  const grid = page.getByRole('grid', { name: /^Fix-list:/ });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  const firstSeen = grid.getByRole('columnheader', { name: 'First seen' });
  await expect(firstSeen).toBeVisible();
  const fit = await grid.evaluate((element) => {
    const visibleRight = element.getBoundingClientRect().left + element.clientLeft + element.clientWidth;
    const header = [...element.querySelectorAll<HTMLElement>('[role="columnheader"]')].find(
      (cell) => cell.textContent?.trim() === 'First seen',
    );
    // The last cell of every rendered row is its First seen date and time.
    const dates = [...element.querySelectorAll<HTMLElement>('.vgrid-body [role="row"] > [role="gridcell"]:last-child')];
    return {
      headerRight: Math.round(header?.getBoundingClientRect().right ?? Number.POSITIVE_INFINITY),
      visibleRight: Math.round(visibleRight),
      viewport: document.documentElement.clientWidth,
      sideways: element.scrollWidth - element.clientWidth,
      headerCut: header === undefined ? true : header.scrollWidth > header.clientWidth,
      dateCut: dates.length === 0 || dates.some((cell) => cell.scrollWidth > cell.clientWidth),
    };
  });
  // The column's header ends inside the grid's visible area and the window, and nothing is cut short.
  expect(fit.headerRight).toBeLessThanOrEqual(fit.visibleRight);
  expect(fit.visibleRight).toBeLessThanOrEqual(fit.viewport);
  expect(fit).toMatchObject({ sideways: 0, headerCut: false, dateCut: false });
});
