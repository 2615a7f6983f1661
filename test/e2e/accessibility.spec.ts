/**
 * U6: no serious or critical axe-core violations on any page, in light and dark colour schemes, at
 * desktop and phone width, after a first sync (so the lists, summaries and details have content),
 * with details open, the phone's menu open, and offline.
 */
import { expect, test } from '@playwright/test';
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
