// The list's tools on a team's book on the reference server (real clientele-server, real
// SQLite or PostgreSQL): a large selection goes one request per batch with its progress
// shown, and an action that stopped half-way finishes when sent again, changing no customer
// twice; saved views are kept on the server, each user's own.
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

const MANY = 2_500;

/** `n` customers named "Batch Co 00001"…, imported on the server. */
async function seedBatch(n) {
  const customers = Array.from({ length: n }, (_, i) => ({
    ...CUSTOMERS[i % CUSTOMERS.length],
    id: `cccccccc-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    company_name: `Batch Co ${String(i + 1).padStart(5, '0')}`,
    primary_domain: `batch-${i + 1}.example`,
    reseller_id: null,
  }));
  const r = await backend.api(backend.tokens.admin, 'POST', '/api/customers/import', { customers, subscriptions: [] });
  expect(r.status).toBe(201);
}

/** How many of the batch customers the server has with `tag`, and whether any has it twice. */
async function taggedOnServer(tag) {
  const r = await backend.api(backend.tokens.admin, 'GET', '/api/customers?q=Batch%20Co&limit=5000');
  const tags = r.body.items.map((c) => (c.tags ?? []).filter((t) => t === tag).length);
  return { tagged: tags.filter((n) => n > 0).length, twice: tags.some((n) => n > 1) };
}

async function tagEntries() {
  const r = await backend.api(backend.tokens.admin, 'GET', '/api/activity?action=tags-changed&limit=1');
  return r.body.total;
}

test('a bulk tag goes in batches with its progress, and after a failed batch a retry finishes it once', async ({ page }) => {
  await seedBatch(MANY);
  await openOnBackend(page, backend, backend.tokens.admin);
  const all = CUSTOMERS.length + MANY;
  await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toHaveText(`Showing ${all.toLocaleString('en')} of ${all.toLocaleString('en')} customers`);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Batch Co');
  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toContainText('2,500 selected');

  // Each batch takes a moment, and the second one's connection drops the first time.
  const sent = [];
  await page.route((url) => url.pathname === '/api/customers/tags', async (route) => {
    sent.push(route.request().postDataJSON().ids.length);
    if (sent.length === 2) return route.abort('connectionreset');
    await new Promise((r) => setTimeout(r, 400));
    return route.continue();
  });
  const bar = page.getByRole('region', { name: 'Selected customers' });
  await bar.getByRole('combobox', { name: 'Tag' }).fill('Renewal');
  await bar.getByRole('button', { name: 'Add tag' }).click();
  const progress = bar.getByRole('progressbar', { name: 'Bulk action progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('max', String(MANY));
  await expect(bar.getByText('0 of 2,500 customers done')).toBeVisible();
  await expect(bar.getByRole('combobox', { name: 'Tag' })).toHaveAccessibleDescription(/^Stopped: .*Try again to finish: the customers already done are not changed twice\.$/);
  await expect(progress).toHaveCount(0);
  // The first batch is on the server, all of it; the rest is not.
  expect(sent).toEqual([1000, 1000]);
  expect(await taggedOnServer('Renewal')).toEqual({ tagged: 1000, twice: false });
  expect(await tagEntries()).toBe(1000);

  // Sent again, whole: the batch already done changes nothing more.
  await bar.getByRole('button', { name: 'Add tag' }).click();
  await expect(bar.getByText('1,000 of 2,500 customers done')).toBeVisible();
  await expect(page.getByText('Tag “Renewal” added to 2,500 customers.')).toBeVisible({ timeout: 30_000 });
  expect(sent).toEqual([1000, 1000, 1000, 1000, 500]);
  expect(await taggedOnServer('Renewal')).toEqual({ tagged: MANY, twice: false });
  expect(await tagEntries()).toBe(MANY);
  // The list shows it without a reload.
  await page.getByRole('combobox', { name: 'Filter by tag' }).selectOption('Renewal');
  await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toContainText(`Showing 2,500 of`);
});

test('a bulk removal goes in batches with its progress inside the confirmation', async ({ page }) => {
  await seedBatch(1_500);
  await openOnBackend(page, backend, backend.tokens.admin);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Batch Co');
  await expect(page.getByRole('status').filter({ hasText: /^Showing 1,500 of/ })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  const sent = [];
  await page.route((url) => url.pathname === '/api/customers/remove', async (route) => {
    sent.push(route.request().postDataJSON().ids.length);
    await new Promise((r) => setTimeout(r, 400));
    return route.continue();
  });
  await page.getByRole('region', { name: 'Selected customers' }).getByRole('button', { name: 'Remove relationships' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove the relationships with 1,500 customers?' });
  await dialog.getByRole('checkbox', { name: 'I understand that these relationships end.' }).check();
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Bulk action progress' })).toBeVisible();
  await expect(dialog.getByText('1,000 of 1,500 customers done')).toBeVisible();
  await expect(page.getByText('Removed the relationships with 1,500 customers.')).toBeVisible();
  expect(sent).toEqual([1000, 500]);
  const left = await backend.api(backend.tokens.admin, 'GET', '/api/customers?q=Batch%20Co&limit=5000');
  expect(left.body.total).toBe(0);
});

test('saved views are kept on the server for the user: in another browser for them, not for a teammate', async ({ browser, page }) => {
  await openOnBackend(page, backend, backend.tokens.admin);
  const count = (p) => p.getByRole('status').filter({ hasText: /^Showing / });
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('consult');
  await page.getByRole('button', { name: 'Company name' }).click();
  await page.getByRole('button', { name: 'Company name' }).click();
  const shown = await page.locator('table.customers tbody tr.row td:nth-child(3)').allInnerTexts();
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill('Consultants, Z to A');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('View “Consultants, Z to A” saved.')).toBeVisible();
  // On the server, not in this browser.
  const onServer = await backend.api(backend.tokens.admin, 'GET', '/api/views');
  expect(onServer.body).toEqual([{ name: 'Consultants, Z to A', params: expect.stringMatching(/q=consult.*sort=-name|sort=-name.*q=consult/) }]);
  expect(await page.evaluate(() => localStorage.getItem('clientele.views'))).toBeNull();

  // The same user in another browser opens it from "Views".
  const other = await browser.newContext();
  const second = await other.newPage();
  await openOnBackend(second, backend, backend.tokens.admin);
  await expect(count(second)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  const views = second.getByRole('combobox', { name: 'Views' });
  await expect(views.getByRole('option')).toHaveText(['Choose a view', 'Consultants, Z to A']);
  await views.selectOption('Consultants, Z to A');
  await expect(second.locator('table.customers tbody tr.row td:nth-child(3)')).toHaveText(shown);
  await expect(second.getByRole('columnheader', { name: 'Company name' })).toHaveAttribute('aria-sort', 'descending');

  // A teammate has none of them.
  const teammate = await browser.newContext();
  const third = await teammate.newPage();
  await openOnBackend(third, backend, backend.tokens.helpdesk);
  await expect(count(third)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await expect(third.getByRole('combobox', { name: 'Views' }).getByRole('option')).toHaveText(['Choose a view']);

  // Deleted in the second browser: gone from the server.
  await second.getByRole('button', { name: 'Delete view' }).click();
  await expect(second.getByText('View “Consultants, Z to A” deleted.')).toBeVisible();
  expect((await backend.api(backend.tokens.admin, 'GET', '/api/views')).body).toEqual([]);

  // The server down: the replica still shows the list, and the views as this browser last
  // read them still open; the select says why they can't change, beside it (no alarm in
  // the banner).
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Views' }).getByRole('option')).toHaveText(['Choose a view']);
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill('Consultants');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('View “Consultants” saved.')).toBeVisible();
  await backend.stop();
  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  const offline = page.getByRole('combobox', { name: 'Views' });
  await expect(offline).toHaveAccessibleDescription(
    'Your saved views are on the server, which can’t be reached now: they show as this browser last read them, and can’t be changed until it can.',
  );
  await expect(offline.getByRole('option')).toHaveText(['Choose a view', 'Consultants']);
  await offline.selectOption('Consultants');
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('consult');
  // The second browser deleted its copy with the view: it has none.
  await second.goto('/customers');
  await expect(count(second)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await expect(views.getByRole('option')).toHaveText(['Choose a view']);
  await other.close();
  await teammate.close();
});
