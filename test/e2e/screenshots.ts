/**
 * Takes the README's screenshots from the real app on the sandbox (not a test):
 *   npx tsx test/e2e/screenshots.ts [--no-build]
 * Connects the default 2,000-client practice, runs the first sync, then captures the Contacts page
 * (with a contact's detail panel open) and the Sync page into .github/assets/.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startStack } from '../../proxy/start';

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' } } });
const port = 4480;
const stack = await startStack({
  appPort: port,
  proxyPort: port + 1,
  sandboxPort: port + 2,
  build: !values['no-build'],
  quiet: true,
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
    .getByRole('region', { name: 'Last sync' })
    .getByText(/Succeeded/)
    .waitFor({ timeout: 60_000 });
  await page.screenshot({ path: '.github/assets/sync.png', fullPage: true });
  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByLabel('Search contacts').fill('smith');
  await page.waitForTimeout(300);
  await page.getByRole('row').nth(2).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '.github/assets/contacts.png' });
  console.log('saved .github/assets/sync.png and .github/assets/contacts.png');
} finally {
  await browser.close();
  await stack.close();
}
