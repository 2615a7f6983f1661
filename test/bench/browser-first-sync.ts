/**
 * Time of a full sync of the default 2,000-client sandbox practice in the browser (the M3 figure):
 *   npx tsx test/bench/browser-first-sync.ts [--clients 2000] [--rounds 3] [--no-build]
 * Starts the real stack (production build, proxy, sandbox), then per round, in a fresh browser
 * profile: connect, press Start sync, and time the click until the Sync page reports the run as
 * succeeded (every record committed); also prints the run's own duration as the app recorded it.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startStack } from '../../proxy/start';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    'no-build': { type: 'boolean' },
  },
});
const port = 4380;
const stack = await startStack({
  appPort: port,
  proxyPort: port + 1,
  sandboxPort: port + 2,
  clients: Number(values.clients),
  testControls: false,
  build: !values['no-build'],
  quiet: true,
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  console.log(`full first sync, ${values.clients} clients, Chromium, ${stack.appUrl}`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/sync`);
    await page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
    await page.getByLabel('Email').fill('bench@example.com');
    await page.getByLabel('Password').fill('x');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel('Harbourside Accounting', { exact: true }).check();
    await page.getByRole('button', { name: 'Allow access' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    const start = page.getByRole('button', { name: 'Start sync' });
    await start.waitFor();
    const t0 = Date.now();
    await start.click();
    const lastSync = page.getByRole('region', { name: 'Last sync' });
    await lastSync.getByText(/Succeeded/).waitFor({ timeout: 120_000 });
    const clickToSummary = Date.now() - t0;
    const recorded = (await lastSync.textContent())?.match(/took ([\d.,]+ ?m?s)/)?.[1] ?? '?';
    console.log(`round ${round}: click → summary shown ${clickToSummary} ms (run recorded: ${recorded})`);
    await context.close();
  }
} finally {
  await browser.close();
  await stack.close();
}
