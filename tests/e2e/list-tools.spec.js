// The customer list as a working tool (issue 16): tags, sortable columns, selection with
// bulk actions. Found by role and accessible name, as a person finds them.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, downloadText, openWithBook, parseCsv, useLanguage } from './fixtures.js';

const total = CUSTOMERS.length;
const search = (page) => page.getByRole('searchbox', { name: 'Search customers' });
const tagFilter = (page) => page.getByRole('combobox', { name: 'Filter by tag' });
const count = (page) => page.getByRole('status').filter({ hasText: /^Showing / });
const companyCells = (page) => page.locator('table.customers tbody tr.row td:nth-child(3)');
const bulkBar = (page) => page.getByRole('region', { name: 'Selected customers' });
const select = (page, name) => page.getByRole('checkbox', { name: `Select ${name}` });

async function shownCompanies(page) {
  return (await companyCells(page).allInnerTexts()).map((t) => t.trim());
}

/** The export's rows (header first), without the BOM. */
async function exported(page, button) {
  const { text } = await downloadText(page, () => page.getByRole('button', { name: button, exact: true }).click());
  return parseCsv(text.replace(/^\uFEFF/, ''));
}

const unguard = (name) => (name.startsWith("'") ? name.slice(1) : name);

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations).toEqual([]);
}

test.describe('Tags', () => {
  test('a customer is tagged on its account page, found by the tag, and exported with it', async ({ page }) => {
    const c = CUSTOMERS[0];
    await openWithBook(page, `/customers/${c.id}`);
    const newTag = page.getByRole('combobox', { name: 'New tag' });
    await newTag.fill('  EMEA ');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.getByRole('button', { name: 'Remove tag EMEA' })).toBeVisible();
    // Refused beside the field: a case-only duplicate, a comma.
    await newTag.fill('emea');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(newTag).toHaveAccessibleDescription(/already has the tag “EMEA”: tags must differ by more than letter case/);
    await newTag.fill('EMEA, Retail');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(newTag).toHaveAccessibleDescription(/Remove the comma/);
    await newTag.fill('Retail');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.getByRole('button', { name: 'Remove tag Retail' })).toBeVisible();
    // Logged as tags before → after.
    await expect(page.getByRole('cell', { name: 'EMEA → EMEA, Retail' })).toBeVisible();

    await page.getByRole('link', { name: 'Customers' }).first().click();
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers`);
    await expect(page.getByRole('columnheader', { name: 'Tags' })).toBeVisible();
    await tagFilter(page).selectOption('EMEA');
    await expect(count(page)).toHaveText(`Showing 1 of ${total} customers`);
    await expect(companyCells(page)).toHaveText([c.company_name]);
    await expect(page).toHaveURL(/[?&]tag=EMEA/);
    // Kept in the URL: a reload keeps the filter.
    await page.reload();
    await expect(count(page)).toHaveText(`Showing 1 of ${total} customers`);
    const rows = await exported(page, 'Export customers');
    expect(rows[0]).toEqual(['Customer ID', 'Company name', 'Primary domain name', 'Relationship', 'Indirect reseller', 'Tags', 'Created', 'Subscriptions (active count)']);
    expect(rows[1][5]).toBe('EMEA, Retail');
    // Search finds tags too; taking the filter off shows everyone again.
    await page.getByRole('button', { name: 'Remove tag filter EMEA' }).click();
    await search(page).fill('retail');
    await expect(companyCells(page)).toHaveText([c.company_name]);
  });

  test('the wizard takes optional tags and a culture that follows the country', async ({ page }) => {
    await openWithBook(page, '/customers/new');
    const country = page.getByRole('combobox', { name: 'Country or region' });
    const culture = page.getByRole('combobox', { name: 'Language and culture' });
    await country.selectOption({ label: 'France' });
    await expect(culture).toHaveValue('fr-FR');
    await country.selectOption({ label: 'Taiwan' });
    await expect(culture).toHaveValue('zh-TW');
    // Still changeable, and a choice made is kept.
    await culture.selectOption('en-US');
    await country.selectOption({ label: 'France' });
    await expect(culture).toHaveValue('en-US');
    const tags = page.getByRole('textbox', { name: 'Tags' });
    await tags.fill('EMEA, emea');
    await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
    await expect(tags).toHaveAccessibleDescription(/tags must differ by more than letter case/);
  });
});

test.describe('Sorting', () => {
  test('company name descending, in the order Intl.Collator gives, and the export follows', async ({ page }) => {
    await openWithBook(page);
    const header = page.getByRole('columnheader', { name: 'Company name' });
    const button = header.getByRole('button', { name: 'Company name' });
    await expect(header).toHaveAttribute('aria-sort', 'none');
    await button.click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await button.click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/[?&]sort=-name/);
    const expected = await page.evaluate(
      (names) => names.slice().sort(new Intl.Collator('en').compare).reverse(),
      CUSTOMERS.map((c) => c.company_name),
    );
    await expect(companyCells(page)).toHaveText(expected);
    const rows = await exported(page, 'Export customers');
    expect(rows.slice(1).map((r) => unguard(r[1]))).toEqual(expected);
    // Kept across a reload.
    await page.reload();
    await expect(companyCells(page)).toHaveText(expected);
  });

  test('another column sorts with company name as the tiebreak', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Relationship' }).click();
    await expect(page.getByRole('columnheader', { name: 'Relationship' })).toHaveAttribute('aria-sort', 'ascending');
    const shown = await shownCompanies(page);
    const expected = await page.evaluate((customers) => {
      const c = new Intl.Collator('en');
      const label = (r) => (r === 'Reseller' ? 'Reseller' : 'Reseller, delegated admin');
      const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      const byName = customers.slice().sort((a, b) => (fold(a.company_name) < fold(b.company_name) ? -1 : 1));
      return byName
        .map((x, i) => ({ ...x, i }))
        .sort((a, b) => c.compare(label(a.relationship), label(b.relationship)) || a.i - b.i)
        .map((x) => x.company_name);
    }, CUSTOMERS);
    expect(shown).toEqual(expected);
  });
});

test.describe('Sorting in the UI language, by the browser\'s own Intl.Collator', () => {
  // Names whose collation order differs from code-point order: accented capitals in French
  // ("É" sorts with "E", not after "Z"); in Traditional Chinese, stroke count, which is not
  // the order of the code points.
  const cases = [
    { lang: 'fr', header: 'Nom de l’entreprise', tags: 'Étiquettes', names: ['Zoé Conseil', 'Émile Audit', 'eric Partners', 'Éric Services', 'Ärzte Plus', 'Avocats Réunis'] },
    { lang: 'zh-TW', header: '公司名稱', tags: '標籤', names: ['中華顧問', '一心科技', '山水設計', '乙方資訊', '大同電子', '人和企業', '二林物流', '天成工業'] },
  ];
  for (const { lang, header, tags, names } of cases) {
    test(`${lang}: company name and tags sort as Intl.Collator("${lang}") orders them`, async ({ page }) => {
      const customers = names.map((name, i) => ({
        ...CUSTOMERS[i % CUSTOMERS.length],
        id: `dddddddd-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        company_name: name,
        primary_domain: `c${i + 1}.example`,
        // Each one's tag is another one's name, so the Tags column has its own order.
        tags: [names[(i + 3) % names.length].split(/\s/)[0]],
      }));
      await useLanguage(page, lang);
      await openWithBook(page, '/customers', { customers, subscriptions: [] });
      const collated = await page.evaluate(
        ({ list, lang }) => list.slice().sort(new Intl.Collator(lang).compare),
        { list: names, lang },
      );
      // The test can fail: code-point order is another order.
      expect(collated).not.toEqual(names.slice().sort());
      await page.getByRole('button', { name: header }).click();
      await expect(page.getByRole('columnheader', { name: header })).toHaveAttribute('aria-sort', 'ascending');
      await expect(companyCells(page)).toHaveText(collated);

      await page.getByRole('button', { name: tags, exact: true }).click();
      const byTag = await page.evaluate(
        ({ list, lang }) => {
          const c = new Intl.Collator(lang);
          return list.slice().sort((a, b) => c.compare(a.tags[0], b.tags[0]) || c.compare(a.company_name, b.company_name)).map((x) => x.company_name);
        },
        { list: customers, lang },
      );
      await expect(companyCells(page)).toHaveText(byTag);
    });
  }
});

test.describe('Saved views', () => {
  test('a view saved with its search, tag filter and sort reopens from the "Views" select', async ({ page }) => {
    await openWithBook(page);
    await select(page, CUSTOMERS[0].company_name).check();
    await select(page, CUSTOMERS[5].company_name).check();
    const bar = bulkBar(page);
    await bar.getByRole('combobox', { name: 'Tag' }).fill('Key account');
    await bar.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.getByText('Tag “Key account” added to 2 customers.')).toBeVisible();
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    await tagFilter(page).selectOption('Key account');
    await page.getByRole('button', { name: 'Company name' }).click();
    await page.getByRole('button', { name: 'Company name' }).click();
    const expected = await shownCompanies(page);
    expect(expected).toHaveLength(2);
    await page.getByRole('button', { name: 'Save view' }).click();
    const name = page.getByRole('textbox', { name: 'View name' });
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect(name).toHaveAccessibleDescription('Enter a name for the view.');
    await name.fill('Key accounts, Z to A');
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect(page.getByText('View “Key accounts, Z to A” saved.')).toBeVisible();
    // Back to the whole list, then the view again, after a reload (kept in this browser).
    await page.getByRole('button', { name: 'Remove tag filter Key account' }).click();
    await page.goto('/customers');
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers`);
    const views = page.getByRole('combobox', { name: 'Views' });
    await views.selectOption('Key accounts, Z to A');
    await expect(count(page)).toHaveText(`Showing 2 of ${total} customers`);
    await expect(companyCells(page)).toHaveText(expected);
    await expect(page.getByRole('columnheader', { name: 'Company name' })).toHaveAttribute('aria-sort', 'descending');
    // Its address is shareable.
    await expect(page).toHaveURL(/tag=Key%20account.*sort=-name/);
    await page.getByRole('button', { name: 'Delete view' }).click();
    await expect(views.getByRole('option')).toHaveText(['Choose a view']);
  });
});

test.describe('Columns', () => {
  test('hidden columns stay hidden, the export writes the visible ones, or all of them', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Columns' }).click();
    const menu = page.getByRole('group', { name: 'Columns' });
    await menu.getByRole('checkbox', { name: 'Customer ID' }).uncheck();
    await menu.getByRole('checkbox', { name: 'Indirect reseller' }).uncheck();
    await expect(page.getByRole('columnheader', { name: 'Customer ID' })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Indirect reseller' })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Tags' })).toBeVisible();
    await page.reload();
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers`);
    await expect(page.getByRole('columnheader', { name: 'Customer ID' })).toHaveCount(0);
    let rows = await exported(page, 'Export customers');
    expect(rows[0]).toEqual(['Company name', 'Primary domain name', 'Relationship', 'Tags', 'Created', 'Subscriptions (active count)']);
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByRole('checkbox', { name: 'All columns' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await page.getByRole('link', { name: 'Customers' }).first().click();
    rows = await exported(page, 'Export customers');
    expect(rows[0]).toEqual(['Customer ID', 'Company name', 'Primary domain name', 'Relationship', 'Indirect reseller', 'Tags', 'Created', 'Subscriptions (active count)']);
  });
});

test.describe('Subscriptions (active count)', () => {
  const fabrikam = CUSTOMERS[7];
  const subsCell = (page, name) =>
    page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${name}`, exact: true }) }).locator('td.c-subs');

  test('each row counts its active subscriptions; the column sorts, exports and follows a change', async ({ page }) => {
    await openWithBook(page);
    await expect(page.getByRole('columnheader', { name: 'Subscriptions (active count)' })).toBeVisible();
    // Fabrikam has one active and one suspended subscription; the others none.
    await expect(subsCell(page, fabrikam.company_name)).toHaveText('1');
    await expect(subsCell(page, CUSTOMERS[0].company_name)).toHaveText('0');
    const button = page.getByRole('button', { name: 'Subscriptions (active count)' });
    await button.click();
    await button.click();
    await expect(page.getByRole('columnheader', { name: 'Subscriptions (active count)' })).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/[?&]sort=-subscriptions/);
    await expect(companyCells(page).first()).toHaveText(fabrikam.company_name);
    const rows = await exported(page, 'Export customers');
    expect(rows[0].slice(-2)).toEqual(['Created', 'Subscriptions (active count)']);
    expect(rows[1]).toEqual([fabrikam.id, fabrikam.company_name, fabrikam.primary_domain, 'Reseller, delegated admin', '', '', '2025-03-01T10:00:00Z', '1']);
    expect(rows.slice(2).map((r) => r[7])).toEqual(Array(CUSTOMERS.length - 1).fill('0'));

    // Suspended on its subscriptions page: back in the list (no reload) the count follows.
    await page.getByRole('button', { name: `Show details for ${fabrikam.company_name}` }).click();
    await page.getByRole('navigation', { name: `Quick links for ${fabrikam.company_name}` }).getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('button', { name: 'Suspend Microsoft 365 Business Premium' }).click();
    await expect(page.getByRole('button', { name: 'Reactivate Microsoft 365 Business Premium' })).toBeVisible();
    await page.goBack();
    await expect(subsCell(page, fabrikam.company_name)).toHaveText('0');
  });

  test('hidden, it is neither shown nor exported', async ({ page }) => {
    await openWithBook(page);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Subscriptions (active count)' }).uncheck();
    await expect(page.getByRole('columnheader', { name: 'Subscriptions (active count)' })).toHaveCount(0);
    const rows = await exported(page, 'Export customers');
    expect(rows[0].at(-1)).toBe('Created');
  });
});

test.describe('Selection and bulk actions', () => {
  test('three rows selected, "Export selected" gives exactly those three', async ({ page }) => {
    await openWithBook(page);
    const names = [CUSTOMERS[1], CUSTOMERS[3], CUSTOMERS[5]].map((c) => c.company_name);
    for (const name of names) await select(page, name).check();
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers · 3 selected`);
    // The selection survives a search and a sort.
    await search(page).fill('fabrikam');
    await page.getByRole('button', { name: 'Primary domain name' }).click();
    await search(page).fill('');
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers · 3 selected`);
    const rows = await exported(page, 'Export selected');
    expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(names.slice().sort());
    await bulkBar(page).getByRole('button', { name: 'Clear selection' }).click();
    await expect(bulkBar(page)).toBeHidden();
  });

  test('Shift+click selects a range', async ({ page }) => {
    await openWithBook(page);
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers`);
    const shown = await shownCompanies(page);
    await select(page, shown[1]).click();
    await select(page, shown[4]).click({ modifiers: ['Shift'] });
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers · 4 selected`);
    for (const name of shown.slice(1, 5)) await expect(select(page, name)).toBeChecked();
    await expect(select(page, shown[5])).not.toBeChecked();
  });

  test('"Select all shown" after a search, then "Add tag", tags exactly the rows shown', async ({ page }) => {
    await openWithBook(page);
    await search(page).fill('consult');
    const shown = await shownCompanies(page);
    expect(shown.length).toBeGreaterThan(1);
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expect(count(page)).toHaveText(`Showing ${shown.length} of ${total} customers · ${shown.length} selected`);
    const tag = bulkBar(page).getByRole('combobox', { name: 'Tag' });
    // A refused tag says why beside the field and changes nothing.
    await tag.fill('a,b');
    await bulkBar(page).getByRole('button', { name: 'Add tag' }).click();
    await expect(tag).toHaveAccessibleDescription(/Remove the comma/);
    await tag.fill('Consulting');
    await bulkBar(page).getByRole('button', { name: 'Add tag' }).click();
    await expect(page.getByText(`Tag “Consulting” added to ${shown.length} customers.`)).toBeVisible();
    await bulkBar(page).getByRole('button', { name: 'Clear selection' }).click();
    await search(page).fill('');
    await tagFilter(page).selectOption('Consulting');
    await expect(count(page)).toHaveText(`Showing ${shown.length} of ${total} customers`);
    expect((await shownCompanies(page)).sort()).toEqual(shown.slice().sort());
    // One log entry per customer.
    await page.getByRole('link', { name: 'Activity log' }).first().click();
    await expect(page.getByRole('cell', { name: 'Consulting', exact: true })).toHaveCount(shown.length);
  });

  test('bulk removal lists the customer blocked by active subscriptions and removes the others', async ({ page }) => {
    await openWithBook(page);
    const blocked = CUSTOMERS[7].company_name; // Fabrikam Inc has an active subscription.
    const free = [CUSTOMERS[0], CUSTOMERS[3]].map((c) => c.company_name);
    for (const name of [blocked, ...free]) await select(page, name).check();
    await bulkBar(page).getByRole('button', { name: 'Remove relationships' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the relationships with 2 customers?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('listitem')).toHaveText([`${blocked}: 1 active subscriptions`]);
    await axe(page);
    const remove = dialog.getByRole('button', { name: 'Remove', exact: true });
    await expect(remove).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'I understand that these relationships end.' }).check();
    await remove.click();
    await expect(dialog).toBeHidden();
    await expect(count(page)).toHaveText(`Showing ${total - 2} of ${total - 2} customers · 1 selected`);
    await expect(companyCells(page).filter({ hasText: blocked })).toHaveCount(1);
    await page.getByRole('link', { name: 'Removed customers' }).click();
    for (const name of free) await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  });

  test('keyboard only: j moves, x selects, the bulk bar is reached with Tab', async ({ page }) => {
    await openWithBook(page);
    // The keys act on the list once it shows (its code may still be arriving before).
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers · 2 selected`);
    const shown = await shownCompanies(page);
    await expect(select(page, shown[0])).toBeChecked();
    await expect(select(page, shown[1])).toBeChecked();
    // x again unselects the focused row.
    await page.keyboard.press('x');
    await expect(select(page, shown[1])).not.toBeChecked();
    // Space on a row's checkbox, as on any checkbox.
    await select(page, shown[2]).focus();
    await page.keyboard.press('Space');
    await expect(count(page)).toHaveText(`Showing ${total} of ${total} customers · 2 selected`);
    await bulkBar(page).getByRole('button', { name: 'Export selected' }).focus();
    await expect(bulkBar(page).getByRole('button', { name: 'Export selected' })).toBeFocused();
    await axe(page);
  });

  test('the shortcuts help lists x', async ({ page }) => {
    await openWithBook(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await expect(page.getByRole('row', { name: /x Select or unselect the focused row/ })).toBeVisible();
  });
});
