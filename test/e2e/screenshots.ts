/**
 * Takes screenshots of the real app on the sandbox (not a test):
 *   npx tsx test/e2e/screenshots.ts [--no-build] [--out DIR] [--port P]
 * Connects the default 2,000-client practice, runs the first sync, then captures every page in light
 * and dark, at desktop and phone width, plus the offline notice and the install offer, into DIR
 * (default test-results/screenshots, not committed). The README's set is copied to .github/assets/
 * and the manifest's two screenshots to public/screenshots/.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { startStack } from '../../proxy/start';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean' },
    out: { type: 'string', default: 'test-results/screenshots' },
    port: { type: 'string', default: '4480' },
  },
});
const out = values.out;
const port = Number(values.port);

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
const THEMES = ['light', 'dark'] as const;

/** Every page, and what to do on it before the picture (open a detail, choose a run). */
const PAGES: readonly { readonly name: string; readonly path: string; prepare?(page: Page): Promise<void> }[] = [
  {
    name: 'contacts',
    path: '/',
    prepare: async (page) => {
      await page.getByLabel('Search contacts').fill('smith');
      await page.getByText(/^\d+ of [\d,]+ contacts$/).waitFor();
      await page.getByRole('row').nth(2).click();
      await page.getByRole('heading', { level: 3 }).first().waitFor();
    },
  },
  {
    name: 'clients',
    path: '/clients',
    prepare: async (page) => {
      await page.getByRole('row').nth(1).click();
      await page.getByRole('button', { name: 'Close' }).waitFor();
    },
  },
  { name: 'staff', path: '/staff' },
  { name: 'sync', path: '/sync' },
  {
    name: 'monitoring',
    path: '/monitoring',
    prepare: async (page) => {
      await page
        .getByRole('table', { name: /Sync runs/ })
        .getByRole('button')
        .first()
        .click();
      await page.getByRole('heading', { name: 'Log' }).waitFor();
      await page.locator('details.log-group').first().locator('summary').click();
    },
  },
  { name: 'settings', path: '/settings' },
];

/** The README's pictures: [source file in `out`, name under .github/assets/]. */
const README_SET: readonly (readonly [string, string])[] = [
  ['contacts-light-desktop.png', 'contacts.png'],
  ['sync-light-desktop.png', 'sync.png'],
  ['contacts-dark-phone.png', 'contacts-phone-dark.png'],
  ['monitoring-light-phone.png', 'monitoring-phone.png'],
  ['offline-light-phone.png', 'offline-phone.png'],
  ['install-light-desktop.png', 'install.png'],
];
/** The manifest's screenshots (vite.config.ts), shown by the browser's install dialog. */
const MANIFEST_SET: readonly (readonly [string, string])[] = [
  ['contacts-light-desktop.png', 'contacts-wide.png'],
  ['contacts-light-phone.png', 'contacts-narrow.png'],
];

async function settle(page: Page): Promise<void> {
  // A heading: the page's own, or (phones) that of the detail sheet that replaces it.
  await page.getByRole('heading').first().waitFor();
  await page.waitForLoadState('networkidle');
  // Fonts and the virtual grid's measured height settle on the next frames.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const stack = await startStack({
  appPort: port,
  proxyPort: port + 1,
  sandboxPort: port + 2,
  build: !values['no-build'],
  quiet: true,
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
await mkdir(out, { recursive: true });
try {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}/sync`);
  await page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
  await page.getByLabel('Email').fill('jo.bloggs@harbourside.example');
  await page.getByLabel('Password').fill('x');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Harbourside Accounting', { exact: true }).check();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Start sync' }).click();
  await page
    .getByRole('region', { name: 'Last sync', exact: true })
    .getByText(/Succeeded/)
    .waitFor({ timeout: 60_000 });
  // The service worker claims the page on its first install; a reload makes sure it controls it.
  await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
  if (!(await page.evaluate('navigator.serviceWorker.controller !== null'))) await page.reload();
  await page.waitForFunction('navigator.serviceWorker.controller !== null');

  const shot = (name: string, fullPage = true) => page.screenshot({ path: join(out, name), fullPage });
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      await page.setViewportSize(VIEWPORTS[viewport]);
      for (const target of PAGES) {
        await page.goto(`${stack.appUrl}${target.path}`);
        await settle(page);
        await target.prepare?.(page);
        await settle(page);
        // The lists are virtualised and scroll inside themselves: one screen says it all.
        await shot(`${target.name}-${theme}-${viewport}.png`, !['contacts', 'clients', 'staff'].includes(target.name));
      }
      // The offline notice: the service worker starts the app without a network.
      await context.setOffline(true);
      await page.goto(`${stack.appUrl}/`);
      await page.getByTestId('offline-notice').waitFor();
      await settle(page);
      await shot(`offline-${theme}-${viewport}.png`, false);
      await context.setOffline(false);
      // The install offer: headless Chromium neither fires `beforeinstallprompt` nor shows its install
      // dialog, so the picture is of the app's own Install button (Settings → About this app), shown
      // here by handing the page the event Chromium sends when the manifest and service worker qualify.
      await page.goto(`${stack.appUrl}/settings`);
      await settle(page);
      // As source text: tsx would wrap a function's inner functions in a helper the page lacks.
      await page.evaluate(`window.dispatchEvent(Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: () => Promise.resolve(),
        userChoice: Promise.resolve({ outcome: 'dismissed' }),
      }))`);
      const install = page.getByRole('button', { name: 'Install app' });
      await install.scrollIntoViewIfNeeded();
      await shot(`install-${theme}-${viewport}.png`, false);
    }
  }
  for (const [from, to] of README_SET) await copyFile(join(out, from), join('.github/assets', to));
  for (const [from, to] of MANIFEST_SET) await copyFile(join(out, from), join('public/screenshots', to));
  const readme = await readFile('README.md', 'utf8');
  const unused = README_SET.filter(([, to]) => !readme.includes(`.github/assets/${to}`)).map(([, to]) => to);
  console.log(
    `saved ${out}/ (${THEMES.length * 2 * (PAGES.length + 2)} pictures), .github/assets/, public/screenshots/`,
  );
  if (unused.length > 0) console.log(`not shown in README.md yet: ${unused.join(', ')}`);
} finally {
  await browser.close();
  await stack.close();
}
