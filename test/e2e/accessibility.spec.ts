/**
 * U6: no serious or critical axe-core violations on any page, in light and dark colour schemes,
 * after a first sync (so the lists, summaries and details have content).
 */
import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync } from './support/app';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
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

// axe is injected as a script, which the app's strict CSP (rightly) refuses; sync.spec.ts checks the CSP.
test.use({ bypassCSP: true });

test.beforeEach(async () => {
  await sandbox.reset();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every page has no serious accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await connectAndFirstSync(page);
    const found: Record<string, string[]> = {};
    for (const path of ['/', '/clients', '/staff', '/sync', '/monitoring', '/settings']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      found[path] = await seriousViolations(page);
    }
    // A contact's detail panel too.
    await page.goto('/');
    await page.getByRole('row').nth(1).click();
    found['/ (contact details)'] = await seriousViolations(page);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
}
