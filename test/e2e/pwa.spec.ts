/**
 * U5, the installable app: the manifest and its icons, the service worker taking control, an offline
 * start showing the local data, and a new build offered as "Update available — Reload".
 */
import { expect, test } from '@playwright/test';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, listTotal } from './support/app';
import { watchCsp } from './support/csp';
import { E2E_PORTS } from './support/ports';
import { expectServiceWorkerInControl, pngSize, type WebAppManifest } from './support/pwa';
import { serve } from '../../proxy/node-adapter';
import { createAppServer } from '../../proxy/stack/app-server';
import { DEFAULT_CLIENT_ID } from '../../proxy/sandbox/sandbox';

const ROOT = resolve(import.meta.dirname, '../..');
/** QUALITY.md's budget for the page's JavaScript before the first render, gzipped. */
const FIRST_RENDER_JS_BUDGET_BYTES = 120 * 1000;

let cspViolations: () => string[] = () => [];

/** The tests that use the browser also check the strict CSP holds (no inline registration script). */
function browserTest(title: string, body: Parameters<typeof test>[2]): void {
  test.describe(() => {
    test.beforeEach(async ({ page }) => {
      await sandbox.reset();
      cspViolations = watchCsp(page);
    });
    test.afterEach(() => {
      expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
    });
    test(title, body);
  });
}

browserTest(
  'the manifest names the app and its icons, which are served at their stated sizes',
  async ({ page, request }) => {
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const response = await request.get(href ?? '');
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await response.json()) as WebAppManifest;
    expect(manifest).toMatchObject({
      name: 'XPM Contact Sync',
      short_name: 'Contact Sync',
      start_url: '/',
      scope: '/',
      display: 'standalone',
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    // The page's theme colour follows the colour scheme.
    await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]')).toHaveCount(1);

    // Chromium's install criteria: a 192 px and a 512 px icon; maskable ones for Android's shapes; an SVG.
    const has = (purpose: string, sizes: string, type: string) =>
      manifest.icons.some((i) => (i.purpose ?? 'any') === purpose && i.sizes === sizes && i.type === type);
    for (const purpose of ['any', 'maskable']) {
      expect(has(purpose, '192x192', 'image/png'), `${purpose} 192`).toBe(true);
      expect(has(purpose, '512x512', 'image/png'), `${purpose} 512`).toBe(true);
      expect(has(purpose, 'any', 'image/svg+xml'), `${purpose} svg`).toBe(true);
    }
    for (const image of [...manifest.icons, ...manifest.screenshots]) {
      const file = await request.get(image.src);
      expect(file.status(), image.src).toBe(200);
      expect(file.headers()['content-type'], image.src).toBe(image.type);
      if (image.type === 'image/png') {
        const { width, height } = pngSize(await file.body());
        expect(`${width}x${height}`, image.src).toBe(image.sizes);
      }
    }
    expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
  },
);

test('the page’s JavaScript before the first render stays within 120 KB gzip (the service worker glue loads later)', async () => {
  const html = await readFile(join(ROOT, 'dist/index.html'), 'utf8');
  // The entry script and the chunks it preloads: everything the first render waits for.
  const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );
  expect(scripts.length).toBeGreaterThan(0);
  let total = 0;
  for (const script of scripts) total += gzipSync(await readFile(join(ROOT, 'dist', script))).length;
  console.log(`page JavaScript before first render: ${(total / 1000).toFixed(1)} KB gzip in ${scripts.length} files`);
  expect(total).toBeLessThanOrEqual(FIRST_RENDER_JS_BUDGET_BYTES);
  // Nothing of workbox is loaded before the first render.
  for (const script of scripts) expect(await readFile(join(ROOT, 'dist', script), 'utf8')).not.toContain('workbox');
});

browserTest(
  'offline start: the service worker serves the app, which shows the local contacts and says it is offline',
  async ({ page, context }) => {
    // A first sync plus the service worker's install (up to 2 minutes on a loaded machine).
    test.setTimeout(240_000);
    await connectAndFirstSync(page);
    await expectServiceWorkerInControl(page);
    const total = await listTotal(page, '/', 'contacts');

    await context.setOffline(true);
    const started = Date.now();
    await page.reload();
    await expect(
      page.getByText(new RegExp(`^${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} contacts$`)),
    ).toBeVisible();
    const elapsed = Date.now() - started;
    await expect(page.getByTestId('offline-notice')).toContainText(/Offline — showing data from \S/);
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    test
      .info()
      .annotations.push({ type: 'offline start (reload → all contacts listed)', description: `${elapsed} ms` });
    console.log(`offline start: ${elapsed} ms from reload to all ${total} contacts listed`);

    // Every page still opens (lazy chunks come from the precache), and Resync says why it is unavailable.
    for (const name of ['Clients', 'Staff', 'Monitoring', 'Settings', 'Sync']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Resync Now' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Resync All' })).toBeDisabled();
    await expect(page.getByText(/You are offline: resyncing needs a connection to Xero/)).toBeVisible();

    await context.setOffline(false);
    await expect(page.getByTestId('offline-notice')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Resync Now' })).toBeEnabled();
  },
);

test('a new build is offered as "Update available — Reload" and Reload switches to it', async ({ browser }) => {
  test.setTimeout(300_000);
  // Build A is the suite's own build; build B is the same source built again with another label.
  const buildA = await mkdtemp(join(tmpdir(), 'xcs-build-a-'));
  const buildB = await mkdtemp(join(tmpdir(), 'xcs-build-b-'));
  const previousLabel = process.env['BUILD_LABEL'];
  try {
    await cp(join(ROOT, 'dist'), buildA, { recursive: true });
    process.env['BUILD_LABEL'] = 'update-test';
    const { build } = await import('vite');
    await build({ root: ROOT, logLevel: 'error', build: { outDir: buildB, emptyOutDir: true } });

    const config = {
      clientId: DEFAULT_CLIENT_ID,
      proxyUrl: `http://localhost:${E2E_PORTS.app + 1}`,
      authorizeUrl: `${E2E_PORTS.sandboxUrl}/identity/connect/authorize`,
      issuer: E2E_PORTS.sandboxUrl,
      xpmWebUrl: E2E_PORTS.sandboxUrl,
      upstreamLabel: 'Sandbox',
    };
    let current = createAppServer({ distDir: buildA, config });
    const server = await serve((request) => current(request), { port: E2E_PORTS.updateApp, host: '127.0.0.1' });
    const context = await browser.newContext({ baseURL: `http://localhost:${E2E_PORTS.updateApp}` });
    try {
      const page = await context.newPage();
      await page.goto('/settings');
      const version = page.getByTestId('app-version');
      await expect(version).toHaveText(/^\d+\.\d+\.\d+$/);
      await expectServiceWorkerInControl(page);
      await expect(page.getByText('Update available')).toHaveCount(0);

      // Deploy build B; an open app finds it on its next check (here asked for at once).
      current = createAppServer({ distDir: buildB, config });
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const banner = page.getByRole('status').filter({ hasText: 'Update available' });
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await expect(version).toHaveText(/^\d+\.\d+\.\d+$/); // nothing changes until the user says so

      await banner.getByRole('button', { name: 'Reload' }).click();
      await expect(version).toHaveText(/\+update-test$/, { timeout: 30_000 });
      await expect(page.getByText('Update available')).toHaveCount(0);
    } finally {
      await context.close();
      await server.close();
    }
  } finally {
    if (previousLabel === undefined) delete process.env['BUILD_LABEL'];
    else process.env['BUILD_LABEL'] = previousLabel;
    await rm(buildA, { recursive: true, force: true });
    await rm(buildB, { recursive: true, force: true });
  }
});
