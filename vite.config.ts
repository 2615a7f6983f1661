import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

// One config file for the app build and the unit tests (the top level of the repository is fixed).
// Unit tests run in Node: the sync engine, readers, proxy and sandbox are environment-free by design.
export default defineConfig({
  plugins: [solid()],
  worker: { format: 'es' },
  // Packages imported only from the worker are otherwise discovered late by the dev optimizer,
  // which reloads the page mid-session (see toolchain.md §3).
  optimizeDeps: {
    include: [
      'dexie',
      'comlink',
      'saxes',
      'libphonenumber-js/max',
      'libphonenumber-js/mobile/examples',
      'papaparse',
      'oauth4webapi',
    ],
  },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
