// The Settings page: the partner profile, the current user and the resellers.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, openWithBook, downloadText } from './fixtures.js';

/** Types a partner profile and the user's name into the form, as a person would. */
async function fillProfile(page, { tenantId, emailDomain }) {
  await page.getByRole('textbox', { name: 'Partner name' }).fill('Adatum Cloud');
  await page.getByRole('textbox', { name: 'Partner tenant ID' }).fill(tenantId);
  await page.getByRole('textbox', { name: 'Partner email domain' }).fill(emailDomain);
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ana Silva');
}

test.describe('Settings', () => {
  test('shows each bad field\'s message beside it and focuses the first', async ({ page }) => {
    await page.goto('/settings');
    await fillProfile(page, { tenantId: 'not-a-guid', emailDomain: 'me@adatum.example' });
    await page.getByRole('button', { name: 'Save settings' }).click();
    const tenant = page.getByRole('textbox', { name: 'Partner tenant ID' });
    await expect(tenant).toHaveAttribute('aria-invalid', 'true');
    await expect(tenant).toHaveAccessibleDescription(/Enter a GUID/);
    await expect(tenant).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Partner email domain' })).toHaveAccessibleDescription(/Enter a domain/);
    await expect(page.getByRole('status').filter({ hasText: 'Settings not saved' })).toHaveText('Settings not saved: 2 fields to correct.');
    // Nothing typed is lost.
    await expect(page.getByRole('textbox', { name: 'Partner name' })).toHaveValue('Adatum Cloud');
  });

  test('saves a valid profile with resellers, which the customer list then offers', async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('textbox', { name: 'Partner name' }).fill('Adatum Cloud');
    await page.getByRole('textbox', { name: 'Partner tenant ID' }).fill('0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9');
    await page.getByRole('textbox', { name: 'Partner ID' }).fill('1234567');
    await page.getByRole('textbox', { name: 'Partner email domain' }).fill('adatum-partner.example');
    await page.getByRole('combobox', { name: 'Partner type' }).selectOption('Indirect provider');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Ana Silva');
    await page.getByRole('combobox', { name: 'Role' }).selectOption('Sales agent');
    await page.getByRole('button', { name: 'Add reseller' }).click();
    const first = page.getByRole('group', { name: 'Reseller 1' });
    await first.getByRole('textbox', { name: 'Name' }).fill('Northwind Traders');
    await first.getByRole('textbox', { name: 'Tenant ID' }).fill('11111111-1111-4111-8111-111111111111');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Partner tenant ID' })).toHaveValue('0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9');
    await expect(page.getByRole('combobox', { name: 'Role' }).locator('option:checked')).toHaveText('Sales agent');
    await expect(page.getByRole('group', { name: 'Reseller 1' }).getByRole('textbox', { name: 'Name' })).toHaveValue('Northwind Traders');

    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('button', { name: 'Load sample customers' }).click();
    await expect(page.getByRole('combobox', { name: 'Filter by indirect reseller' }).locator('option')).toHaveText([
      'All',
      'Direct customers (no reseller)',
      'Northwind Traders',
    ]);
  });

  test('unsaved changes survive a reload and can be discarded', async ({ page }) => {
    await page.goto('/settings');
    await fillProfile(page, { tenantId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', emailDomain: 'adatum-partner.example' });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await page.getByRole('textbox', { name: 'Partner name' }).fill('Adatum Cloud Europe (typing)');
    await page.getByRole('button', { name: 'Add reseller' }).click();
    await page.getByRole('group', { name: 'Reseller 1' }).getByRole('textbox', { name: 'Name' }).fill('Half-typed reseller');
    await page.reload();
    await expect(page.getByText('Your unsaved changes from before were restored.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Partner name' })).toHaveValue('Adatum Cloud Europe (typing)');
    await expect(page.getByRole('group', { name: 'Reseller 1' }).getByRole('textbox', { name: 'Name' })).toHaveValue('Half-typed reseller');

    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(page.getByRole('textbox', { name: 'Partner name' })).toHaveValue('Adatum Cloud');
    await expect(page.getByRole('group', { name: 'Reseller 1' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Partner name' })).toHaveValue('Adatum Cloud');
    await expect(page.getByText('Your unsaved changes from before were restored.')).toHaveCount(0);
  });

  test('an indirect reseller lists its indirect providers', async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('combobox', { name: 'Partner type' }).selectOption('Indirect reseller');
    await expect(page.getByRole('group', { name: 'Indirect providers' })).toBeVisible();
    await page.getByRole('button', { name: 'Add provider' }).click();
    await expect(page.getByRole('group', { name: 'Provider 1' }).getByRole('textbox', { name: 'Tenant ID' })).toBeVisible();
  });

  test('has no detectable accessibility violations', async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(results.violations).toEqual([]);
  });
});

test('exports follow the chosen separator and byte-order mark', async ({ page }) => {
  await openWithBook(page, '/settings');
  const separator = page.getByRole('combobox', { name: 'Separator' });
  await expect(separator).toHaveValue('automatic');
  await expect(separator).toHaveAccessibleDescription(/decimal mark is a comma expects a semicolon/);
  const bom = page.getByRole('checkbox', { name: 'Start files with a byte-order mark (BOM)' });
  await expect(bom).toBeChecked();
  await separator.selectOption({ label: 'Semicolon (;)' });
  await bom.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();

  await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
  const { text } = await downloadText(page, () => page.getByRole('button', { name: 'Export customers' }).click());
  expect(text.startsWith('\uFEFF')).toBe(false);
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('Customer ID;Company name;Primary domain name;Relationship;Indirect reseller;Tags;Created;Subscriptions (active count)');
  // A cell holding the separator is quoted; commas need no quotes any more.
  expect(lines).toContain(`${CUSTOMERS[5].id};Contoso, "Ltd";contoso.com;Reseller, delegated admin;Wingtip Toys;;2025-03-01T10:00:00Z;0`.replace('Contoso, "Ltd"', '"Contoso, ""Ltd"""'));

  await page.reload();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue('semicolon');
  await expect(page.getByRole('checkbox', { name: 'Start files with a byte-order mark (BOM)' })).not.toBeChecked();
});
