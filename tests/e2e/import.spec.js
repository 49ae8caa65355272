// Import customers from a CSV file (issue 15): the preview before anything is written, the
// one write, its undo, and an export read back. On the real IndexedDB store.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { openWithBook, downloadText, storedBook, CUSTOMERS } from './fixtures.js';

const companyCells = (page) => page.locator('table.customers tbody tr.row td:nth-child(3)');
const shownCompanies = async (page) => (await companyCells(page).allInnerTexts()).map((t) => t.trim());
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);

/** A Partner Center Customers.csv: a BOM, CRLF, its column names and relationship texts. */
const PARTNER_CENTER = [
  'Company name,Primary domain name,Microsoft ID,Relationship,Tags',
  'Éléphant Bleu SARL,elephant-bleu.fr,cccccccc-0000-4000-8000-000000000001,Cloud Reseller,',
  'Tailspin Toys,tailspin.example,cccccccc-0000-4000-8000-000000000002,Cloud Reseller,vip;emea',
  'Tailspin Again,TAILSPIN.example,cccccccc-0000-4000-8000-000000000003,Cloud Reseller,',
  'Bad Guid Ltd,badguid.example,not-a-guid,Cloud Reseller,',
  'Contoso Copy,contoso.com,,Cloud Reseller,',
].join('\r\n') + '\r\n';

async function pick(page, name, text) {
  await page.getByLabel('Customer file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
  });
}

const counted = (page, term) => page.locator('.import-counts dl > div', { has: page.getByText(term, { exact: true }) }).locator('dd');

async function openImport(page) {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.getByRole('link', { name: 'Import customers' }).click();
  await expect(page).toHaveURL(/\/customers\/import$/);
  await expect(page.getByRole('heading', { name: 'Import customers', level: 1 })).toBeVisible();
}

test('a Partner Center file: the preview shows the counts and errors, and the import adds exactly the good rows', async ({ page }) => {
  await openImport(page);
  await pick(page, 'Customers.csv', PARTNER_CENTER);
  await expect(page.getByText('The columns of Customers.csv were recognised.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Column for Customer ID' })).toHaveValue('2');
  await expect(page.getByRole('combobox', { name: 'Column for Tags' })).toHaveValue('4');
  await expect(counted(page, 'New customers')).toHaveText('2');
  await expect(counted(page, 'Updates')).toHaveText('0');
  await expect(counted(page, 'Rows skipped')).toHaveText('1');
  await expect(counted(page, 'Rows in error')).toHaveText('2');
  const errors = page.getByRole('region', { name: 'Rows in error' }).getByRole('listitem');
  await expect(errors).toHaveText([
    'Line 4: The same Microsoft ID or primary domain as line 3.',
    /^Line 5: “not-a-guid” is not a valid Microsoft ID/,
  ]);
  const preview = page.getByRole('table');
  await expect(preview.getByRole('row')).toHaveCount(6);
  await expect(preview.getByRole('row', { name: /Éléphant Bleu SARL/ })).toContainText('New');

  const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Download the rows in error' }).click());
  expect(name).toBe('Customers-errors.csv');
  expect(text).toContain('Tailspin Again,TAILSPIN.example,cccccccc-0000-4000-8000-000000000003,Cloud Reseller,,4,The same Microsoft ID');

  await page.getByRole('button', { name: 'Import 2 customers' }).click();
  await expect(page.getByRole('heading', { name: 'Import done' })).toBeVisible();
  await expect(page.getByText('From Customers.csv: 2 customers added, 0 updated, 1 rows skipped, 2 rows in error.')).toBeVisible();

  await page.getByRole('link', { name: 'Back to customers' }).click();
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length + 2} of ${CUSTOMERS.length + 2} customers`);
  const names = await shownCompanies(page);
  expect(names).toContain('Éléphant Bleu SARL');
  expect(names).toContain('Tailspin Toys');
  expect(names).not.toContain('Tailspin Again');
  expect(names).not.toContain('Bad Guid Ltd');
  expect(names).not.toContain('Contoso Copy');

  // One "Customers imported" entry, with the counts and the file name.
  await page.getByRole('link', { name: 'Activity log' }).click();
  await expect(page.getByRole('row', { name: /Customers imported/ })).toContainText('Customers.csv: 2 new, 0 updated, 1 skipped, 2 in error');

  // It was written: a reload shows the same.
  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length + 2} of ${CUSTOMERS.length + 2} customers`);
});

test('"Undo import" takes them out again', async ({ page }) => {
  await openImport(page);
  await pick(page, 'Customers.csv', PARTNER_CENTER);
  await page.getByRole('button', { name: 'Import 2 customers' }).click();
  await page.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByText('The import was undone: the book is as it was before.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo import' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  expect(await shownCompanies(page)).not.toContain('Tailspin Toys');
  await page.reload();
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
});

test('"Update existing customers" changes only the columns the file has', async ({ page }) => {
  await openImport(page);
  const contoso = CUSTOMERS[5];
  await pick(page, 'names.csv', `Microsoft ID,Company name,Primary domain name\r\n${contoso.id},Contoso Pharmaceuticals,${contoso.primary_domain}\r\n`);
  await expect(counted(page, 'Rows skipped')).toHaveText('1');
  await page.getByRole('radio', { name: 'Update existing customers' }).check();
  await expect(counted(page, 'Updates')).toHaveText('1');
  await expect(counted(page, 'Rows skipped')).toHaveText('0');
  // Company name and domain are required: without a domain column nothing is planned.
  await page.getByRole('combobox', { name: 'Column for Primary domain name' }).selectOption({ label: '(none)' });
  await expect(page.getByText('Choose a column for Primary domain name.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Column for Primary domain name' }).selectOption({ label: 'Primary domain name' });
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByText('From names.csv: 0 customers added, 1 updated, 0 rows skipped, 0 rows in error.')).toBeVisible();
  const stored = await storedBook(page);
  const now = stored.customers.find((c) => c.id === contoso.id);
  expect(now.company_name).toBe('Contoso Pharmaceuticals');
  // The columns the file lacks are as they were.
  expect(now.relationship).toBe(contoso.relationship);
  expect(now.reseller_id).toBe(contoso.reseller_id);
  expect(now.created_at).toBe(contoso.created_at);
});

test('export, clear, then import gives the same list', async ({ page, browser }) => {
  // The names the rules refuse (a formula start) can't come back in: the book is the rest.
  const good = CUSTOMERS.filter((c) => !/^[=+]/.test(c.company_name));
  await openWithBook(page, '/customers', { customers: good, subscriptions: [] });
  await expect(count(page)).toHaveText(`Showing ${good.length} of ${good.length} customers`);
  const before = await shownCompanies(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export customers' }).click()]);
  const bytes = await readFile(await download.path());

  // A cleared browser: a new context, with only the partner's settings (for its resellers).
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openWithBook(other, '/customers/import', { customers: [], subscriptions: [] });
  await other.getByLabel('Customer file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/csv', buffer: bytes });
  await expect(counted(other, 'Rows in error')).toHaveText('0');
  await other.getByRole('button', { name: `Import ${good.length} customers` }).click();
  await other.getByRole('link', { name: 'Back to customers' }).click();
  await expect(count(other)).toHaveText(`Showing ${good.length} of ${good.length} customers`);
  expect(await shownCompanies(other)).toEqual(before);
  await fresh.close();
});

test('the import preview passes axe', async ({ page }) => {
  await openImport(page);
  await pick(page, 'Customers.csv', PARTNER_CENTER);
  await expect(counted(page, 'Rows in error')).toHaveText('2');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations).toEqual([]);
});
