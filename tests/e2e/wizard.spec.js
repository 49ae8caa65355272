// The add-customer wizard, as a new user goes through it: Account info → Indirect reseller →
// Subscriptions → Review → Submit → Done, with bad input, reloads, Update, Back and Cancel.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, fillStorage, limitStorage, openWithBook, storedBook } from './fixtures.js';

const stepHeading = (page) => page.locator('#step-heading');
const field = (page, name) => page.getByRole('textbox', { name, exact: true });

function localDate(daysFromNow) {
  const d = new Date();
  d.setDate(d.getDate() + daysFromNow);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A "YYYY-MM-DD" date as the English UI shows it: "21 Nov 2026". */
function shownDate(iso) {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${months[m - 1]} ${y}`;
}

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations).toEqual([]);
}

async function fillAccountInfo(page, name = 'Tailspin Toys Ltd') {
  await field(page, 'Company legal name').fill(name);
  await field(page, 'Domain prefix').fill('tailspintoys');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'France' });
  await field(page, 'Address line 1').fill('10 avenue des Champs-Élysées');
  await field(page, 'City').fill('Paris');
  await field(page, 'Postal code').fill('75008');
  await field(page, 'First name').fill('Léa');
  await field(page, 'Last name').fill('Martin');
  await field(page, 'Email').fill('lea.martin@tailspintoys.example');
  await page.getByRole('combobox', { name: 'Language and culture' }).selectOption('fr-FR');
  await field(page, "Signer's first name").fill('Léa');
  await field(page, "Signer's last name").fill('Martin');
  await field(page, "Signer's email").fill('lea.martin@tailspintoys.example');
  await page.getByLabel('Date accepted').fill(localDate(0));
}

async function toReview(page) {
  await openWithBook(page);
  await page.getByRole('link', { name: 'Add customer' }).click();
  await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await page.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Northwind Traders' });
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await page.getByRole('checkbox', { name: /^Microsoft 365 Business Premium/ }).check();
  await field(page, 'Licences for Microsoft 365 Business Premium').fill('12');
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(stepHeading(page)).toHaveText('Review');
}

test('a new user adds a customer and finds it in the list with its subscriptions', async ({ page }) => {
  await toReview(page);
  await expect(page.getByText('tailspintoys.onmicrosoft.com')).toBeVisible();
  await expect(page.getByText('Microsoft 365 Business Premium: 12 licences')).toBeVisible();
  await axe(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Customer added' })).toBeVisible();
  await expect(page.getByText('Tailspin Toys Ltd was added with its subscriptions.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Request a reseller relationship' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add another customer' })).toBeVisible();
  const id = await page.locator('section.done code').innerText();
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await page.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByText(`Showing ${CUSTOMERS.length + 1} of ${CUSTOMERS.length + 1} customers`)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('tailspin');
  await expect(page.locator('table.customers tbody tr.row td:nth-child(3)')).toHaveText(['Tailspin Toys Ltd']);
  await expect(page.locator('table.customers tbody tr.row td:nth-child(6)')).toHaveText(['Northwind Traders']);
  await page.goto(`/customers/${id}/subscriptions`);
  const row = page.getByRole('row').filter({ hasText: 'Microsoft 365 Business Premium' });
  await expect(row.getByRole('cell').nth(2)).toHaveText('12');
  await expect(row.getByRole('cell').nth(3)).toHaveText('Active');
  await expect(row.getByRole('cell').nth(4)).toHaveText('11111111-1111-4111-8111-111111111111');
  await page.goto(`/customers/${id}`);
  await expect(page.getByText(`Accepted by Léa Martin (lea.martin@tailspintoys.example) on ${shownDate(localDate(0))}`)).toBeVisible();
  await expect(page.getByText('10 avenue des Champs-Élysées')).toBeVisible();

  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'Customer added' })).toHaveCount(1);
  await expect(page.getByRole('cell', { name: 'Subscription bought' })).toHaveCount(1);
});

test('a submit that storage refuses is shown, stores nothing, and can be retried', async ({ page, baseURL }) => {
  const lift = await limitStorage(page, baseURL);
  await toReview(page);
  // This site's storage full, so the customer's write is refused.
  await fillStorage(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The customer was not added, and nothing was saved.' })).toBeVisible();
  await expect(stepHeading(page)).toHaveText('Review');
  const stored = await storedBook(page);
  expect(JSON.stringify(stored)).not.toContain('Tailspin');
  await lift();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Customer added' })).toBeVisible();
  const log = (await storedBook(page)).activity;
  expect(log.map((e) => e.action)).toEqual(['CustomerAdded', 'SubscriptionBought']);
});

test('bad input on each step is explained beside its field, and the first one takes focus', async ({ page }) => {
  await openWithBook(page, '/customers/new');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  const name = field(page, 'Company legal name');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/Enter the company's legal name\./);
  await expect(field(page, 'City')).toHaveAccessibleDescription('Enter the city.');
  await axe(page);

  const cases = [
    ['x'.repeat(300), /Shorten the name to 255 characters or fewer \(it has 300\)/],
    ["=cmd|' /C calc'!A0", /Remove the “=” at the start/],
    ['<script>alert(1)</script>', /Remove the < and > characters/],
    ['Contoso 🚀', /Remove the emoji/],
    ['GmbH', /only a legal form/],
  ];
  for (const [bad, message] of cases) {
    await name.fill(bad);
    await expect(name).toHaveAccessibleDescription(message);
  }
  // A warning is shown but does not block.
  await name.fill('Contoso.com');
  await expect(name).toHaveAccessibleDescription(/looks like part of a web address/);
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');

  // The domain is checked as it is typed, against existing customers.
  await field(page, 'Domain prefix').fill('fabrikam');
  await expect(field(page, 'Domain prefix')).toHaveAccessibleDescription(/already used by another customer/);
  await field(page, 'Domain prefix').fill('tail spin');
  await expect(field(page, 'Domain prefix')).toHaveAccessibleDescription(/only letters a to z and digits/);

  await fillAccountInfo(page);
  await field(page, 'Email').fill('someone@adatum-partner.example');
  await page.getByLabel('Date accepted').fill(localDate(1));
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(field(page, 'Email')).toBeFocused();
  await expect(field(page, 'Email')).toHaveAccessibleDescription(/not one at adatum-partner.example/);
  await expect(page.getByLabel('Date accepted')).toHaveAccessibleDescription("The acceptance date can't be later than today.");
  await expect(stepHeading(page)).toHaveText('Account info');

  await field(page, 'Email').fill('lea@tailspintoys.example');
  await page.getByLabel('Date accepted').fill(localDate(0));
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(page.getByRole('combobox', { name: 'Indirect reseller' })).toHaveAccessibleDescription(/Choose the indirect reseller/);
  await page.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Wingtip Toys' });
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();

  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByText('Add at least one subscription.')).toBeVisible();
  await page.getByRole('checkbox', { name: /^Office 365 E3/ }).check();
  const licences = field(page, 'Licences for Office 365 E3');
  for (const [bad, message] of [['0', /at least 1 licence/], ['1.5', /whole number/], ['abc', /in digits/]]) {
    await licences.fill(bad);
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await expect(licences).toBeFocused();
    await expect(licences).toHaveAccessibleDescription(message);
  }
  await expect(stepHeading(page)).toHaveText('Subscriptions');
  await axe(page);
});

test('a reload mid-wizard resumes at the same step with every value kept', async ({ page }) => {
  await openWithBook(page, '/customers/new');
  await fillAccountInfo(page, 'Société Générale Réassurance');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await page.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Wingtip Toys' });
  await page.reload();
  await expect(stepHeading(page)).toHaveText('Indirect reseller');
  await expect(page.getByRole('combobox', { name: 'Indirect reseller' })).toHaveValue('22222222-2222-4222-8222-222222222222');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(field(page, 'Company legal name')).toHaveValue('Société Générale Réassurance');
  await expect(field(page, 'City')).toHaveValue('Paris');
  await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('FR');
  await expect(page.getByLabel('Date accepted')).toHaveValue(localDate(0));

  // Opened afresh later, the draft is offered, not forced.
  await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
  await page.getByRole('link', { name: 'Add customer' }).click();
  await expect(page.getByText('You started adding “Société Générale Réassurance” and stopped at Account info.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Resume your draft' }).click();
  await expect(stepHeading(page)).toHaveText('Account info');
  await expect(field(page, 'Company legal name')).toHaveValue('Société Générale Réassurance');
  await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
  await page.getByRole('link', { name: 'Add customer' }).click();
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(field(page, 'Company legal name')).toHaveValue('');
});

test('Update from Review goes back with the data kept; history moves between steps', async ({ page }) => {
  await toReview(page);
  await page.getByRole('link', { name: 'Update account info' }).click();
  await expect(stepHeading(page)).toHaveText('Account info');
  await expect(field(page, 'Company legal name')).toHaveValue('Tailspin Toys Ltd');
  await field(page, 'Company legal name').fill('Tailspin Toys Europe SAS');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByText('Tailspin Toys Europe SAS')).toBeVisible();

  await page.getByRole('link', { name: 'Update subscriptions' }).click();
  await expect(field(page, 'Licences for Microsoft 365 Business Premium')).toHaveValue('12');

  await page.goBack();
  await expect(stepHeading(page)).toHaveText('Review');
  await page.goBack();
  await expect(stepHeading(page)).toHaveText('Subscriptions');
  await page.goBack();
  await expect(stepHeading(page)).toHaveText('Indirect reseller');
  await page.goForward();
  await expect(stepHeading(page)).toHaveText('Subscriptions');
  await expect(field(page, 'Licences for Microsoft 365 Business Premium')).toHaveValue('12');
});

test("adding from a reseller's filtered list preselects that reseller", async ({ page }) => {
  await openWithBook(page, '/customers?reseller=22222222-2222-4222-8222-222222222222');
  await expect(page.getByRole('combobox', { name: 'Filter by indirect reseller' })).toHaveValue('22222222-2222-4222-8222-222222222222');
  await page.getByRole('link', { name: 'Add customer' }).click();
  await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(page.getByRole('combobox', { name: 'Indirect reseller' })).toHaveValue('22222222-2222-4222-8222-222222222222');
});

test('Cancel asks first, then discards the draft', async ({ page }) => {
  await openWithBook(page, '/customers/new');
  await field(page, 'Company legal name').fill('Wide World Importers');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discard this customer?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep editing' }).click();
  await expect(field(page, 'Company legal name')).toHaveValue('Wide World Importers');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await page.getByRole('link', { name: 'Add customer' }).click();
  await expect(page.getByRole('button', { name: 'Resume your draft' })).toHaveCount(0);
  await expect(field(page, 'Company legal name')).toHaveValue('');
});

/** Presses Tab until `locator` has focus: it must be reachable from the keyboard. */
async function tabTo(page, locator) {
  for (let i = 0; i < 80; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${locator}`);
}

async function typeInto(page, name, text) {
  await tabTo(page, field(page, name));
  await page.keyboard.type(text);
}

test('the whole wizard can be completed from the keyboard alone', async ({ page }) => {
  await openWithBook(page);
  await expect(page.getByText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`)).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: 'Add customer' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page)).toHaveText('Account info');
  await typeInto(page, 'Company legal name', 'Keyboard Only GmbH');
  await typeInto(page, 'Domain prefix', 'keyboardonly');
  await tabTo(page, page.getByRole('combobox', { name: 'Country or region' }));
  await page.keyboard.type('Germany');
  await typeInto(page, 'Address line 1', 'Hauptstraße 1');
  await typeInto(page, 'City', 'Berlin');
  await typeInto(page, 'Postal code', '10115');
  await typeInto(page, 'First name', 'Jonas');
  await typeInto(page, 'Last name', 'Weber');
  await typeInto(page, 'Email', 'jonas@keyboardonly.example');
  await tabTo(page, page.getByRole('combobox', { name: 'Language and culture' }));
  await page.keyboard.type('Deutsch');
  // The customer will accept in their admin centre: an arrow key moves the radio choice.
  await tabTo(page, page.getByRole('radio', { name: /has accepted the latest/ }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /asked to accept it in their admin centre/ })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('DE');
  await tabTo(page, page.getByRole('button', { name: 'Next: Indirect reseller' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page)).toHaveText('Indirect reseller');
  await tabTo(page, page.getByRole('combobox', { name: 'Indirect reseller' }));
  await page.keyboard.type('Wingtip');
  await tabTo(page, page.getByRole('button', { name: 'Next: Subscriptions' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page)).toHaveText('Subscriptions');
  await tabTo(page, page.getByRole('checkbox', { name: /^Power BI Pro/ }));
  await page.keyboard.press('Space');
  await typeInto(page, 'Licences for Power BI Pro', '5');
  await page.keyboard.press('Enter');
  await expect(stepHeading(page)).toHaveText('Review');
  await tabTo(page, page.getByRole('button', { name: 'Submit' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Customer added' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Done' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Showing ${CUSTOMERS.length + 1} of ${CUSTOMERS.length + 1} customers`)).toBeVisible();
});
