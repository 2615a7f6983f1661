import { defineConfig } from '@playwright/test';
import { E2E_PORTS } from './support/ports';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
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
  webServer: {
    // The real app (production build), proxy and sandbox — the same stack `npm start` serves.
    command: `npx tsx proxy/start.ts --test-controls --clients ${E2E_PORTS.clients} --seed 1`,
    url: `${E2E_PORTS.appUrl}/config.json`,
    env: { PORT: String(E2E_PORTS.app) },
    reuseExistingServer: false,
    timeout: 180_000,
    cwd: '../..',
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
