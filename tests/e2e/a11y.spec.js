// axe-core (wcag2a, wcag2aa, wcag21aa) on every page and every wizard step, in the states a
// person sees them: loaded, with errors shown, with a dialog open.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, openWithBook } from './fixtures.js';

async function noViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations, what).toEqual([]);
}

test('every page passes axe', async ({ page }) => {
  const fabrikam = CUSTOMERS[7].id;
  await openWithBook(page);
  await expect(page.getByText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`)).toBeVisible();
  await noViolations(page, 'customer list');
  const pages = [
    [`/customers/${fabrikam}`, 'Fabrikam Inc'],
    [`/customers/${fabrikam}/subscriptions`, 'Subscriptions: Fabrikam Inc'],
    [`/customers/${fabrikam}/services`, 'Service management: Fabrikam Inc'],
    ['/customers/removed', 'Removed customers'],
    ['/customers/invite', 'Request a reseller relationship'],
    ['/activity', 'Activity log'],
    ['/settings', 'Settings'],
    ['/nowhere', 'Page not found'],
    [`/customers/${'0'.repeat(8)}-0000-4000-8000-000000000000`, 'Customer not found'],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await noViolations(page, path);
  }
});

test('every wizard step passes axe, errors shown', async ({ page }) => {
  await openWithBook(page, '/customers/new');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(page.getByRole('textbox', { name: 'Company legal name' })).toBeFocused();
  await noViolations(page, 'account info with errors');

  await page.getByRole('textbox', { name: 'Company legal name', exact: true }).fill('Axe Testing Ltd');
  await page.getByRole('textbox', { name: 'Domain prefix' }).fill('axetesting');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption('PL');
  // Poland is one of the countries where phone and registration ID are required.
  await expect(page.getByRole('textbox', { name: 'Phone' })).toHaveAccessibleDescription(/^Required for customers in Poland\./);
  await expect(page.getByRole('textbox', { name: 'Company registration ID' })).toHaveAccessibleDescription(/^Required for customers in Poland\./);
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('ul. Marszałkowska 1');
  await page.getByRole('textbox', { name: 'City' }).fill('Warszawa');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('00-001');
  await page.getByRole('textbox', { name: 'Company registration ID' }).fill('0000123456');
  await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Zofia');
  await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Łukasiewicz');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('zofia@axetesting.example');
  await page.getByRole('textbox', { name: 'Phone' }).fill('+48 22 123 45 67');
  await page.getByRole('combobox', { name: 'Language and culture' }).selectOption('pl-PL');
  await page.getByRole('radio', { name: /asked to accept it in their admin centre/ }).check();
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(page.getByRole('combobox', { name: 'Indirect reseller' })).toHaveAttribute('aria-invalid', 'true');
  await noViolations(page, 'indirect reseller with an error');

  await page.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Northwind Traders' });
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await page.getByRole('checkbox', { name: /^Power BI Pro/ }).check();
  await page.getByRole('textbox', { name: 'Licences for Power BI Pro' }).fill('0');
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('textbox', { name: 'Licences for Power BI Pro' })).toHaveAttribute('aria-invalid', 'true');
  await noViolations(page, 'subscriptions with an error');

  await page.getByRole('textbox', { name: 'Licences for Power BI Pro' }).fill('7');
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Review', exact: true })).toBeVisible();
  await noViolations(page, 'review');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog', { name: 'Discard this customer?' })).toBeVisible();
  await noViolations(page, 'cancel dialog');
  await page.getByRole('button', { name: 'Keep editing' }).click();

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Customer added' })).toBeVisible();
  await noViolations(page, 'done');
});
