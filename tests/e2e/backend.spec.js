// The app pointed at the reference server (crates/server, real process, real SQLite): Settings
// → Storage, copying a local book, two people on one book, a server that goes away, roles.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, SETTINGS, openWithBook } from './fixtures.js';
import { DATABASE, openOnBackend, startBackend } from './backend.js';

let backend;
test.beforeEach(async ({ baseURL }) => {
  backend = await startBackend(new URL(baseURL).origin);
});
test.afterEach(async () => {
  await backend.close();
});

const textbox = (page, name) => page.getByRole('textbox', { name, exact: true });

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations).toEqual([]);
}

async function fillServer(page, url, token) {
  await page.getByRole('radio', { name: 'Backend server' }).check();
  await textbox(page, 'Server URL').fill(url);
  await page.getByLabel('Access token').fill(token);
}

test('Settings → Storage tests the connection: reachable, unauthorised, not reachable', async ({ page }) => {
  await openWithBook(page, '/settings');
  await expect(page.getByText('In use now: this browser (localStorage).')).toBeVisible();
  await page.getByRole('radio', { name: 'Backend server' }).check();
  // Nothing typed: the messages are beside the fields, and focus goes to the first.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(textbox(page, 'Server URL')).toHaveAccessibleDescription(/Enter the server's address/);
  await expect(textbox(page, 'Server URL')).toBeFocused();
  await textbox(page, 'Server URL').fill('ftp://example.org');
  await expect(textbox(page, 'Server URL')).toHaveAccessibleDescription(/starting with https:\/\/ or http:\/\//);

  await fillServer(page, backend.url, backend.tokens.admin);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(new RegExp(`^Reachable: Clientele server .* on ${DATABASE}\\. Signed in as Ada Admin \\(Global admin\\)\\.$`))).toBeVisible();
  await axe(page);

  // A server one API version ahead (its real answer, with the version changed on the way).
  await page.route(`${backend.url}/api/health`, async (route) => {
    const real = await route.fetch();
    const health = await real.json();
    await route.fulfill({ response: real, json: { ...health, api_version: health.api_version + 1 } });
  });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Incompatible version: the server speaks API version 3, and this app needs version 2.')).toBeVisible();
  await page.unroute(`${backend.url}/api/health`);

  await page.getByLabel('Access token').fill('not-a-token');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/^Unauthorised: the server is reachable but refused the token\./)).toBeVisible();

  await textbox(page, 'Server URL').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/^Not reachable: nothing answered at http:\/\/127\.0\.0\.1:9\./)).toBeVisible();

  // What was typed survives a reload.
  await page.reload();
  await expect(textbox(page, 'Server URL')).toHaveValue('http://127.0.0.1:9');
});

test('copying the local book to the server can stop halfway, resumes, and never duplicates', async ({ page }) => {
  // 450 customers: three batches of 200, 200 and 50.
  const many = Array.from({ length: 450 }, (_, i) => ({
    ...CUSTOMERS[i % CUSTOMERS.length],
    id: `cccccccc-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    company_name: `Copied Customer ${i + 1}`,
    primary_domain: `copied-${i + 1}.example`,
  }));
  await page.addInitScript(({ customers, settings }) => {
    if (sessionStorage.getItem('many')) return;
    sessionStorage.setItem('many', '1');
    localStorage.setItem('clientele.book', JSON.stringify({ schema: 2, data: { customers, subscriptions: [], removed: [], activity: [] } }));
    localStorage.setItem('clientele.settings', JSON.stringify({ schema: 2, data: settings }));
  }, { customers: many, settings: SETTINGS });
  await page.goto('/settings');
  await fillServer(page, backend.url, backend.tokens.admin);

  // The second batch fails on the way (the network drops it).
  let imports = 0;
  await page.route(`${backend.url}/api/customers/import`, (route) => {
    imports += 1;
    return imports === 2 ? route.abort('connectionreset') : route.continue();
  });
  const copy = page.getByRole('button', { name: "Copy this browser's 450 customers to the server" });
  await copy.click();
  await expect(page.getByText(/^Copying stopped: .* 200 of 450 customers are on the server, and nothing was lost\./)).toBeVisible();
  expect((await backend.api(backend.tokens.admin, 'GET', '/api/customers?limit=1')).body.total).toBe(200);

  await copy.click();
  await expect(page.getByText("Copied 250 customers; all 450 of this browser's customers are on the server.")).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Copy progress' })).toHaveAttribute('value', '450');
  await copy.click();
  await expect(page.getByText("Copied 0 customers; all 450 of this browser's customers are on the server.")).toBeVisible();
  expect((await backend.api(backend.tokens.admin, 'GET', '/api/customers?limit=1')).body.total).toBe(450);

  // Switching: the app now reads the server's book.
  await page.getByRole('button', { name: 'Use this server' }).click();
  await expect(page.getByText(`In use now: the backend server at ${backend.url}.`)).toBeVisible();
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('searchbox').fill('Copied Customer 449');
  await expect(page.getByRole('row', { name: /Copied Customer 449/ })).toHaveCount(1);
});

test('a customer added in one browser is seen in another, and a retried add makes no duplicate', async ({ browser }) => {
  await backend.seed();
  // Two people: two browser contexts, each with its own storage.
  const ann = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openOnBackend(ann, backend, backend.tokens.admin, '/customers');
  await openOnBackend(bob, backend, backend.tokens.admin, '/customers');
  await expect(bob.getByRole('row', { name: /Fabrikam Inc/ })).toHaveCount(1);

  await ann.getByRole('link', { name: 'Add customer' }).click();
  await textbox(ann, 'Company legal name').fill('Tailspin Toys Ltd');
  await textbox(ann, 'Domain prefix').fill('tailspintoys');
  await ann.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'France' });
  await textbox(ann, 'Address line 1').fill('10 avenue des Champs-Élysées');
  await textbox(ann, 'City').fill('Paris');
  await textbox(ann, 'Postal code').fill('75008');
  await textbox(ann, 'First name').fill('Léa');
  await textbox(ann, 'Last name').fill('Martin');
  await textbox(ann, 'Email').fill('lea.martin@tailspintoys.example');
  await ann.getByRole('combobox', { name: 'Language and culture' }).selectOption('fr-FR');
  await ann.getByRole('radio', { name: /asked to accept it in their admin centre/ }).check();
  await ann.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await ann.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Northwind Traders' });
  await ann.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await ann.getByRole('checkbox', { name: /^Microsoft 365 Business Premium/ }).check();
  await textbox(ann, 'Licences for Microsoft 365 Business Premium').fill('12');
  await ann.getByRole('button', { name: 'Next: Review' }).click();
  // The first submit is lost on the way back (the server did create it): the retry must
  // not make a second customer.
  let creates = 0;
  await ann.route(`${backend.url}/api/customers`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    creates += 1;
    if (creates === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await ann.getByRole('button', { name: 'Submit' }).click();
  await expect(ann.getByText(/can't be reached/)).toBeVisible();
  await ann.getByRole('button', { name: 'Submit' }).click();
  await expect(ann.getByRole('heading', { name: 'Customer added' })).toBeVisible();
  expect(creates).toBe(2);
  const found = await backend.api(backend.tokens.admin, 'GET', '/api/customers?q=Tailspin');
  expect(found.body.total).toBe(1);

  await bob.reload();
  await expect(bob.getByRole('row', { name: /Tailspin Toys Ltd/ })).toHaveCount(1);
  await ann.context().close();
  await bob.context().close();
});

test('two people on one book: a stale rename gets the conflict and keeps its input', async ({ browser }) => {
  await backend.seed();
  // Two people: two browser contexts, each with its own storage.
  const ann = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const fabrikam = CUSTOMERS[7];
  await openOnBackend(ann, backend, backend.tokens.admin, `/customers/${fabrikam.id}`);
  await openOnBackend(bob, backend, backend.tokens.admin, `/customers/${fabrikam.id}`);
  for (const page of [ann, bob]) {
    await expect(page.getByRole('heading', { name: 'Fabrikam Inc' })).toBeVisible();
    await page.getByRole('button', { name: 'Update company name' }).click();
  }
  await textbox(ann, 'Company name').fill('Fabrikam Holdings');
  await ann.getByRole('button', { name: 'Save' }).click();
  await expect(ann.getByRole('heading', { name: 'Fabrikam Holdings' })).toBeVisible();

  // Bob read version 1; his save is refused, his text stays, and he can apply it on top.
  await textbox(bob, 'Company name').fill('Fabrikam Group');
  await bob.getByRole('button', { name: 'Save' }).click();
  const dialog = bob.getByRole('dialog', { name: 'Your change was not saved' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Someone else changed this record since you opened it');
  await expect(textbox(bob, 'Company name')).toHaveValue('Fabrikam Group');
  await expect(dialog.getByRole('button', { name: 'Reload and apply my change' })).toBeFocused();
  await axe(bob);
  await dialog.getByRole('button', { name: 'Reload and apply my change' }).click();
  await expect(dialog).toBeHidden();
  await expect(bob.getByRole('heading', { name: 'Fabrikam Group' })).toBeVisible();
  const stored = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${fabrikam.id}`);
  expect(stored.body.company_name).toBe('Fabrikam Group');
  await ann.reload();
  await expect(ann.getByRole('heading', { name: 'Fabrikam Group' })).toBeVisible();
  await ann.context().close();
  await bob.context().close();
});

test('the server stops mid-session: a clear message, nothing lost, and it works again when it returns', async ({ page }) => {
  await backend.seed();
  const fabrikam = CUSTOMERS[7];
  await openOnBackend(page, backend, backend.tokens.admin, `/customers/${fabrikam.id}`);
  await expect(page.getByRole('heading', { name: 'Fabrikam Inc' })).toBeVisible();
  await page.getByRole('button', { name: 'Update company name' }).click();
  await textbox(page, 'Company name').fill('Fabrikam Offline Ltd');
  await backend.stop();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/can't be reached \(offline, or the server is down\)\. Nothing was saved, and what you typed is kept/)).toBeVisible();
  await expect(textbox(page, 'Company name')).toHaveValue('Fabrikam Offline Ltd');
  await backend.start();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Fabrikam Offline Ltd' })).toBeVisible();
  const stored = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${fabrikam.id}`);
  expect(stored.body.company_name).toBe('Fabrikam Offline Ltd');
});

test('the header says when a request is in flight', async ({ page }) => {
  await backend.seed();
  const fabrikam = CUSTOMERS[7];
  await openOnBackend(page, backend, backend.tokens.admin, `/customers/${fabrikam.id}`);
  await expect(page.getByRole('heading', { name: 'Fabrikam Inc' })).toBeVisible();
  // The rename is held on the way to the server.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(`${backend.url}/api/customers/${fabrikam.id}`, async (route) => {
    if (route.request().method() === 'PATCH') await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Update company name' }).click();
  await textbox(page, 'Company name').fill('Fabrikam Waiting');
  await page.getByRole('button', { name: 'Save' }).click();
  const working = page.getByRole('status').filter({ hasText: 'Working…' });
  await expect(working).toBeVisible();
  release();
  await expect(page.getByRole('heading', { name: 'Fabrikam Waiting' })).toBeVisible();
  await expect(working).toHaveCount(0);
});

test('a Helpdesk agent cannot add or remove customers: the UI says why, and the API refuses', async ({ page }) => {
  await backend.seed();
  const fabrikam = CUSTOMERS[7];
  await openOnBackend(page, backend, backend.tokens.helpdesk, '/customers');
  await expect(page.getByRole('row', { name: /Fabrikam Inc/ })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Add customer' })).toHaveCount(0);
  const add = page.getByRole('button', { name: 'Add customer' });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription("A helpdesk agent can't add customers.");
  await expect(page.getByRole('button', { name: 'Request a reseller relationship' })).toBeDisabled();
  // On the account page: no removal, no rename; subscriptions are theirs to manage.
  await page.goto(`/customers/${fabrikam.id}`);
  await expect(page.getByRole('heading', { name: 'Fabrikam Inc' })).toBeVisible();
  const remove = page.getByRole('button', { name: 'Remove customer relationship' });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription("A helpdesk agent can't remove or reinstate relationships.");
  await expect(page.getByRole('button', { name: 'Update company name' })).toBeDisabled();
  await page.goto(`/customers/${fabrikam.id}/subscriptions`);
  await expect(page.getByRole('button', { name: 'Suspend Microsoft 365 Business Premium' })).toBeEnabled();
  // Typing the wizard's address does not get round it.
  await page.goto('/customers/new');
  await expect(page.getByText("A helpdesk agent can't add customers.")).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Company legal name' })).toHaveCount(0);
  // The activity log is not theirs either.
  await page.getByRole('link', { name: 'Activity log' }).click();
  await expect(page.getByText("A helpdesk agent can't view the activity log.")).toBeVisible();

  // Settings: the partner profile is the global admin's, and who they are is the server's.
  await page.getByRole('link', { name: 'Settings' }).click();
  const partnerName = page.getByRole('textbox', { name: 'Partner name' });
  await expect(partnerName).toHaveValue('Adatum Cloud');
  await expect(partnerName).toBeDisabled();
  await expect(page.getByRole('group', { name: 'Partner profile' })).toHaveAccessibleDescription("A helpdesk agent can't change the partner settings.");
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue('Hugo Helpdesk');
  await expect(page.getByRole('textbox', { name: 'Your name' })).toBeDisabled();
  await expect(page.getByRole('group', { name: 'You' })).toHaveAccessibleDescription(/come from the server/);

  // The API refuses what the UI does not offer, whatever a client sends.
  const created = await backend.api(backend.tokens.helpdesk, 'POST', '/api/customers', {
    customer: { ...CUSTOMERS[0], id: 'eeeeeeee-0000-4000-8000-000000000001', primary_domain: 'helpdesk-try.example' },
    subscriptions: [],
  });
  expect(created.status).toBe(403);
  expect(created.body.message).toBe("A helpdesk agent can't add customers.");
  const current = await backend.api(backend.tokens.helpdesk, 'GET', `/api/customers/${fabrikam.id}`);
  const removed = await backend.api(backend.tokens.helpdesk, 'POST', `/api/customers/${fabrikam.id}/remove`, undefined, {
    'if-match': current.etag,
  });
  expect(removed.status).toBe(403);
  expect((await backend.api(backend.tokens.admin, 'GET', `/api/customers/${fabrikam.id}`)).status).toBe(200);
});
