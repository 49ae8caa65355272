// Offline: the service worker keeps the app shell after the first visit; the data is in
// localStorage. Also its precache list (written at build time by scripts/postbuild.mjs) and
// the "Update available" prompt when a new build is deployed.
import { test, expect } from '@playwright/test';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CUSTOMERS, openWithBook } from './fixtures.js';
import { startServer } from './servers.js';

const FABRIKAM = CUSTOMERS[7];
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);
const all = `Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`;

/** Waits until a service worker controls the page (its first install claims it). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
}

async function filesOf(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'));
  }
  return out.sort();
}

function precacheOf(sw) {
  return JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)[1]);
}

test('the precache list of dist/sw.js names every file of the build, and its version changes with them', async () => {
  const sw = await readFile('dist/sw.js', 'utf8');
  const expected = (await filesOf('dist')).filter((f) => !f.startsWith('.') && !['404.html', 'sw.js', '_headers'].includes(f));
  expect(precacheOf(sw)).toEqual(expected);
  for (const hashed of [/^clientele-[0-9a-f]+_bg\.wasm$/, /^chunks\/split_settings_page-[0-9a-f]+\.wasm$/]) {
    expect(expected.some((f) => hashed.test(f)), String(hashed)).toBe(true);
  }
  expect(expected).toEqual(expect.arrayContaining(['index.html', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon.svg']));
  expect(sw).toMatch(/const VERSION = '[0-9a-f]{16}';/);
  expect(sw).not.toContain('__BUILD_VERSION__');
});

test('after one visit the app works offline: reload, other routes, a deep link', async ({ page, context }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(all);
  await controlled(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  expect(cached.names).toHaveLength(1);
  expect(cached.names[0]).toMatch(/^clientele:http:\/\/127\.0\.0\.1:\d+\/:[0-9a-f]{16}$/);
  expect(cached.urls).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest']));

  await context.setOffline(true);
  await page.reload();
  await expect(count(page)).toHaveText(all);
  await expect(page.getByRole('row', { name: /Fabrikam Inc/ })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await page.goto(`/customers/${FABRIKAM.id}/subscriptions`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Fabrikam Inc');
  await expect(page.getByRole('row')).toHaveCount(3);

  // Changes made offline are kept (localStorage), and still there online.
  await page.goto('/customers/new?step=account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Add customer');
  await context.setOffline(false);
  await page.goto('/customers');
  await expect(count(page)).toHaveText(all);
});

test('a first visit downloads each file once: the precache takes what the page fetched from the HTTP cache', async ({ page }) => {
  const server = await startServer('dist', '--log');
  try {
    await openWithBook(page, `${server.url}customers`);
    await expect(count(page)).toHaveText(all);
    // Controlled means installed: the precache of every file of the build is complete.
    await controlled(page);
    const precache = precacheOf(await readFile('dist/sw.js', 'utf8'));
    await expect.poll(() => precache.filter((f) => server.served.includes(`/${f}`)).length).toBe(precache.length);
    const times = (path) => server.served.filter((p) => p === path).length;
    for (const hashed of [/^clientele-[0-9a-f]+_bg\.wasm$/]) {
      const file = precache.find((f) => hashed.test(f));
      expect(times(`/${file}`), file).toBe(1);
    }
    // The page chunks, which the list does not load, come once too: from the precache.
    const chunks = precache.filter((f) => f.startsWith('chunks/'));
    expect(chunks.length).toBeGreaterThan(0);
    console.log(JSON.stringify(chunks.map((f) => [f, times(`/${f}`)])));
    expect(chunks.filter((f) => times(`/${f}`) !== 1)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('offline under a sub-path of a plain static host', async ({ page, context }) => {
  const server = await startServer('dist', '--base', '/tools/clientele/', '--no-spa', '--404');
  try {
    await openWithBook(page, `${server.url}customers`);
    await expect(count(page)).toHaveText(all);
    await controlled(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(server.url);
    await context.setOffline(true);
    await page.goto(`${server.url}customers/${FABRIKAM.id}/subscriptions`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Fabrikam Inc');
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await expect(page).toHaveURL(`${server.url}customers`);
    await expect(count(page)).toHaveText(all);
  } finally {
    await context.setOffline(false);
    await server.stop();
  }
});

test('a new deployment offers "Update available" with Reload, which switches to it', async ({ page }) => {
  // A copy of dist/ that the test can "redeploy" by changing its sw.js.
  const dir = await mkdtemp(join(tmpdir(), 'clientele-dist-'));
  await cp('dist', dir, { recursive: true });
  const server = await startServer(dir, '--no-spa', '--404');
  try {
    await openWithBook(page, `${server.url}customers`);
    await expect(count(page)).toHaveText(all);
    await controlled(page);
    const banner = page.getByRole('status').filter({ hasText: 'Update available' });
    await expect(banner).toHaveCount(0);
    const before = await page.evaluate(() => caches.keys());
    expect(before).toHaveLength(1);

    // Deploy a new build: another version in sw.js, as a rebuild with changed files writes.
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    const oldVersion = /const VERSION = '([0-9a-f]+)'/.exec(sw)[1];
    const newVersion = 'feedfacefeedface';
    await writeFile(join(dir, 'sw.js'), sw.replace(oldVersion, newVersion));

    // Browsers check on navigation and every 24 h; the app also checks when shown again.
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner).toContainText('Update available — reload');
    // Until the user says so, the page stays on its build, and so do its caches.
    expect((await page.evaluate(() => caches.keys())).sort()).toEqual(expect.arrayContaining(before));

    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await expect(count(page)).toHaveText(all);
    await expect(banner).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => caches.keys())).toEqual([before[0].replace(oldVersion, newVersion)]);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
