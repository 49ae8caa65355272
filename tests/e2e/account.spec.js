// A customer's account, as a person manages it: the bill-to name, subscriptions, the
// activity log, and removing and reinstating the relationship.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, SUBSCRIPTIONS, openWithBook, logEntry, downloadText } from './fixtures.js';

const FABRIKAM = CUSTOMERS[7];
const PREMIUM = SUBSCRIPTIONS[0];
const companyCells = (page) => page.locator('table.customers tbody tr.row td:nth-child(3)');

function localDate(daysAgo) {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function csvRows(text) {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text).toContain('\r\n');
  return text.slice(1).trimEnd().split('\r\n');
}

test('rename from the list: the list and the log show old → new, the search is kept', async ({ page }) => {
  await openWithBook(page);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('fabrikam');
  await expect(companyCells(page)).toHaveText(['Fabrikam Inc']);
  await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
  await page.getByRole('navigation', { name: 'Quick links for Fabrikam Inc' }).getByRole('link', { name: 'Fabrikam Inc' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${FABRIKAM.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Inc');

  await page.getByRole('button', { name: 'Update company name' }).click();
  const name = page.getByRole('textbox', { name: 'Company name' });
  await expect(name).toBeFocused();
  await name.fill('GmbH');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/“GmbH” is only a legal form/);

  await name.fill('Fabrikam Holdings Inc');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Holdings Inc');
  await expect(page.getByRole('button', { name: 'Update company name' })).toBeFocused();

  await page.goBack();
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('fabrikam');
  await expect(companyCells(page)).toHaveText(['Fabrikam Holdings Inc']);

  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: 'Company name updated' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(3)).toHaveText('Fabrikam Inc → Fabrikam Holdings Inc');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Test Agent');
});

test('a name warning does not block saving, and an edit survives a reload', async ({ page }) => {
  await openWithBook(page, `/customers/${FABRIKAM.id}`);
  await page.getByRole('button', { name: 'Update company name' }).click();
  const name = page.getByRole('textbox', { name: 'Company name' });
  await name.fill('Fabrikam.com Services');
  await expect(name).toHaveAccessibleDescription(/\.com/);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Company name' })).toHaveValue('Fabrikam.com Services');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam.com Services');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam.com Services');
  await expect(page.getByRole('textbox', { name: 'Company name' })).toHaveCount(0);
});

test('exports the subscriptions as Excel-compatible CSV', async ({ page }) => {
  await openWithBook(page, `/customers/${FABRIKAM.id}`);
  await page.getByRole('link', { name: 'View subscriptions' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Fabrikam Inc');
  const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Export subscriptions' }).click());
  expect(name).toBe(`subscriptions-fabrikam-inc-${localDate(0)}.csv`);
  expect(await csvRows(text)).toEqual([
    'Subscription ID,Subscription,Quantity,Status,Reseller',
    `${PREMIUM.id},Microsoft 365 Business Premium,25,Active,`,
    `${SUBSCRIPTIONS[1].id},Exchange Online (Plan 1),3,Suspended,`,
  ]);
});

test('a bad quantity is explained beside the field and nothing is saved', async ({ page }) => {
  await openWithBook(page, `/customers/${FABRIKAM.id}/subscriptions`);
  const row = page.getByRole('row').filter({ hasText: 'Microsoft 365 Business Premium' });
  await page.getByRole('button', { name: 'Change quantity of Microsoft 365 Business Premium' }).click();
  const field = page.getByRole('textbox', { name: 'Licences for Microsoft 365 Business Premium' });
  await expect(field).toBeFocused();
  const expected = { '0': /at least 1/, '-1': /at least 1/, '1.5': /whole number/, abc: /in digits/, '301': /at most 300/ };
  for (const [bad, message] of Object.entries(expected)) {
    await field.fill(bad);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(message);
  }
  await page.reload();
  await expect(row.getByRole('cell').nth(2)).toHaveText('25');

  await page.getByRole('button', { name: 'Change quantity of Microsoft 365 Business Premium' }).click();
  await page.getByRole('textbox', { name: 'Licences for Microsoft 365 Business Premium' }).fill('30');
  await page.keyboard.press('Enter');
  await expect(row.getByRole('cell').nth(2)).toHaveText('30');
  await expect(page.getByRole('button', { name: 'Change quantity of Microsoft 365 Business Premium' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel Microsoft 365 Business Premium' }).click();
  await expect(page.getByRole('button', { name: 'Keep subscription' })).toBeFocused();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
  await page.getByRole('button', { name: 'Keep subscription' }).click();
  await expect(page.getByRole('button', { name: 'Cancel Microsoft 365 Business Premium' })).toBeFocused();
  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Quantity changed' }).getByRole('cell').nth(3))
    .toHaveText('Microsoft 365 Business Premium: 25 licences → 30 licences');
});

test('removal waits for active subscriptions; removed customers leave the list and export and come back', async ({ page }) => {
  await openWithBook(page, `/customers/${FABRIKAM.id}`);
  await page.getByRole('button', { name: 'Remove customer relationship' }).click();
  const why = page.getByRole('alert').filter({ hasText: "This relationship can't be removed yet." });
  await expect(why).toBeVisible();
  await expect(why.getByRole('listitem')).toHaveText(['Cancel or suspend Microsoft 365 Business Premium (25 licences, Active)']);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await why.getByRole('link', { name: 'Go to subscriptions' }).click();
  await page.getByRole('button', { name: 'Cancel Microsoft 365 Business Premium' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Microsoft 365 Business Premium' });
  await expect(row.getByRole('cell').nth(3)).toHaveText('Cancelled');

  await page.getByRole('link', { name: 'Fabrikam Inc' }).click();
  await page.getByRole('button', { name: 'Remove customer relationship' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove the relationship with Fabrikam Inc?' });
  await expect(dialog).toBeVisible();
  const remove = dialog.getByRole('button', { name: 'Remove', exact: true });
  await expect(remove).toBeDisabled();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
  await dialog.getByRole('checkbox', { name: /good faith for legitimate business purposes/ }).check();
  await expect(dialog.getByRole('checkbox')).toHaveAccessibleName(/sends no notice to the customer/);
  await remove.click();

  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByText(`Showing ${CUSTOMERS.length - 1} of ${CUSTOMERS.length - 1} customers`)).toBeVisible();
  await expect(companyCells(page)).not.toContainText(['Fabrikam Inc']);
  const exported = await downloadText(page, () => page.getByRole('button', { name: 'Export customers' }).click());
  expect(exported.text).not.toContain('Fabrikam');
  expect(exported.text).toContain('Société Générale Conseil');

  await page.getByRole('link', { name: 'Removed customers' }).click();
  await expect(page.getByRole('button', { name: 'Reinstate relationship with Fabrikam Inc' })).toBeVisible();
  const axeRemoved = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axeRemoved.violations).toEqual([]);
  await page.getByRole('button', { name: 'Reinstate relationship with Fabrikam Inc' }).click();
  await expect(page.getByText('No customer relationship has been removed.')).toBeVisible();
  await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
  await expect(page.getByText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`)).toBeVisible();

  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'Relationship removed' })).toHaveCount(1);
  await expect(page.getByRole('cell', { name: 'Relationship reinstated' })).toHaveCount(1);
  await expect(page.getByRole('cell', { name: 'Status changed' })).toHaveCount(1);
  const exportRow = page.getByRole('row').filter({ hasText: 'Customers exported' });
  await expect(exportRow.getByRole('cell').nth(3)).toHaveText(/^7 customers to customers-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('the log defaults to the last 30 days and exports what the dates select', async ({ page }) => {
  const activity = [
    logEntry(60, CUSTOMERS[0], 'CompanyNameUpdated', 'SG Conseil', CUSTOMERS[0].company_name),
    logEntry(10, CUSTOMERS[1], 'CustomerAdded', '', CUSTOMERS[1].primary_domain),
  ];
  await openWithBook(page, '/activity', { activity });
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(localDate(30));
  await expect(page.getByLabel('To', { exact: true })).toHaveValue(localDate(0));
  await expect(page.getByText('Showing 1 of 2 entries.')).toBeVisible();
  await expect(page.getByText('Every entry is kept: none is ever dropped or archived.')).toBeVisible();

  await page.getByLabel('From', { exact: true }).fill(localDate(90));
  await page.getByLabel('To', { exact: true }).fill(localDate(45));
  await expect(page.getByText('Showing 1 of 2 entries.')).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toContainText('SG Conseil → Société Générale Conseil');
  const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Export log' }).click());
  expect(name).toBe(`activity-${localDate(0)}.csv`);
  const rows = await csvRows(text);
  expect(rows[0]).toBe('Date-time,Affected customer,Action,Details,Performed by');
  expect(rows.slice(1)).toEqual([
    `${localDate(60)} ${rows[1].slice(11, 16)},Société Générale Conseil,Company name updated,SG Conseil → Société Générale Conseil,Earlier Agent`,
  ]);

  await page.getByLabel('To', { exact: true }).fill(localDate(95));
  await expect(page.getByLabel('To', { exact: true })).toHaveAccessibleDescription('“To” is before “From”, so no entry can match.');

  await page.getByLabel('From', { exact: true }).fill(localDate(90));
  await page.getByLabel('To', { exact: true }).fill(localDate(0));
  await page.getByLabel('Action').selectOption({ label: 'Customer added' });
  await expect(page.getByText('Showing 1 of 2 entries.')).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toContainText('Straßenbau Müller GmbH');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
});

test('the account page shows the account info and passes axe', async ({ page }) => {
  await openWithBook(page, `/customers/${CUSTOMERS[2].id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('台灣微軟顧問有限公司');
  for (const text of [CUSTOMERS[2].id, 'twconsult.com.tw', 'Northwind Traders', '1 rue de la Paix', 'Ana Silva', 'ana@example.com']) {
    await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
  }
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
});
