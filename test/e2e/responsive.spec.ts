/**
 * Phone widths (issue M7): every page is usable from 360 to 430 px without the page scrolling
 * sideways. Wide lists and tables scroll inside their own regions; details become a full-screen sheet.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, expectLastRun } from './support/app';
import { hasLetter, phone, validEmail } from './support/expected';
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

/**
 * Date and time cells of a table: on at most `lines` lines, no piece of the text broken across lines
 * (a date and a time set apart may sit one above the other), not cut short, and inside the table's
 * visible area and the window (an empty list means none were found, which fails too).
 */
async function cutDates(
  table: Locator,
  column: number,
  { lines = 1, allColumnsShown = false }: { readonly lines?: number; readonly allColumnsShown?: boolean } = {},
): Promise<string[]> {
  return table.evaluate(
    (element, [index, most, allShown]) => {
      const scroller = element.closest<HTMLElement>('.table-scroll') ?? element;
      const box = scroller.getBoundingClientRect();
      const visibleRight = Math.min(box.left + scroller.clientLeft + scroller.clientWidth, window.innerWidth);
      const cells = [...element.querySelectorAll<HTMLElement>(`tbody tr > :nth-child(${index})`)];
      if (cells.length === 0) return ['no date cells'];
      const problems: string[] = [];
      // Every column shown, when asked: the table does not scroll sideways inside its region.
      if (allShown && scroller.scrollWidth > scroller.clientWidth) problems.push('the table scrolls sideways');
      for (const cell of cells) {
        // The lines the text is laid out on: its pieces' tops, a line apart (half a line's tolerance).
        const tops: number[] = [];
        let right = Number.NEGATIVE_INFINITY;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let broken = false;
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          const own: number[] = [];
          for (const rect of range.getClientRects()) {
            if (rect.width === 0) continue;
            right = Math.max(right, rect.right);
            if (!own.some((top) => Math.abs(top - rect.top) < rect.height / 2)) own.push(rect.top);
            if (!tops.some((top) => Math.abs(top - rect.top) < rect.height / 2)) tops.push(rect.top);
          }
          if (own.length > 1 && node.textContent?.trim() !== '') broken = true;
        }
        const text = cell.textContent?.trim() ?? '';
        if (tops.length > most) problems.push(`${text}: on ${tops.length} lines`);
        if (broken) problems.push(`${text}: broken across lines`);
        if (cell.scrollWidth > cell.clientWidth) problems.push(`${text}: cut short`);
        if (right > visibleRight + 0.5) problems.push(`${text}: ends at ${Math.round(right)}, past ${visibleRight}`);
      }
      return problems;
    },
    [column, lines, allColumnsShown] as const,
  );
}

test('at 1280×800 the run history’s and a contact’s change history’s dates, times and mobile numbers are whole, every column shown', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAndFirstSync(page);
  // A change in XPM to a simple contact (one client, valid name, email and mobile), then Resync All:
  // the contact's change history has a row.
  const data = await sandbox.data();
  const contact = data.clients
    .filter((c) => !c.isDeleted && !c.isArchived && c.contacts.length === 1)
    .flatMap((c) => c.contacts)
    .find((k) => !k.isDeleted && hasLetter(k.name) && validEmail(k.email) && phone(k.mobile) === 'mobile');
  if (!contact) throw new Error('the sandbox practice has no simple contact to edit');
  await sandbox.mutate({ op: 'editContact', uuid: contact.uuid, fields: { mobile: '0412 345 679' } });
  await page.getByRole('button', { name: 'Resync All' }).click();
  await expectLastRun(page, /Succeeded/, /Resync All \(Manual\)/);

  // Monitoring's run history: the Started column (its first, which stays in view while the table
  // scrolls sideways inside its region).
  await page.goto('/monitoring');
  const runs = page.getByRole('table', { name: /^Sync runs/ });
  await expect(runs.getByRole('row')).toHaveCount(3);
  expect(await cutDates(runs, 1)).toEqual([]);
  // Every column fits without scrolling sideways: the last one, Error, is within the table's visible area.
  await expect(runs.getByRole('columnheader', { name: 'Error' })).toBeVisible();
  const runsFit = await runs.evaluate((element) => {
    const scroller = element.closest<HTMLElement>('.table-scroll') ?? element;
    const box = scroller.getBoundingClientRect();
    const visibleRight = Math.min(box.left + scroller.clientLeft + scroller.clientWidth, window.innerWidth);
    const header = [...element.querySelectorAll<HTMLElement>('thead th')].find((th) => th.textContent === 'Error');
    return {
      sideways: scroller.scrollWidth - scroller.clientWidth,
      errorHeaderInView: header !== undefined && header.getBoundingClientRect().right <= visibleRight + 0.5,
    };
  });
  expect(runsFit).toEqual({ sideways: 0, errorHeaderInView: true });

  // The contact's change history, in the detail panel beside the list: the When column.
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(contact.email.trim());
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(grid.getByRole('row')).toHaveCount(2);
  await grid.getByRole('row').nth(1).click();
  const changes = page.getByRole('complementary').getByRole('table', { name: 'Changes made by syncs, newest first' });
  await expect(changes.getByRole('row', { name: /Mobile/ })).toBeVisible();
  // Too narrow for a date and time on one line beside the rest: the date and the time each stay whole.
  expect(await cutDates(changes, 1, { lines: 2, allColumnsShown: true })).toEqual([]);
  // The mobile number before and after stays on one line ("0412 345 679", never broken at its spaces).
  expect(await cutDates(changes, 3, { allColumnsShown: true })).toEqual([]);
  expect(await cutDates(changes, 4, { allColumnsShown: true })).toEqual([]);
  // At phone width the panel is a full-screen sheet: the numbers stay whole and the table fits it.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(changes.getByRole('row', { name: /Mobile/ })).toBeVisible();
  expect(await cutDates(changes, 3, { allColumnsShown: true })).toEqual([]);
  expect(await cutDates(changes, 4, { allColumnsShown: true })).toEqual([]);
  expect(await cutDates(changes, 1, { lines: 2, allColumnsShown: true })).toEqual([]);
});
