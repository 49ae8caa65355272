// Lazy pages (issue 17): every page but the customer list has its code in a wasm chunk of its
// own (src/lazy_pages.rs, scripts/build-wasm), fetched when the page first opens. The
// service worker precaches the chunks, so every page opens offline after one visit; a deep
// link asks for its page's chunks at once; a chunk that cannot be fetched shows a message
// with "Try again", and the rest of the app works on.
import { test, expect } from '@playwright/test';
import { CUSTOMERS, downloadText, holdMainModuleUntil, openWithBook, refuseRequests, storedBook } from './fixtures.js';

const FABRIKAM = CUSTOMERS[7];
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);
const heading = (page) => page.getByRole('heading', { level: 1 });

const PAGES = [
  [`/customers/${FABRIKAM.id}`, 'Fabrikam Inc'],
  [`/customers/${FABRIKAM.id}/subscriptions`, 'Subscriptions: Fabrikam Inc'],
  [`/customers/${FABRIKAM.id}/services`, 'Service management: Fabrikam Inc'],
  ['/customers/new?step=account', 'Add customer'],
  ['/customers/import', 'Import customers'],
  ['/customers/invite', 'Request a reseller relationship'],
  ['/customers/removed', 'Removed customers'],
  ['/activity', 'Activity log'],
  ['/settings', 'Settings'],
];

/** The page chunks (chunks/*.wasm) the page requests, in the order asked. */
function chunkRequests(page) {
  const urls = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/chunks/')) urls.push(path);
  });
  return urls;
}

test('a first visit, its book empty, fetches no chunk; loading the sample fetches the list and the writes', async ({ page }) => {
  const chunks = chunkRequests(page);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
  // Settled: the service worker, registered once the page is in, controls it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  // Requests the service worker answers still show here: none was for a chunk.
  expect(chunks).toEqual([]);

  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await expect(count(page)).toBeVisible();
  expect(chunks.some((path) => /^\/chunks\/split_browser_write-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
  expect(chunks.some((path) => /^\/chunks\/split_customer_list-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
});

test('a first visit downloads the page, then its main module and nothing beside it, and links the manifest once offline works', async ({ page }) => {
  const paths = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http')) paths.push(url.pathname);
  });
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await expect(page.locator('link[rel=manifest]')).toHaveAttribute('href', '/manifest.webmanifest');
  // The stylesheet and the scripts are in the page: nothing else shares the main module's
  // download (scripts/postbuild.mjs).
  const main = paths.findIndex((path) => /^\/clientele-[0-9a-f]{16}_bg\.wasm$/.test(path));
  expect(paths.slice(0, main)).toEqual(['/customers']);
  expect(paths.filter((path) => /\.(css|js)$/.test(path) && path !== '/sw.js')).toEqual([]);
});

test('the customer list loads its own chunks and no page chunk; a page fetches its own when it first opens', async ({ page }) => {
  const chunks = chunkRequests(page);
  await openWithBook(page);
  await expect(count(page)).toBeVisible();
  // (The fixture's book waits in localStorage, as an earlier version kept it: moving it in
  // fetches the migration's chunk.)
  expect(chunks.some((path) => /^\/chunks\/split_customer_list-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
  expect(chunks.filter((path) => path.includes('_page-'))).toEqual([]);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(heading(page)).toHaveText('Settings');
  expect(chunks.some((path) => /^\/chunks\/split_settings_page-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
  expect(chunks.some((path) => path.includes('split_import_page'))).toBe(false);
});

test('after one online visit every page opens offline, as a deep link and from the menu', async ({ page, context }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });

  await context.setOffline(true);
  try {
    for (const [path, title] of PAGES) {
      await page.goto(path);
      await expect(heading(page), path).toHaveText(title);
      await expect(page.getByRole('heading', { name: 'This page could not be opened' })).toHaveCount(0);
    }
    await page.goto('/customers');
    await expect(count(page)).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity log' }).click();
    await expect(heading(page)).toHaveText('Activity log');
  } finally {
    await context.setOffline(false);
  }
});

test.describe('without the service worker', () => {
  // Requests a service worker answers never reach page.route: this is a first visit.
  test.use({ serviceWorkers: 'block' });

  test('a deep link asks for its page\'s chunks while the main module is still downloading', async ({ page }) => {
    let chunkAsked = false;
    page.on('request', (request) => {
      if (/\/chunks\/split_settings_page-[0-9a-f]{16}\.wasm$/.test(request.url())) chunkAsked = true;
    });
    // The main module is held back until the chunk is asked for (or 10 s have passed).
    const askedBeforeMain = await holdMainModuleUntil(page, () => chunkAsked);
    await openWithBook(page, '/settings');
    await expect(heading(page)).toHaveText('Settings');
    expect(askedBeforeMain.length).toBeGreaterThan(0);
    expect(askedBeforeMain.every(Boolean)).toBe(true);
  });

  test('a browser that has shown the list asks for its chunk while the main module is still downloading', async ({ page }) => {
    await openWithBook(page);
    await expect(count(page)).toBeVisible();
    let chunkAsked = false;
    page.on('request', (request) => {
      if (/\/chunks\/split_customer_list-[0-9a-f]{16}\.wasm$/.test(request.url())) chunkAsked = true;
    });
    const askedBeforeMain = await holdMainModuleUntil(page, () => chunkAsked);
    await page.reload();
    await expect(count(page)).toBeVisible();
    expect(askedBeforeMain).toEqual([true]);
  });

  test('a page whose chunk cannot be fetched says so, the app works on, and Try again opens it', async ({ page }) => {
    await openWithBook(page);
    await expect(count(page)).toBeVisible();
    const blocked = await refuseRequests(page, '**/chunks/**');

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect(heading(page)).toHaveText('This page could not be opened');
    await expect(page.getByRole('alert').filter({ hasText: 'Its code could not be downloaded' })).toHaveText(
      'Its code could not be downloaded. Check the connection, then try again.',
    );
    expect(blocked.refused()).toBeGreaterThan(0);

    // Not a dead app: the customer list, whose code is at hand, still opens and works.
    await nav.getByRole('link', { name: 'Customers' }).click();
    await expect(count(page)).toBeVisible();
    await page.getByRole('searchbox').fill('Fabrikam');
    await expect(count(page)).toHaveText(`Showing 1 of ${CUSTOMERS.length} customers`);

    // Still refused: Try again says so again; once the host answers, it opens the page.
    await nav.getByRole('link', { name: 'Settings' }).click();
    const retry = page.getByRole('button', { name: 'Try again' });
    await expect(retry).toBeVisible();
    const before = blocked.refused();
    await retry.click();
    await expect.poll(blocked.refused).toBeGreaterThan(before);
    await expect(retry).toBeEnabled();
    await expect(heading(page)).toHaveText('This page could not be opened');

    await blocked.stop();
    await retry.click();
    await expect(heading(page)).toHaveText('Settings');
    await expect(retry).toHaveCount(0);
  });

  test('a write whose code cannot be fetched says so, saves nothing, and works once it can', async ({ page }) => {
    await page.goto('/customers');
    const empty = page.getByRole('heading', { name: 'No customers yet' });
    await expect(empty).toBeVisible();
    const blocked = await refuseRequests(page, /\/chunks\/split_browser_write-[0-9a-f]{16}\.wasm$/);

    const load = page.getByRole('button', { name: 'Load sample customers' });
    await load.click();
    await expect(page.getByRole('alert').filter({ hasText: 'The sample customers were not loaded' })).toContainText(
      'Nothing was saved: the code that saves changes could not be downloaded. Check the connection, then try again.',
    );
    expect(blocked.refused()).toBeGreaterThan(0);
    // Nothing was saved: the book is still empty, and the button still there to try again.
    await expect(empty).toBeVisible();
    await expect(count(page)).toHaveCount(0);
    await expect(load).toBeEnabled();
    expect((await storedBook(page)).customers).toEqual([]);

    await blocked.stop();
    await load.click();
    await expect(count(page)).toBeVisible();
    await expect(empty).toHaveCount(0);
  });

  test('the list\'s chunk refused: the page says so with Try again, which shows the list', async ({ page }) => {
    const blocked = await refuseRequests(page, /\/chunks\/split_customer_list-[0-9a-f]{16}\.wasm$/);
    await openWithBook(page);
    // The list's code sorts the customers as they are read, so the read is what fails.
    await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toHaveText(
      "Customers could not be loaded: The customer list's code could not be downloaded. Check the connection, then try again.",
    );
    const retry = page.getByRole('button', { name: 'Try again' });
    await expect(retry).toBeVisible();
    await expect(count(page)).toHaveCount(0);
    expect(blocked.refused()).toBeGreaterThan(0);

    await blocked.stop();
    await retry.click();
    await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
    await expect(retry).toHaveCount(0);
  });

  test('the list\'s export and bulk actions fetch their code on first use; refused, they say so and the list works on', async ({ page }) => {
    const chunks = chunkRequests(page);
    await openWithBook(page);
    await expect(count(page)).toBeVisible();
    const blocked = await refuseRequests(page, /\/chunks\/split_list_(export|bulk)-[0-9a-f]{16}\.wasm$/);

    await page.getByRole('button', { name: 'Export customers' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The export could not start' })).toContainText(
      'The export could not start: its code could not be downloaded. Check the connection, then try again.',
    );
    await page.getByRole('checkbox', { name: `Select ${FABRIKAM.company_name}` }).check();
    const bar = page.getByRole('region', { name: 'Selected customers' });
    await expect(bar.getByRole('alert')).toHaveText('Its code could not be downloaded. Check the connection, then try again.');
    await expect(bar.getByRole('combobox', { name: 'Tag' })).toHaveCount(0);
    expect(blocked.refused()).toBe(2);
    // The rest of the list works on.
    await page.getByRole('searchbox').fill('Fabrikam');
    await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toHaveText(
      `Showing 1 of ${CUSTOMERS.length} customers · 1 selected`,
    );

    // Once the host answers: Try again brings the bulk actions, and the export downloads.
    await blocked.stop();
    await bar.getByRole('button', { name: 'Try again' }).click();
    await expect(bar.getByRole('combobox', { name: 'Tag' })).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    const { text } = await downloadText(page, () => page.getByRole('button', { name: 'Export customers' }).click());
    expect(text).toContain(FABRIKAM.company_name);
    expect(chunks.filter((path) => /split_list_(export|bulk)-/.test(path))).toHaveLength(4);
  });
});
