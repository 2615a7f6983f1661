/**
 * U6: no serious or critical axe-core violations on any page, in light and dark colour schemes, at
 * desktop and phone width, after a first sync (so the lists, summaries and details have content),
 * with details open, the phone's menu open, and offline.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync } from './support/app';
import { PAGE_STATES, openPage } from './support/pages';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return { violations: result.violations, passes: result.passes.length };
  });
  // Guards against a check that found nothing because it did not run.
  expect(passes).toBeGreaterThan(10);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  // axe is loaded into every page the way a browser extension would be, before the page's own
  // scripts, so the app keeps its strict CSP (a <script> tag would be refused, rightly) and no test
  // turns the policy off.
  await page.addInitScript({ path: axeSource });
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
