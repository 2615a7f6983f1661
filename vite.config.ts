import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
/**
 * The version the app shows on its Settings page. BUILD_LABEL (optional) tells two builds of the same
 * commit apart: the update test serves a second build labelled this way.
 */
const appVersion = process.env['BUILD_LABEL'] ? `${version}+${process.env['BUILD_LABEL']}` : version;

/**
 * How long the service worker waits for config.json before using its cached copy: long enough for a
 * slow connection, short enough that an app started on poor Wi-Fi still opens promptly.
 */
const CONFIG_NETWORK_TIMEOUT_S = 4;

/** The manifest's colours: the header's background in the light theme (dark is set per page in index.html). */
const THEME_COLOUR = '#f3f5f7';
const BACKGROUND_COLOUR = '#ffffff';

/**
 * Test files run at once. Vitest's default (one fewer than the cores) runs them one at a time on a
 * 2-core machine, where a file spends as long importing and compiling its modules as running its
 * tests: two at a time keeps both cores busy. More cores, one fewer than the cores, as vitest does.
 */
const UNIT_TEST_WORKERS = Math.max(2, availableParallelism() - 1);

// One config file for the app build and the unit tests (the top level of the repository is fixed).
// Unit tests run in Node: the sync engine, readers, proxy and sandbox are environment-free by design.
export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      // A new version waits until the user presses Reload (and never while a sync is running):
      // src/app/pwa/updates.ts registers the worker from a bundled module, never an inline script.
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'generateSW',
      manifestFilename: 'manifest.webmanifest',
      // The glob below already precaches every icon; listing them again would only duplicate entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'XPM Contact Sync',
        short_name: 'Contact Sync',
        description: 'A local, read-only mirror of your Xero Practice Manager contacts, clients and staff.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        lang: 'en',
        dir: 'ltr',
        categories: ['business', 'productivity'],
        theme_color: THEME_COLOUR,
        background_color: BACKGROUND_COLOUR,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
        ],
        screenshots: [
          {
            src: '/screenshots/contacts-wide.png',
            sizes: '1280x800',
            type: 'image/png',
            form_factor: 'wide',
            label: 'Contacts with a contact’s details open',
          },
          {
            src: '/screenshots/contacts-narrow.png',
            sizes: '390x844',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'Contacts on a phone',
          },
        ],
      },
      workbox: {
        // The app shell: the page, every chunk (lazy routes and the sync worker), styles and icons.
        globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
        // config.json changes per deployment (network first, below); screenshots are only for the
        // install dialog; source maps are for developers.
        globIgnores: ['config.json', 'screenshots/**', '**/*.map'],
        navigateFallback: '/index.html',
        // Only the app's own routes fall back to the page; files (anything with an extension) never do.
        navigateFallbackDenylist: [/\/[^/?]+\.[^/?]+$/],
        cleanupOutdatedCaches: true,
        // The first install controls the open page at once, so it works offline without a reload.
        // Updates still wait for the user (no skipWaiting).
        clientsClaim: true,
        runtimeCaching: [
          {
            // Serialised into sw.js as source text, so it can name no variable from this file: the path is
            // CONFIG_URL of src/domain/config.ts, written out (test/app/pwa-config.test.ts checks it).
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/config.json',
            handler: 'NetworkFirst',
            options: {
              cacheName: 'app-config',
              networkTimeoutSeconds: CONFIG_NETWORK_TIMEOUT_S,
              expiration: { maxEntries: 1 },
            },
          },
          // Nothing else is cached at run time: the proxy and Xero (another origin) and the sandbox go
          // straight to the network, and API data lives in IndexedDB, never in a cache.
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  worker: { format: 'es' },
  // Packages imported only from the worker are otherwise discovered late by the dev optimizer,
  // which reloads the page mid-session (see toolchain.md §3).
  optimizeDeps: {
    include: [
      'dexie',
      'comlink',
      'libphonenumber-js/max',
      'libphonenumber-js/mobile/examples',
      'papaparse',
      'oauth4webapi',
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Rolldown's plugin-timing report is advice for plugin authors, printed in yellow like a warning
    // on every build (the Solid transform dominates by nature); the build itself is fine.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    maxWorkers: UNIT_TEST_WORKERS,
  },
});
