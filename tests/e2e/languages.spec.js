// The UI's language: the header's "Language" select, remembered, defaulting to the browser's.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, RESELLERS, SUBSCRIPTIONS, openWithBook, logEntry, downloadText, parseCsv, useLanguage } from './fixtures.js';

test('switching to French and to Chinese translates the page, and the choice is remembered', async ({ page }) => {
  await openWithBook(page, '/customers');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
  const navFr = page.getByRole('navigation', { name: 'Principale' });
  await expect(navFr.getByRole('link', { name: 'Clients' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // Focus comes back to the select after the page is drawn again.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('app-lang');
  await page.reload();
  await expect(navFr.getByRole('link', { name: 'Clients' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: '繁體中文' });
  await expect(page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '客戶' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
});

test.describe('a browser set to French', () => {
  test.use({ locale: 'fr-FR' });
  test('opens in French until another language is chosen', async ({ page }) => {
    await openWithBook(page, '/customers');
    await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
    await expect(page.getByRole('link', { name: 'Paramètres' })).toBeVisible();
  });
});

const axeClean = async (page, what) => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations, what).toEqual([]);
};

/** A customer's row as the default (English-headed) customers file writes it. */
function englishRow(c) {
  const guard = (t) => (/^[=+\-@\t\r\n]/.test(t) ? `'${t}` : t);
  const reseller = RESELLERS.find((r) => r.id === c.reseller_id)?.name ?? '';
  const relationship = c.relationship === 'Reseller' ? 'Reseller' : 'Reseller, delegated admin';
  // The fixture's customers have no tags; Fabrikam has one active subscription.
  const active = SUBSCRIPTIONS.filter((s) => s.customer_id === c.id && s.status === 'Active').length;
  return [c.id, guard(c.company_name), c.primary_domain, relationship, reseller, '', c.created_at, String(active)];
}

const byId = (a, b) => a[0].localeCompare(b[0]);

test.describe('the customer list', () => {
  test('in French: headings, toolbar, table headers, count and an empty search', async ({ page }) => {
    await useLanguage(page, 'fr');
    await openWithBook(page, '/customers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clients');
    await expect(page.getByRole('link', { name: 'Demander une relation de revendeur' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ajouter un client' })).toBeVisible();
    const search = page.getByRole('searchbox', { name: 'Rechercher des clients' });
    await expect(search).toHaveAttribute('placeholder', 'Rechercher par nom d’entreprise, domaine ou ID client');
    const filter = page.getByRole('combobox', { name: 'Filtrer par revendeur indirect' });
    await expect(filter.locator('option:checked')).toHaveText('Tous');
    await expect(filter.getByRole('option', { name: 'Clients directs (sans revendeur)' })).toBeAttached();
    await expect(page.getByRole('button', { name: 'Exporter les clients' })).toBeEnabled();
    await expect(page.getByRole('link', { name: 'Clients supprimés' })).toBeVisible();
    await expect(page.getByText(`Affichage : ${CUSTOMERS.length} sur ${CUSTOMERS.length} clients`)).toBeVisible();
    const headers = page.getByRole('table').getByRole('columnheader');
    await expect(headers).toHaveText(['Détails', 'ID client', 'Nom de l’entreprise', 'Nom de domaine principal', 'Relation', 'Revendeur indirect', 'Étiquettes', 'Créé le', 'Abonnements (nombre actifs)']);
    await expect(page.getByRole('cell', { name: 'Revendeur, administration déléguée' }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Afficher les détails de Fabrikam Inc' })).toBeVisible();
    await axeClean(page, 'French customer list');

    await search.fill('zzzz');
    await expect(page.getByText(`Affichage : 0 sur ${CUSTOMERS.length} clients`)).toBeVisible();
    await expect(page.getByText('Aucun client ne correspond à cette recherche et à ce filtre.')).toBeVisible();
    await page.getByRole('button', { name: 'Effacer la recherche et le filtre' }).click();
    await expect(page.getByText(`Affichage : ${CUSTOMERS.length} sur ${CUSTOMERS.length} clients`)).toBeVisible();
  });

  test('in Chinese: headings, toolbar, table headers, count and an empty search', async ({ page }) => {
    await useLanguage(page, 'zh-TW');
    await openWithBook(page, '/customers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('客戶');
    await expect(page.getByRole('link', { name: '新增客戶' })).toBeVisible();
    const search = page.getByRole('searchbox', { name: '搜尋客戶' });
    await expect(page.getByRole('combobox', { name: '依間接經銷商篩選' }).locator('option:checked')).toHaveText('全部');
    await expect(page.getByRole('button', { name: '匯出客戶' })).toBeVisible();
    await expect(page.getByText(`顯示 ${CUSTOMERS.length} 位客戶中的 ${CUSTOMERS.length} 位`)).toBeVisible();
    await expect(page.getByRole('table').getByRole('columnheader')).toHaveText(['詳細資料', '客戶識別碼', '公司名稱', '主要網域名稱', '關係', '間接經銷商', '標籤', '建立日期', '訂閱（使用中數量）']);
    await search.fill('zzzz');
    await expect(page.getByText('沒有符合此搜尋與篩選條件的客戶。')).toBeVisible();
    await expect(page.getByRole('button', { name: '清除搜尋與篩選' })).toBeVisible();
  });
});

test('the activity log in French names actions and dates in French', async ({ page }) => {
  const added = logEntry(1, CUSTOMERS[0], 'CustomerAdded', '', CUSTOMERS[0].primary_domain);
  const changed = logEntry(2, CUSTOMERS[7], 'QuantityChanged', '3', '5');
  await useLanguage(page, 'fr');
  await openWithBook(page, '/activity', { activity: [changed, added] });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal d’activité');
  await expect(page.getByText('Affichage : 2 sur 2 entrées.')).toBeVisible();
  const table = page.getByRole('table', { name: 'Entrées du journal d’activité' });
  await expect(table.getByRole('columnheader')).toHaveText(['Date et heure', 'Client concerné', 'Action', 'Détails', 'Effectué par']);
  const rows = table.getByRole('row');
  const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
  const french = (ms) => {
    const d = new Date(ms);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  // Newest first; the stored action (written in English) reads in French.
  await expect(rows.nth(1).getByRole('cell')).toHaveText([french(added.at_ms), CUSTOMERS[0].company_name, 'Client ajouté', CUSTOMERS[0].primary_domain, 'Earlier Agent']);
  await expect(rows.nth(2).getByRole('cell')).toHaveText([french(changed.at_ms), CUSTOMERS[7].company_name, 'Quantité modifiée', '3 → 5', 'Earlier Agent']);
  const action = page.getByRole('combobox', { name: 'Action' });
  await expect(action.locator('option:checked')).toHaveText('Toutes les actions');
  await action.selectOption({ label: 'Quantité modifiée' });
  await expect(page.getByText('Affichage : 1 sur 2 entrées.')).toBeVisible();

  // The file keeps English headers and sortable dates for tools, with the French separator.
  const { text } = await downloadText(page, () => page.getByRole('button', { name: 'Exporter le journal' }).click());
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, row] = parseCsv(text.slice(1), ';');
  expect(header).toEqual(['Date-time', 'Affected customer', 'Action', 'Details', 'Performed by']);
  expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(row.slice(1)).toEqual([CUSTOMERS[7].company_name, 'Quantity changed', '3 → 5', 'Earlier Agent']);
});

test('Settings in Chinese, errors included, pass axe', async ({ page }) => {
  await useLanguage(page, 'zh-TW');
  await openWithBook(page, '/settings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('設定');
  await expect(page.getByRole('group', { name: '合作夥伴設定檔', exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '合作夥伴類型' }).locator('option:checked')).toHaveText('間接提供者');
  await expect(page.getByRole('combobox', { name: '角色' }).locator('option:checked')).toHaveText('全域管理員');
  await expect(page.getByRole('group', { name: '間接經銷商', exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: '經銷商 1', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '新增經銷商' })).toBeVisible();
  const separator = page.getByRole('combobox', { name: '分隔符號' });
  await expect(separator).toHaveValue('automatic');
  await expect(separator.locator('option:checked')).toHaveText('自動（應用程式為法文時使用分號，否則使用逗號）');
  await expect(page.getByRole('checkbox', { name: '檔案開頭加上位元組順序標記 (BOM)' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: '欄標題' }).locator('option:checked')).toHaveText('英文（供匯入工具使用）');
  await axeClean(page, 'Chinese settings');

  const name = page.getByRole('textbox', { name: '合作夥伴名稱' });
  await name.fill('');
  await page.getByRole('button', { name: '儲存設定' }).click();
  await expect(page.getByRole('status').filter({ hasText: '設定未儲存：有 1 個欄位需要修正。' })).toBeVisible();
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription('請輸入合作夥伴名稱。');
  await axeClean(page, 'Chinese settings with an error');
});

test.describe('CSV in French', () => {
  test('a French-UI export uses semicolons, starts with a BOM and parses into the rows shown', async ({ page }) => {
    await useLanguage(page, 'fr');
    await openWithBook(page, '/customers');
    const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Exporter les clients' }).click());
    expect(name).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    await expect(page.getByText(`Exportation de ${CUSTOMERS.length} clients dans ${name} terminée.`)).toBeAttached();
    expect(text.startsWith('\uFEFF')).toBe(true);
    const body = text.slice(1);
    expect(body.split('\r\n')[0]).toBe('Customer ID;Company name;Primary domain name;Relationship;Indirect reseller;Tags;Created;Subscriptions (active count)');
    const [header, ...rows] = parseCsv(body, ';');
    expect(header).toHaveLength(8);
    expect(rows.toSorted(byId)).toEqual(CUSTOMERS.map(englishRow).toSorted(byId));
    // Commas need no quoting with semicolons; the quotes in "Contoso" still do.
    expect(body).toContain(`;Reseller, delegated admin;`);
    expect(body).toContain(`;"Contoso, ""Ltd""";`);
  });

  test('column headers can follow the app’s language, and a chosen comma holds in French', async ({ page }) => {
    await useLanguage(page, 'fr');
    await openWithBook(page, '/settings');
    const separator = page.getByRole('combobox', { name: 'Séparateur' });
    await expect(separator).toHaveValue('automatic');
    await expect(separator).toHaveAccessibleDescription(/Excel en français/);
    await page.getByRole('combobox', { name: 'En-têtes de colonnes' }).selectOption({ label: 'Dans la langue de l’application' });
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Paramètres enregistrés.' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Clients' }).click();
    let { text } = await downloadText(page, () => page.getByRole('button', { name: 'Exporter les clients' }).click());
    let [header, ...rows] = parseCsv(text.slice(1), ';');
    expect(header).toEqual(['ID client', 'Nom de l’entreprise', 'Nom de domaine principal', 'Relation', 'Revendeur indirect', 'Étiquettes', 'Créé le', 'Abonnements (nombre actifs)']);
    const contoso = rows.find((r) => r[0] === CUSTOMERS[5].id);
    expect(contoso).toEqual([CUSTOMERS[5].id, 'Contoso, "Ltd"', 'contoso.com', 'Revendeur, administration déléguée', 'Wingtip Toys', '', '2025-03-01T10:00:00Z', '0']);

    // In Chinese the same choice gives Chinese headers, and the automatic separator a comma.
    await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: '繁體中文' });
    ({ text } = await downloadText(page, () => page.getByRole('button', { name: '匯出客戶' }).click()));
    [header, ...rows] = parseCsv(text.slice(1), ',');
    expect(header).toEqual(['客戶識別碼', '公司名稱', '主要網域名稱', '關係', '間接經銷商', '標籤', '建立日期', '訂閱（使用中數量）']);
    expect(rows).toHaveLength(CUSTOMERS.length);

    // A comma chosen explicitly stays a comma in French.
    await page.getByRole('combobox', { name: '語言' }).selectOption({ label: 'Français' });
    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('combobox', { name: 'Séparateur' }).selectOption({ label: 'Virgule (,)' });
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Paramètres enregistrés.' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Clients' }).click();
    ({ text } = await downloadText(page, () => page.getByRole('button', { name: 'Exporter les clients' }).click()));
    expect(text.slice(1).split('\r\n')[0]).toBe('ID client,Nom de l’entreprise,Nom de domaine principal,Relation,Revendeur indirect,Étiquettes,Créé le,Abonnements (nombre actifs)');
  });
});

test.describe('one language in the first download', () => {
  const localeRequests = (page) => {
    const fetched = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/locales/')) fetched.push(path);
    });
    return fetched;
  };

  test('English fetches no other language; French is fetched when chosen, and is there offline after one visit', async ({ page, context }) => {
    const fetched = localeRequests(page);
    await openWithBook(page, '/customers');
    await expect(page.getByText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`)).toBeVisible();
    expect(fetched).toEqual([]);
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
    await expect(page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Clients' })).toBeVisible();
    expect(fetched).toEqual([expect.stringMatching(/^\/locales\/fr-[0-9a-f]{16}\.txt$/)]);

    // The service worker has precached both languages.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Clients' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: '繁體中文' });
    await expect(page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '客戶' })).toBeVisible();
    await context.setOffline(false);
  });

  test.describe('when a language cannot be fetched', () => {
    // Requests a service worker answers are not routed: without it, the route below sees them.
    test.use({ serviceWorkers: 'block' });

    test('switching says so and stays in the language shown', async ({ page }) => {
      await page.route('**/locales/zh-TW-*.txt', (route) => route.abort());
      await openWithBook(page, '/customers');
      await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clients');
      await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: '繁體中文' });
      await expect(page.getByRole('alert')).toContainText('Les textes en 繁體中文 n’ont pas pu être chargés');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clients');
      await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    });

    test('the invitation page, which drafts in any language, says so and still drafts', async ({ page }) => {
      await page.route('**/locales/zh-TW-*.txt', (route) => route.abort());
      await openWithBook(page, '/customers/invite');
      await expect(page.getByRole('alert').filter({ hasText: 'The texts in 繁體中文 could not be loaded' })).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Subject' })).toHaveValue('Reseller relationship request from Adatum Cloud');
      // French came, so a French draft is French.
      await page.getByRole('combobox', { name: 'Email language' }).selectOption('fr');
      await expect(page.getByRole('textbox', { name: 'Subject' })).toHaveValue('Demande de relation de revendeur : Adatum Cloud');
    });

    test('a remembered language that cannot be fetched opens in English and says so', async ({ page }) => {
      await useLanguage(page, 'zh-TW');
      await page.route('**/locales/zh-TW-*.txt', (route) => route.abort());
      await openWithBook(page, '/customers');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customers');
      await expect(page.getByRole('alert')).toContainText('The texts in 繁體中文 could not be loaded');
      await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    });
  });
});
