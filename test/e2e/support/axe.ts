/**
 * axe-core in the page: the serious and critical violations (U6), plus the moderate rules in
 * ALSO_ASSERTED. axe is loaded into every page the
 * way a browser extension would be, before the page's own scripts (`installAxe`), so the app keeps its
 * strict CSP (a <script> tag would be refused, rightly) and no test turns the policy off.
 */
import { expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** Loads axe into every document this page opens from now on (call before the first navigation). */
export async function installAxe(page: Page): Promise<void> {
  await page.addInitScript({ path: axeSource });
}

/**
 * Moderate rules asserted too, because a screen-reader user meets them as a real defect: two landmarks
 * of one role with the same (or no) name cannot be told apart in the landmarks list.
 */
export const ALSO_ASSERTED: readonly string[] = ['landmark-unique'];

export async function seriousViolations(page: Page): Promise<string[]> {
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
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO_ASSERTED.includes(v.id))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
