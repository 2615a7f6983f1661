/**
 * U6: no serious or critical axe-core violations on any page, in light and dark colour schemes, at
 * desktop and phone width, after a first sync (so the lists, summaries and details have content),
 * with details open, the phone's menu open, and offline.
 */
import { expect, type Locator, test } from '@playwright/test';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync } from './support/app';
import { PAGE_STATES, openPage } from './support/pages';
import { installAxe, seriousViolations } from './support/axe';

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  await installAxe(page);
});

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    test(`every page has no serious accessibility violations (${colorScheme}, ${width})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await connectAndFirstSync(page);
      const found: Record<string, string[]> = {};
      for (const state of PAGE_STATES) {
        await openPage(page, state);
        found[state.name] = await seriousViolations(page);
      }
      if (width === 'phone') {
        // The phone's menu, open.
        await page.goto('/');
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        found['Menu open'] = await seriousViolations(page);
      }
      // The offline notice and the offline Sync page.
      await page.context().setOffline(true);
      await page.goto('/sync');
      await expect(page.getByTestId('offline-notice')).toBeVisible();
      found['Sync, offline'] = await seriousViolations(page);
      await page.context().setOffline(false);
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    });
  }
}

/** WCAG contrast of an element's text against its own background, once its hover transition is over. */
async function hoveredContrast(button: Locator): Promise<number> {
  await button.hover();
  return button.evaluate(async (el) => {
    await Promise.all(el.getAnimations().map((animation) => animation.finished));
    const style = getComputedStyle(el);
    const luminance = (css: string): number => {
      const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
      const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
    return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
  });
}

// axe checks buttons at rest; a pointer resting on a primary or danger button must not make its label
// unreadable (the plain buttons' pale hover background under white text was 1.1:1).
for (const colorScheme of ['light', 'dark'] as const) {
  test(`a hovered primary or danger button keeps its label readable (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    const connect = page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).first();
    expect(await hoveredContrast(connect)).toBeGreaterThanOrEqual(4.5);
    await page.goto('/settings');
    const erase = page.getByRole('button', { name: 'Erase local data' });
    expect(await hoveredContrast(erase)).toBeGreaterThanOrEqual(4.5);
  });
}
