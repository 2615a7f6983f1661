/** What every mode of `npm run bench` shares: the repository's paths, the stack's ports, the browser and its contexts. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { installPageProbe } from './page-probe';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_DIR = join(ROOT, 'dist');
/** Git-ignored: where runs leave files worth keeping (CPU profiles). */
export const RESULTS_DIR = join(ROOT, 'bench-results');
/** Debian's Chromium, as in the end-to-end tests (toolchain.md). */
export const CHROMIUM = '/usr/bin/chromium';
/** A laptop-sized window: the list's virtual window renders what fits in it. */
const VIEWPORT = { width: 1280, height: 800 } as const;

export type Log = (message: string) => void;

export async function newAppContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: VIEWPORT });
  await installPageProbe(context);
  return { context, page: await context.newPage() };
}

export function stackPorts(base: number) {
  return { appPort: base, proxyPort: base + 1, sandboxPort: base + 2 };
}
