import { test, expect } from '@playwright/test';

test('the built app renders its title', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'XPM Contact Sync' })).toBeVisible();
});
