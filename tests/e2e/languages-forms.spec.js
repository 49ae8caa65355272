// The forms in French and Chinese: the add-customer wizard, a customer's account and
// subscriptions, and the invitation, as a person who reads that language meets them.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, openWithBook } from './fixtures.js';

const FABRIKAM = CUSTOMERS[7];
const stepHeading = (page) => page.locator('#step-heading');
const field = (page, name) => page.getByRole('textbox', { name, exact: true });

async function noViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations, what).toEqual([]);
}

/** The UI in `code` from the first page load on, as a returning user who chose it. */
async function inLanguage(page, code) {
  await page.addInitScript((lang) => localStorage.setItem('clientele.lang', lang), code);
}

test.describe('the wizard in French', () => {
  test('bad input on Account info is explained in French beside each field', async ({ page }) => {
    await openWithBook(page, '/customers/new');
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption({ label: 'Français' });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajouter un client');
    await expect(stepHeading(page)).toHaveText('Informations du compte');

    await page.getByRole('button', { name: 'Suivant : Revendeur indirect' }).click();
    const name = field(page, 'Raison sociale');
    await expect(name).toBeFocused();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(/Saisissez la raison sociale de l’entreprise\./);
    await expect(page.getByRole('combobox', { name: 'Pays ou région' })).toHaveAccessibleDescription('Choisissez le pays.');
    await expect(field(page, 'Ville')).toHaveAccessibleDescription('Saisissez la ville.');
    await noViolations(page, 'French account info with errors');

    await name.fill('GmbH');
    await expect(name).toHaveAccessibleDescription(/« GmbH » n’est qu’une forme juridique/);
    await field(page, 'Préfixe du domaine').fill('mon domaine');
    await expect(field(page, 'Préfixe du domaine')).toHaveAccessibleDescription(/Utilisez uniquement des lettres de a à z et des chiffres/);
    await field(page, 'E-mail').fill('lea@');
    await expect(field(page, 'E-mail')).toHaveAccessibleDescription('Saisissez une adresse e-mail comme ana@contoso.com.');
    await field(page, 'Téléphone').fill('12');
    await expect(field(page, 'Téléphone')).toHaveAccessibleDescription(/Saisissez un numéro de téléphone de 6 à 20 chiffres/);

    // Countries are named and sorted in French; Poland requires a registration ID.
    const country = page.getByRole('combobox', { name: 'Pays ou région' });
    await expect(country.locator('option[value="DE"]')).toHaveText('Allemagne');
    const names = await country.locator('option').allInnerTexts();
    expect(names.indexOf('Allemagne')).toBeLessThan(names.indexOf('Belgique'));
    await country.selectOption('PL');
    await expect(field(page, 'Numéro d’immatriculation de l’entreprise')).toHaveAccessibleDescription(
      /^Obligatoire pour ce pays \(Pologne\)\.\s*Saisissez le numéro d’immatriculation de l’entreprise : il est obligatoire pour ce pays \(Pologne\)\./,
    );
  });

  test('the Review step reads in French', async ({ page }) => {
    await inLanguage(page, 'fr');
    await openWithBook(page, '/customers/new');
    await field(page, 'Raison sociale').fill('Tailspin Toys SARL');
    await field(page, 'Préfixe du domaine').fill('tailspintoys');
    await page.getByRole('combobox', { name: 'Pays ou région' }).selectOption({ label: 'France' });
    await field(page, 'Adresse, ligne 1').fill('10 avenue des Champs-Élysées');
    await field(page, 'Ville').fill('Paris');
    await field(page, 'Code postal').fill('75008');
    await field(page, 'Prénom').fill('Léa');
    await field(page, 'Nom').fill('Martin');
    await field(page, 'E-mail').fill('lea.martin@tailspintoys.example');
    await page.getByRole('combobox', { name: 'Langue et culture' }).selectOption('fr-FR');
    await page.getByRole('radio', { name: /invité à l’accepter dans son centre d’administration/ }).check();
    await page.getByRole('button', { name: 'Suivant : Revendeur indirect' }).click();
    await expect(stepHeading(page)).toHaveText('Revendeur indirect');
    await page.getByRole('combobox', { name: 'Revendeur indirect' }).selectOption({ label: 'Northwind Traders' });
    await page.getByRole('button', { name: 'Suivant : Abonnements' }).click();
    await page.getByRole('checkbox', { name: /^Microsoft 365 Business Premium/ }).check();
    const licences = field(page, 'Licences pour Microsoft 365 Business Premium');
    await expect(licences).toHaveAccessibleDescription(/de 1 à 300 licences/);
    await licences.fill('1,5');
    await page.getByRole('button', { name: 'Suivant : Vérification' }).click();
    await expect(licences).toHaveAccessibleDescription(/Saisissez un nombre entier de licences, par exemple 5\./);
    await licences.fill('12');
    await page.getByRole('button', { name: 'Suivant : Vérification' }).click();

    await expect(stepHeading(page)).toHaveText('Vérification');
    await expect(page.getByRole('link', { name: 'Modifier les informations du compte' })).toBeVisible();
    await expect(page.getByText('Le client l’acceptera dans son centre d’administration')).toBeVisible();
    await expect(page.getByText('10 avenue des Champs-Élysées, Paris, 75008, France')).toBeVisible();
    await expect(page.getByText('Microsoft 365 Business Premium : 12 licences')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Envoyer' })).toBeVisible();
    await noViolations(page, 'French review');
  });
});

test.describe('a customer in Chinese', () => {
  test('the account page', async ({ page }) => {
    await inLanguage(page, 'zh-TW');
    await openWithBook(page, `/customers/${FABRIKAM.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Inc');
    await expect(page.getByRole('heading', { name: '帳戶資訊' })).toBeVisible();
    const facts = page.locator('section[aria-labelledby="account-info"] dl');
    await expect(facts).toContainText('經銷商，委派管理員');
    await expect(facts).toContainText('無（直接客戶）');
    // Stored as 2025-03-01T10:00:00Z: the day and time are the browser's.
    await expect(facts).toContainText(/2025年3月1日 \d\d:\d\d/);
    await expect(page.getByText('2 個訂閱。')).toBeVisible();
    await page.getByRole('button', { name: '更新公司名稱' }).click();
    const name = page.getByRole('textbox', { name: '公司名稱' });
    await name.fill('GmbH');
    await page.getByRole('button', { name: '儲存' }).click();
    await expect(name).toHaveAccessibleDescription(/「GmbH」只是公司型態/);
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '移除客戶關係' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '目前還無法移除此關係。' })).toContainText(
      '取消或暫停 Microsoft 365 Business Premium（25 個授權，使用中）',
    );
    await noViolations(page, 'Chinese account page');
  });

  test('the subscriptions page', async ({ page }) => {
    await inLanguage(page, 'zh-TW');
    await openWithBook(page, `/customers/${FABRIKAM.id}/subscriptions`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('訂閱：Fabrikam Inc');
    const table = page.getByRole('table', { name: '訂閱' });
    await expect(table.getByRole('columnheader')).toHaveText(['訂閱 ID', '訂閱', '數量', '狀態', '經銷商', '動作']);
    const premium = table.getByRole('row').filter({ hasText: 'Microsoft 365 Business Premium' });
    await expect(premium.getByRole('cell').nth(3)).toHaveText('使用中');
    await expect(table.getByRole('row').filter({ hasText: 'Exchange Online' }).getByRole('cell').nth(3)).toHaveText('已暫停');
    await premium.getByRole('button', { name: '變更 Microsoft 365 Business Premium 的數量' }).click();
    const quantity = page.getByRole('textbox', { name: 'Microsoft 365 Business Premium 的授權數量' });
    await expect(quantity).toHaveAccessibleDescription(/1 到 300 個授權/);
    await quantity.fill('0');
    await page.getByRole('button', { name: '儲存' }).click();
    await expect(quantity).toHaveAccessibleDescription(/請至少輸入 1 個授權。/);
    await noViolations(page, 'Chinese subscriptions page');
  });
});

test('the invitation page in Chinese drafts the email in Chinese', async ({ page }) => {
  await inLanguage(page, 'zh-TW');
  await openWithBook(page, '/customers/invite');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('要求經銷商關係');
  await expect(page.getByRole('combobox', { name: '電子郵件語言' })).toHaveValue('zh-TW');
  await expect(page.getByRole('textbox', { name: '主旨' })).toHaveValue('Adatum Cloud 經銷商關係要求');
  const body = await page.getByRole('textbox', { name: '電子郵件內容' }).inputValue();
  expect(body).toMatch(/^您好：/);
  await expect(page.getByRole('checkbox', { name: '包含委派的系統管理權限' })).toBeChecked();
  await page.getByRole('textbox', { name: '收件者電子郵件' }).fill('admin@');
  await page.getByRole('textbox', { name: '主旨' }).focus();
  await expect(page.getByRole('textbox', { name: '收件者電子郵件' })).toHaveAccessibleDescription(/請輸入電子郵件地址，例如 admin@contoso.com，或保留空白。/);
  await page.getByRole('textbox', { name: '收件者電子郵件' }).fill('');
  await noViolations(page, 'Chinese invitation');
});
