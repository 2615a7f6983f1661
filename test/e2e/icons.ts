/**
 * Renders the app's PNG icons from the SVGs in public/icons/ (not a test):
 *   npx tsx test/e2e/icons.ts
 * Chromium draws each SVG at the exact size (transparent corners kept for the regular icon), so the
 * PNGs in the manifest always match the SVGs. Run it after changing an icon and commit the PNGs.
 */
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const DIR = 'public/icons';
/** The PNG sizes Chromium's install criteria and the manifest ask for, plus iOS's home-screen icon. */
const RENDERS: readonly { readonly svg: string; readonly png: string; readonly size: number }[] = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-192.png', size: 192 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  // iOS rounds the corners itself and shows transparency as black: the full-bleed artwork.
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const { svg, png, size } of RENDERS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const source = await readFile(`${DIR}/${svg}`, 'utf8');
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(source).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({
      path: `${DIR}/${png}`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`${DIR}/${png} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
