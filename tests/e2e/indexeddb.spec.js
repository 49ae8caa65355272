// The browser's book in IndexedDB, as a person meets it: a large book that survives
// reloads, two tabs that never lose each other's edits, and an older version's book that
// opens complete after the upgrade.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, SETTINGS, logEntry, openWithBook, storedBook } from './fixtures.js';

const search = (page) => page.getByRole('searchbox', { name: 'Search customers' });
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);
const companyCells = (page) => page.locator('table.customers tbody tr.row td:nth-child(3)');
const FABRIKAM = CUSTOMERS.find((c) => c.company_name === 'Fabrikam Inc');
const CONTOSO = CUSTOMERS.find((c) => c.company_name.startsWith('Contoso'));

async function renameOn(page, customer, name) {
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole('button', { name: 'Update company name' }).click();
  await page.getByRole('textbox', { name: 'Company name' }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('the 10,000 sample survives a reload and is searchable', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/customers');
  await page.getByRole('combobox', { name: 'Sample size' }).selectOption('10000');
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await expect(count(page)).toHaveText('Showing 10,000 of 10,000 customers', { timeout: 60_000 });
  await page.reload();
  await expect(count(page)).toHaveText('Showing 10,000 of 10,000 customers', { timeout: 30_000 });
  const first = (await companyCells(page).first().innerText()).trim();
  await search(page).fill(first.slice(0, 8));
  await expect(companyCells(page).first()).toHaveText(first);
  await expect(count(page)).not.toHaveText('Showing 10,000 of 10,000 customers');
});

test('two tabs rename different customers: each sees the other’s edit, and both stay', async ({ context }) => {
  const a = await context.newPage();
  await openWithBook(a);
  await expect(count(a)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  const b = await context.newPage();
  await b.goto('/customers');
  await expect(count(b)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);

  await renameOn(a, FABRIKAM, 'Fabrikam Holdings Inc');
  // Tab B, opened before and not reloaded, shows it within a second.
  await expect(b.getByRole('cell', { name: 'Fabrikam Holdings Inc', exact: true })).toBeVisible({ timeout: 1_000 });

  await a.goto('/customers');
  await renameOn(b, CONTOSO, 'Contoso Worldwide Ltd');
  await expect(a.getByRole('cell', { name: 'Contoso Worldwide Ltd', exact: true })).toBeVisible({ timeout: 1_000 });

  for (const page of [a, b]) {
    await page.goto('/customers');
    await expect(page.getByRole('cell', { name: 'Fabrikam Holdings Inc', exact: true })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Contoso Worldwide Ltd', exact: true })).toBeVisible();
  }
});

test('two tabs rename the same customer: the second gets the conflict and keeps its text', async ({ context }) => {
  const a = await context.newPage();
  await openWithBook(a, `/customers/${FABRIKAM.id}`);
  const b = await context.newPage();
  await b.goto(`/customers/${FABRIKAM.id}`);
  for (const page of [a, b]) {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Inc');
    await page.getByRole('button', { name: 'Update company name' }).click();
  }
  await a.getByRole('textbox', { name: 'Company name' }).fill('Fabrikam Holdings');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Holdings');

  await b.getByRole('textbox', { name: 'Company name' }).fill('Fabrikam Group');
  await b.getByRole('button', { name: 'Save' }).click();
  const dialog = b.getByRole('dialog', { name: 'Your change was not saved' });
  await expect(dialog).toBeVisible();
  await expect(b.getByRole('textbox', { name: 'Company name' })).toHaveValue('Fabrikam Group');
  await dialog.getByRole('button', { name: 'Reload and apply my change' }).click();
  await expect(dialog).toBeHidden();
  await expect(b.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Group');
  await a.reload();
  await expect(a.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Group');
  const log = (await storedBook(a)).activity.filter((e) => e.action === 'CompanyNameUpdated');
  expect(log.map((e) => `${e.before} → ${e.after}`)).toEqual([
    'Fabrikam Inc → Fabrikam Holdings',
    'Fabrikam Holdings → Fabrikam Group',
  ]);
});

test('a book kept in localStorage by the previous version opens complete after the upgrade', async ({ page }) => {
  const activity = [logEntry(3, FABRIKAM, 'CompanyNameUpdated', 'Fabrikam', 'Fabrikam Inc')];
  await openWithBook(page, '/customers', { activity });
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'Fabrikam → Fabrikam Inc' })).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByRole('textbox', { name: 'Partner name' })).toHaveValue(SETTINGS.partner.display_name);
  // The old copy is kept aside, renamed, and not read again.
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys).not.toContain('clientele.book');
  expect(keys.filter((k) => k.startsWith('clientele.book.migrated-'))).toHaveLength(1);
  await page.reload();
  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  expect((await storedBook(page)).activity).toHaveLength(1);
});

test('Settings → Storage says whether the book is kept and how much space it takes', async ({ page }) => {
  await openWithBook(page, '/settings');
  const section = page.getByRole('region', { name: "This browser's storage" });
  await expect(section).toBeVisible();
  await expect(section).toContainText(/Kept on this device|May be cleared by the browser when space is low/);
  await expect(section).toContainText(/\d+ (KB|MB) used of [\d,]+ (KB|MB) available/);
  const results = await new AxeBuilder({ page }).include('.device-space').analyze();
  expect(results.violations).toEqual([]);
});

test('without IndexedDB (a private mode, a policy) the app says so and runs in memory', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined });
  });
  await page.goto('/customers');
  await expect(page.getByRole('alert').filter({ hasText: 'Browser storage is unavailable' })).toBeVisible();
  await expect(page.getByText('Memory-only storage: nothing is saved in this browser')).toBeVisible();
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await expect(count(page)).toHaveText('Showing 200 of 200 customers');
});
