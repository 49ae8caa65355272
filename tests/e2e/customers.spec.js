// The customer list, as a person uses it: search, filter, expand, export, reload.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, RESELLERS, fillStorage, limitStorage, openWithBook, parseCsv, storedBook } from './fixtures.js';

const search = (page) => page.getByRole('searchbox', { name: 'Search customers' });
const resellerFilter = (page) => page.getByRole('combobox', { name: 'Filter by indirect reseller' });
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);
const companyCells = (page) => page.locator('table.customers tbody tr.row td:nth-child(3)');

async function shownCompanies(page) {
  return (await companyCells(page).allInnerTexts()).map((t) => t.trim());
}

test.describe('Empty book', () => {
  test('offers sample customers and shows them at once', async ({ page }) => {
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Sample size' })).toHaveAccessibleDescription(/database \(IndexedDB\), which holds 100,000 customers/);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(axe.violations).toEqual([]);
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(count(page)).toHaveText('Showing 200 of 200 customers');
    await expect(companyCells(page).first()).toBeVisible();
    // A sample partner profile with resellers comes along when none was set.
    const options = await resellerFilter(page).locator('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(3);
  });

  test('keeps the sample customers across a reload', async ({ page }) => {
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(count(page)).toHaveText('Showing 200 of 200 customers');
    const first = (await shownCompanies(page))[0];
    await page.reload();
    await expect(count(page)).toHaveText('Showing 200 of 200 customers');
    expect((await shownCompanies(page))[0]).toBe(first);
  });
});

test.describe('Search', () => {
  test.beforeEach(async ({ page }) => {
    await openWithBook(page);
    await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  });

  test('finds by part of a company name, and marks the match', async ({ page }) => {
    await search(page).fill('ramos cons');
    await expect(count(page)).toHaveText(`Showing 1 of ${CUSTOMERS.length} customers`);
    await expect(companyCells(page)).toHaveText(['José Ramos Consultoria']);
    await expect(page.locator('table.customers mark').first()).toHaveText('Ramos Cons');
  });

  test('finds by domain, ignoring a typed scheme and www.', async ({ page }) => {
    await search(page).fill('https://www.contoso.com');
    await expect(companyCells(page)).toHaveText(['Contoso, "Ltd"']);
    await search(page).fill('onmicrosoft');
    await expect(companyCells(page)).toHaveText(['Fabrikam Inc']);
  });

  test('finds by customer ID, in any case', async ({ page }) => {
    await search(page).fill('AAAAAAAA-0000-4000-8000-000000000003');
    await expect(companyCells(page)).toHaveText(['台灣微軟顧問有限公司']);
  });

  test('ignores accents and case, both ways', async ({ page }) => {
    await search(page).fill('SOCIETE generale');
    await expect(companyCells(page)).toHaveText(['Société Générale Conseil']);
    await search(page).fill('strasse');
    await expect(companyCells(page)).toHaveText(['Straßenbau Müller GmbH']);
    await search(page).fill('jose');
    await expect(companyCells(page)).toHaveText(['José Ramos Consultoria']);
    await search(page).fill('Jösé');
    await expect(companyCells(page)).toHaveText(['José Ramos Consultoria']);
  });

  test('finds Chinese names by any part', async ({ page }) => {
    await search(page).fill('台灣');
    await expect(companyCells(page)).toHaveText(['台灣微軟顧問有限公司']);
    await search(page).fill('微軟顧問');
    await expect(companyCells(page)).toHaveText(['台灣微軟顧問有限公司']);
  });

  test('says so when nothing matches, and clears in one click', async ({ page }) => {
    await search(page).fill('no such customer anywhere');
    await expect(count(page)).toHaveText(`Showing 0 of ${CUSTOMERS.length} customers`);
    await page.getByRole('button', { name: 'Clear search and filter' }).click();
    await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
    await expect(search(page)).toHaveValue('');
  });
});

test.describe('Filter by indirect reseller', () => {
  test('shows only that reseller\'s customers, combined with search', async ({ page }) => {
    await openWithBook(page);
    await resellerFilter(page).selectOption({ label: 'Wingtip Toys' });
    const wingtip = CUSTOMERS.filter((c) => c.reseller_id === RESELLERS[1].id).map((c) => c.company_name);
    await expect(count(page)).toHaveText(`Showing ${wingtip.length} of ${CUSTOMERS.length} customers`);
    expect((await shownCompanies(page)).sort()).toEqual([...wingtip].sort());
    await expect(page.locator('table.customers tbody tr.row td:nth-child(6)')).toHaveText(wingtip.map(() => 'Wingtip Toys'));
    await search(page).fill('contoso');
    await expect(companyCells(page)).toHaveText(['Contoso, "Ltd"']);
  });

  test('can show direct customers only', async ({ page }) => {
    await openWithBook(page);
    await resellerFilter(page).selectOption({ label: 'Direct customers (no reseller)' });
    await expect(companyCells(page)).toHaveText(['Fabrikam Inc', 'José Ramos Consultoria']);
  });
});

test.describe('Row details', () => {
  test('the down arrow expands a row to show the ID and quick links', async ({ page }) => {
    await openWithBook(page);
    const toggle = page.getByRole('button', { name: 'Show details for Fabrikam Inc' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const id = CUSTOMERS.find((c) => c.company_name === 'Fabrikam Inc').id;
    const details = page.locator(`#detail-${id}`);
    await expect(details.locator('code')).toHaveText(id);
    const links = details.getByRole('navigation', { name: 'Quick links for Fabrikam Inc' });
    await expect(links.getByRole('link', { name: 'Subscriptions' })).toHaveAttribute('href', `/customers/${id}/subscriptions`);
    await expect(links.getByRole('link', { name: 'Service management' })).toHaveAttribute('href', `/customers/${id}/services`);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
    await expect(details).toHaveCount(0);
  });

  test('the Subscriptions quick link lists the customer\'s subscriptions', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
    await page.getByRole('navigation', { name: 'Quick links for Fabrikam Inc' }).getByRole('link', { name: 'Subscriptions' }).click();
    await expect(page.getByRole('heading', { name: 'Subscriptions: Fabrikam Inc' })).toBeVisible();
    const rows = page.getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('Microsoft 365 Business Premium');
    await expect(rows.nth(1)).toContainText('25');
    await expect(rows.nth(2)).toContainText('Suspended');
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  });

  test('the Service management quick link opens the customer\'s admin centres', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
    await page.getByRole('link', { name: 'Service management' }).click();
    await expect(page.getByRole('heading', { name: 'Service management: Fabrikam Inc' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Microsoft 365 admin center' })).toHaveAttribute('href', /CTID=aaaaaaaa-0000-4000-8000-000000000008/);
  });

  test('copies the customer ID to the clipboard and says so', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openWithBook(page);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
    await page.getByRole('button', { name: 'Copy customer ID of Fabrikam Inc' }).click();
    await expect(page.getByText('Copied', { exact: true })).toBeVisible();
    const id = CUSTOMERS.find((c) => c.company_name === 'Fabrikam Inc').id;
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
  });

  test('works from the keyboard', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Show details for Fabrikam Inc' })).toHaveAttribute('aria-expanded', 'true');
  });
});

test.describe('Export', () => {
  test('downloads exactly the filtered rows as Excel-compatible CSV', async ({ page }) => {
    await openWithBook(page);
    await resellerFilter(page).selectOption({ label: 'Northwind Traders' });
    const northwind = CUSTOMERS.filter((c) => c.reseller_id === RESELLERS[0].id);
    await expect(count(page)).toHaveText(`Showing ${northwind.length} of ${CUSTOMERS.length} customers`);
    const shown = await shownCompanies(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export customers' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe('Customer ID,Company name,Primary domain name,Relationship,Indirect reseller,Tags,Created,Subscriptions (active count)');
    expect(lines).toHaveLength(shown.length + 1);
    const names = lines.slice(1).map((l) => parseCsvLine(l)[1]);
    const unguarded = names.map((n) => (n.startsWith("'") ? n.slice(1) : n));
    expect(unguarded).toEqual(shown);
    // Formula injection is neutralised: the cell starts with an apostrophe.
    expect(names).toContain(`'=HYPERLINK("http://evil.example") Labs`);
    expect(names).toContain(`'+Plus Consulting`);
    expect(names).toContain('Société Générale Conseil');
    expect(names).toContain('台灣微軟顧問有限公司');
    for (const l of lines.slice(1)) expect(parseCsvLine(l)[4]).toBe('Northwind Traders');
  });

  test('quotes commas and quotes per RFC 4180', async ({ page }) => {
    await openWithBook(page);
    await search(page).fill('contoso');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export customers' }).click(),
    ]);
    const text = (await readFile(await download.path())).toString('utf8');
    expect(text).toContain('"Contoso, ""Ltd"""');
  });
});

test.describe('Persistence', () => {
  test('a reload keeps the customers, the search and the filter', async ({ page }) => {
    await openWithBook(page);
    await resellerFilter(page).selectOption({ label: 'Northwind Traders' });
    await search(page).fill('société');
    await expect(page).toHaveURL(/q=soci%C3%A9t%C3%A9/);
    await expect(page).toHaveURL(new RegExp(`reseller=${RESELLERS[0].id}`));
    await page.reload();
    await expect(search(page)).toHaveValue('société');
    await expect(resellerFilter(page)).toHaveValue(RESELLERS[0].id);
    await expect(companyCells(page)).toHaveText(['Société Générale Conseil']);
  });

  test('a shared link naming a reseller not in settings says so', async ({ page }) => {
    await openWithBook(page, '/customers?reseller=33333333-3333-4333-8333-333333333333');
    await expect(resellerFilter(page)).toHaveValue('33333333-3333-4333-8333-333333333333');
    await expect(resellerFilter(page).locator('option:checked')).toHaveText('Unknown reseller 33333333-3333-4333-8333-333333333333');
    await expect(count(page)).toHaveText(`Showing 0 of ${CUSTOMERS.length} customers`);
    await resellerFilter(page).selectOption({ label: 'All' });
    await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  });

  test('a shared link opens with its search applied', async ({ page }) => {
    await openWithBook(page, '/customers?q=gmbh');
    await expect(companyCells(page)).toHaveText(['Straßenbau Müller GmbH']);
  });

  test('storage full is shown, nothing partial is kept, and the next load works', async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const lift = await limitStorage(page, baseURL);
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
    await fillStorage(page);
    await page.getByRole('combobox', { name: 'Sample size' }).selectOption('10000');
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(page.getByRole('alert')).toContainText('This browser has no more room', { timeout: 90_000 });
    await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
    expect((await storedBook(page)).customers).toHaveLength(0);
    await lift();
    // The smaller book still loads afterwards: the failed write left the store consistent.
    await page.getByRole('combobox', { name: 'Sample size' }).selectOption('200');
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(count(page)).toHaveText('Showing 200 of 200 customers');
    await page.reload();
    await expect(count(page)).toHaveText('Showing 200 of 200 customers');
  });

  test('unreadable stored data is kept aside and reported, never wiped', async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('clientele.book', '{"schema":1,"data":{"customers":[{"id":"broken"}]}}');
      }
    });
    await page.goto('/customers');
    await expect(page.getByRole('alert')).toContainText('kept aside');
    const aside = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('clientele.book.unreadable-')).map((k) => localStorage.getItem(k)),
    );
    expect(aside).toEqual(['{"schema":1,"data":{"customers":[{"id":"broken"}]}}']);
  });
});

test.describe('Large books', () => {
  test('only the rows in view are in the page, and scrolling reaches the last one', async ({ page }) => {
    await page.goto('/customers?storage=memory');
    await page.getByRole('combobox', { name: 'Sample size' }).selectOption('10000');
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(count(page)).toHaveText('Showing 10,000 of 10,000 customers');
    expect(await page.locator('table.customers tbody tr').count()).toBeLessThanOrEqual(100);
    await page.locator('.table-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(page.locator('table.customers tbody tr.row').last()).toBeInViewport();
    const lastShown = await page.locator('table.customers tbody tr.row').count();
    expect(lastShown).toBeLessThanOrEqual(100);
  });
});

test('search, filter, expand and export work from the keyboard alone', async ({ page }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await search(page).focus();
  await page.keyboard.type('co');
  await page.keyboard.press('Tab');
  await expect(resellerFilter(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Export customers' })).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^customers-/);
  // Past the link to removed customers, the list's other tools (tag filter, views, columns)
  // and the table's header (select all, the sort buttons) and the first row's checkbox, on to
  // its down arrow, opened with Space.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Removed customers' })).toBeFocused();
  const first = page.locator('button.expand').first();
  for (let i = 0; i < 20 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await page.keyboard.press('Space');
  await expect(first).toHaveAttribute('aria-expanded', 'true');
  // The row was rebuilt open; its down arrow still has the focus, so Space closes it again.
  await expect(first).toBeFocused();
  await page.keyboard.press('Space');
  await expect(first).toHaveAttribute('aria-expanded', 'false');
});

test('the customer list has no detectable accessibility violations', async ({ page }) => {
  await openWithBook(page);
  await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations).toEqual([]);
});

/** Splits one CSV record (no embedded newlines) per RFC 4180. */
const parseCsvLine = (line) => parseCsv(line)[0];
