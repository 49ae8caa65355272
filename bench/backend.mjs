// Benchmark: the app pointed at the reference server (a real clientele-server process on a
// fresh SQLite file) with 1k, 10k and 100k customers, the book kept in a replica in IndexedDB.
// Prints, per size: the seeding rate; the first full read (feed → replica → rows painted); a
// later open with 10 teammates' renames waiting (first rows painted, changes applied); one
// rename (requests and bytes after the save); how soon a teammate's rename shows in an open
// tab; a search keystroke; the export. Run: scripts/bench-backend. Figures go to BENCHMARKS.md.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { chromiumArgs } from '../playwright.config.js';
import { startBackend } from '../tests/e2e/backend.js';
import { customer } from './customers.mjs';

const PORT = 4184;
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const origin = `http://127.0.0.1:${PORT}`;
const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
const ms = (x) => `${Math.round(x).toLocaleString('en')} ms`;
const showing = (n) => `Showing ${n.toLocaleString('en')} of ${n.toLocaleString('en')} customers`;

async function pointAt(context, backend) {
  await context.addInitScript(({ url, token }) => {
    localStorage.setItem('clientele.storage', JSON.stringify({ kind: 'server', url, token }));
  }, { url: backend.url, token: backend.tokens.admin });
}

async function renameOnServer(backend, id, name) {
  const now = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${id}`);
  const r = await backend.api(backend.tokens.admin, 'PATCH', `/api/customers/${id}`, { company_name: name }, { 'if-match': now.etag });
  if (r.status !== 200) throw new Error(`rename ${r.status}`);
}

/** Requests to the server started from now on, with the bytes of their answers. */
function recordRequests(page, backend) {
  const seen = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(backend.url) || request.method() === 'OPTIONS') return;
    const entry = { bytes: 0, done: false };
    seen.push(entry);
    request.response().then(async (response) => {
      entry.bytes = response ? (await response.body().catch(() => Buffer.alloc(0))).length : 0;
      entry.done = true;
    });
  });
  return seen;
}

try {
  console.log('| customers | seed (import, 1,000 a request) | first full read: rows painted | later open, 10 changes waiting: first rows painted | later open: changes applied after the rows | one rename: requests, bytes after the save | teammate\'s rename visible | search keystroke → painted (p50) | export |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const backend = await startBackend(origin);
    const t0 = performance.now();
    for (let from = 0; from < size; from += 1000) {
      const customers = Array.from({ length: Math.min(1000, size - from) }, (_, k) => customer(from + k + 1));
      const r = await backend.api(backend.tokens.admin, 'POST', '/api/customers/import', { customers, subscriptions: [] });
      if (r.status !== 201) throw new Error(`import ${r.status}`);
    }
    const seed = performance.now() - t0;
    const context = await browser.newContext({ acceptDownloads: true });
    await pointAt(context, backend);

    // First full read: from nothing to every row listed.
    let page = await context.newPage();
    let start = Date.now();
    await page.goto(`${origin}/customers`);
    await page.getByText(showing(size)).waitFor({ timeout: 600_000 });
    const firstRead = Date.now() - start;
    await page.close();

    // A later open, 10 renames by a teammate waiting in the feed.
    for (let k = 1; k <= 10; k += 1) await renameOnServer(backend, customer(k * 7).id, `Renamed Meanwhile ${k}`);
    page = await context.newPage();
    start = Date.now();
    await page.goto(`${origin}/customers`);
    await page.locator('table.customers tr.row').first().waitFor();
    const laterRows = Date.now() - start;
    await page.waitForFunction(() => performance.getEntriesByName('clientele:synced').length > 0, null, { polling: 20 });
    // From the list shown (as the replica had it) to the 10 changes in it: 0 when they were
    // merged before the list was read.
    const applied = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0].startTime;
      return Math.max(0, at('clientele:synced') - at('clientele:listed-all'));
    });

    // Search keystrokes on the loaded list.
    const input = page.getByRole('searchbox', { name: 'Search customers' });
    const samples = [];
    for (const q of ['c', 'co', 'con', 'cont', 'conto', 'contoso', '台', '台灣', 'soci', 'société']) {
      samples.push(await input.evaluate((el, q) => new Promise((resolve) => {
        const t = performance.now();
        el.value = q;
        el.dispatchEvent(new InputEvent('input', { bubbles: true }));
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t)));
      }), q));
    }
    samples.sort((a, b) => a - b);
    await input.fill('');

    // The export, from the replica.
    await page.waitForTimeout(400);
    const e0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export customers' }).click()]);
    const exported = Date.now() - e0;
    const bytes = (await stat(await download.path())).size;

    // One rename through the account page, counted from the save (just after a poll).
    const target = customer(Math.ceil(size / 2));
    await page.goto(`${origin}/customers/${target.id}`);
    await page.getByRole('button', { name: 'Update company name' }).click();
    await page.getByRole('textbox', { name: 'Company name', exact: true }).fill('Renamed In The Benchmark');
    await page.waitForResponse((r) => r.url().startsWith(`${backend.url}/api/changes`), { timeout: 20_000 });
    const seen = recordRequests(page, backend);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Renamed In The Benchmark', level: 1 }).waitFor();
    await page.waitForTimeout(300);
    const renameRequests = seen.length;
    const renameBytes = seen.reduce((sum, r) => sum + r.bytes, 0);

    // A teammate's rename, seen in this open tab without a reload.
    await page.goto(`${origin}/customers`);
    await page.getByText(showing(size)).waitFor();
    await input.fill('Teammate Renamed');
    await renameOnServer(backend, customer(3).id, 'Teammate Renamed');
    const t1 = Date.now();
    await page.getByRole('row', { name: /Teammate Renamed/ }).waitFor({ timeout: 30_000 });
    const teammate = Date.now() - t1;

    console.log(`| ${size.toLocaleString('en')} | ${ms(seed)} | ${ms(firstRead)} | ${ms(laterRows)} | ${ms(applied)} | ${renameRequests}, ${renameBytes.toLocaleString('en')} B | ${ms(teammate)} | ${samples[Math.floor(samples.length / 2)].toFixed(1)} ms | ${ms(exported)}, ${(bytes / 1e6).toFixed(2)} MB |`);
    await context.close();
    await backend.close();
  }
} finally {
  await browser.close();
  server.kill();
}
