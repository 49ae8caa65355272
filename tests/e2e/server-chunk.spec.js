// The server backend's code (the HTTP store and the replica, src/store/server.rs) is a wasm
// chunk of its own (issue 17): a book kept in this browser never downloads it, a book on a
// server asks for it while the main module downloads, and a chunk that cannot be fetched is
// said where the book would show, with the app still working and the next read asking again.
// Against the real reference server (tests/e2e/backend.js).
import { test, expect } from '@playwright/test';
import { CUSTOMERS, holdMainModuleUntil, openWithBook, refuseRequests } from './fixtures.js';
import { openOnBackend, startBackend } from './backend.js';

const SERVER_CHUNK = /\/chunks\/split_server_store-[0-9a-f]{16}\.wasm$/;
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);

// Requests a service worker answers never reach page.route: each test is a first visit.
test.use({ serviceWorkers: 'block' });

let backend;
test.beforeEach(async ({ baseURL }) => {
  backend = await startBackend(new URL(baseURL).origin);
});
test.afterEach(async () => {
  await backend?.close();
});

test('a book in this browser never asks for the server code', async ({ page, request }) => {
  // The build has the chunk (the service worker precaches it), and this visit does not ask.
  expect(await (await request.get('/sw.js')).text()).toMatch(/"chunks\/split_server_store-[0-9a-f]{16}\.wasm"/);
  const asked = [];
  page.on('request', (request) => {
    if (SERVER_CHUNK.test(request.url())) asked.push(request.url());
  });
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Fabrikam');
  await expect(count(page)).toHaveText(`Showing 1 of ${CUSTOMERS.length} customers`);
  expect(asked).toEqual([]);
});

test('a book on a server asks for the server code while the main module downloads', async ({ page }) => {
  await backend.seed();
  let chunkAsked = false;
  page.on('request', (request) => {
    if (SERVER_CHUNK.test(request.url())) chunkAsked = true;
  });
  // The main module is held back until the chunk is asked for (or 10 s have passed).
  const askedBeforeMain = await holdMainModuleUntil(page, () => chunkAsked);
  await openOnBackend(page, backend, backend.tokens.admin);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  expect(askedBeforeMain).toEqual([true]);
});

test('server code that cannot be fetched is said, the app works on, and the next read asks again', async ({ page }) => {
  await backend.seed();
  const blocked = await refuseRequests(page, SERVER_CHUNK);
  await openOnBackend(page, backend, backend.tokens.admin);
  await expect(page.getByRole('alert').filter({ hasText: 'Customers could not be loaded' })).toHaveText(
    'Customers could not be loaded: The code that works with the server could not be downloaded. '
      + 'Check the connection, then try again.',
  );
  expect(blocked.refused()).toBeGreaterThan(0);

  // Not a dead app: the navigation and another page (code of its own) still open.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');

  // Once the host answers, the next read fetches the code and works: the log from the server.
  await blocked.stop();
  await nav.getByRole('link', { name: 'Activity log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activity log');
  const log = await backend.api(backend.tokens.admin, 'GET', '/api/activity');
  expect(log.body.total).toBe(1);
  await expect(page.getByRole('status').filter({ hasText: 'Showing 1 of 1 entry.' })).toBeVisible();
  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
});
