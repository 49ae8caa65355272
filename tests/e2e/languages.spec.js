// The UI's language: the header's "Language" select, remembered, defaulting to the browser's.
import { test, expect } from '@playwright/test';
import { openWithBook } from './fixtures.js';

test('switching to French and to Chinese translates the page, and the choice is remembered', async ({ page }) => {
  await openWithBook(page, '/customers');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
  const navFr = page.getByRole('navigation', { name: 'Principale' });
  await expect(navFr.getByRole('link', { name: 'Clients' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // Focus comes back to the select after the page is drawn again.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('app-lang');
  await page.reload();
  await expect(navFr.getByRole('link', { name: 'Clients' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: '繁體中文' });
  await expect(page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '客戶' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
});

test.describe('a browser set to French', () => {
  test.use({ locale: 'fr-FR' });
  test('opens in French until another language is chosen', async ({ page }) => {
    await openWithBook(page, '/customers');
    await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
    await expect(page.getByRole('link', { name: 'Paramètres' })).toBeVisible();
  });
});
