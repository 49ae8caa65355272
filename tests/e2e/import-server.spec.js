// Import customers on a team's book on the reference server (real clientele-server, real
// SQLite or PostgreSQL): "Update existing customers" and "Undo import" work there too, the
// import is logged once with its file name and counts, a teammate's browser follows both
// through the change feed, and a customer a teammate changed since the preview is refused,
// not overwritten.
import { test, expect } from '@playwright/test';
import { CUSTOMERS } from './fixtures.js';
import { openOnBackend, startBackend } from './backend.js';

let backend;
test.beforeEach(async ({ baseURL }) => {
  backend = await startBackend(new URL(baseURL).origin);
  await backend.seed();
});
test.afterEach(async () => {
  await backend?.close();
});

const count = (page) => page.getByRole('status').filter({ hasText: /^Showing / });
const showing = (n) => `Showing ${n.toLocaleString('en')} of ${n.toLocaleString('en')} customers`;
const counted = (page, term) => page.locator('.import-counts dl > div', { has: page.getByText(term, { exact: true }) }).locator('dd');
const companies = async (page) =>
  (await page.locator('table.customers tbody tr.row td:nth-child(3)').allInnerTexts()).map((t) => t.trim());

const contoso = CUSTOMERS[5];
/** One customer of the book renamed, and two new ones. */
const FILE = [
  'Microsoft ID,Company name,Primary domain name,Relationship',
  `${contoso.id},Contoso Pharmaceuticals,${contoso.primary_domain},Cloud Reseller`,
  'dddddddd-0000-4000-8000-000000000001,Fabrikam Nouveau,fabrikam-nouveau.example,Cloud Reseller',
  ',Northwind Imported,northwind-imported.example,Cloud Reseller',
].join('\r\n') + '\r\n';

async function openImport(page, token = backend.tokens.admin) {
  await openOnBackend(page, backend, token);
  await expect(count(page)).toHaveText(showing(CUSTOMERS.length));
  await page.getByRole('link', { name: 'Import customers' }).click();
  await expect(page.getByRole('heading', { name: 'Import customers', level: 1 })).toBeVisible();
  await page.getByLabel('Customer file').setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });
  await page.getByRole('radio', { name: 'Update existing customers' }).check();
  await expect(counted(page, 'New customers')).toHaveText('2');
  await expect(counted(page, 'Updates')).toHaveText('1');
}

async function entries(action) {
  const r = await backend.api(backend.tokens.admin, 'GET', `/api/activity?action=${action}`);
  return r.body.items;
}

test('"Update existing customers", then "Undo import", on a server; another browser follows both', async ({ page, browser }) => {
  await openImport(page);
  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  await expect(page.getByText('From names.csv: 2 customers added, 1 updated, 0 rows skipped, 0 rows in error.')).toBeVisible();

  // One entry for the whole file, with its name and counts, by the user, on the server.
  const imported = (await entries('customers-imported')).filter((e) => e.subject === 'names.csv');
  expect(imported).toHaveLength(1);
  expect(imported[0].after).toBe('2 new, 1 updated, 0 skipped, 0 in error');
  expect(imported[0].by).toBe('Ada Admin');
  const onServer = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${contoso.id}`);
  expect(onServer.body.company_name).toBe('Contoso Pharmaceuticals');
  // Only the columns the file has changed.
  expect(onServer.body.created_at).toBe(contoso.created_at);
  expect(onServer.body.billing_address).toEqual(contoso.billing_address);

  // A teammate's browser (another context: its own replica) sees the import.
  const other = await browser.newContext();
  const teammate = await other.newPage();
  await openOnBackend(teammate, backend, backend.tokens.helpdesk);
  await expect(count(teammate)).toHaveText(showing(CUSTOMERS.length + 2));
  const seen = await companies(teammate);
  expect(seen).toEqual(expect.arrayContaining(['Contoso Pharmaceuticals', 'Fabrikam Nouveau', 'Northwind Imported']));

  await page.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByText('The import was undone: the book is as it was before.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo import' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await expect(count(page)).toHaveText(showing(CUSTOMERS.length));
  expect(await companies(page)).toContain(contoso.company_name);

  // The server deleted the two (not as removed relationships) and put Contoso back.
  const gone = await backend.api(backend.tokens.admin, 'GET', '/api/customers/dddddddd-0000-4000-8000-000000000001');
  expect(gone.status).toBe(404);
  const removed = await backend.api(backend.tokens.admin, 'GET', '/api/customers/removed');
  expect(removed.body).toEqual([]);
  const back = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${contoso.id}`);
  expect(back.body.company_name).toBe(contoso.company_name);
  const undone = await entries('import-undone');
  expect(undone.map((e) => `${e.subject}: ${e.after}`)).toEqual(['names.csv: 2 taken out, 1 restored']);

  // The teammate's list follows through the feed (polled, and at once on focus).
  await teammate.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(count(teammate)).toHaveText(showing(CUSTOMERS.length), { timeout: 15_000 });
  const after = await companies(teammate);
  expect(after).toContain(contoso.company_name);
  expect(after).not.toContain('Fabrikam Nouveau');
  expect(after).not.toContain('Northwind Imported');
  // And after a reload, from its replica.
  await teammate.reload();
  await expect(count(teammate)).toHaveText(showing(CUSTOMERS.length));
  await other.close();
});

test('a customer a teammate changed since the preview is refused, not overwritten', async ({ page }) => {
  await openImport(page);
  // The teammate renames Contoso on the server after the preview.
  const current = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${contoso.id}`);
  const renamed = await backend.api(
    backend.tokens.admin,
    'PATCH',
    `/api/customers/${contoso.id}`,
    { company_name: 'Contoso Renamed Meanwhile' },
    { 'if-match': current.etag },
  );
  expect(renamed.status).toBe(200);

  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'has changed since the preview' });
  await expect(alert).toContainText(contoso.id);
  await expect(page.getByRole('heading', { name: 'Import done' })).toHaveCount(0);
  const onServer = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${contoso.id}`);
  expect(onServer.body.company_name).toBe('Contoso Renamed Meanwhile');
  // The new customers went first, in their own batch: said, and that much of the import is
  // closed and logged, so the log says what it wrote.
  await expect(alert).toContainText('The import stopped after 2 of 3 customers');
  const logged = (await entries('customers-imported')).filter((e) => e.subject === 'names.csv');
  expect(logged).toHaveLength(1);
  expect(logged[0].after).toBe('2 new, 0 updated, 0 skipped, 0 in error');
});
