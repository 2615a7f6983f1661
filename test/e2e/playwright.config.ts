import { defineConfig } from '@playwright/test';
import { E2E_PORTS, E2E_WORKERS, stackAppPort } from './support/ports';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Files in parallel, one worker per stack (support/ports.ts); the tests of a file in order.
  workers: E2E_WORKERS,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: E2E_PORTS.appUrl,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium' },
    // Downloads are read back by the CSV test.
    acceptDownloads: true,
  },
  // One stack per worker: the real app (production build), proxy and sandbox, as `npm start` serves
  // them. Playwright starts these in order and waits for each, so the first builds the app and the
  // others serve that build.
  webServer: Array.from({ length: E2E_WORKERS }, (_, index) => {
    const port = stackAppPort(index);
    const build = index === 0 ? '' : ' --no-build';
    return {
      command: `npx tsx proxy/start.ts --test-controls --clients ${E2E_PORTS.clients} --seed 1${build}`,
      url: `http://localhost:${port}/config.json`,
      env: { PORT: String(port) },
      reuseExistingServer: false,
      timeout: 180_000,
      cwd: '../..',
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    };
  }),
});
