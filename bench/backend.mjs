// Benchmark: the app pointed at the reference server (a real clientele-server process on a
// fresh SQLite file) with 1k, 10k and 100k customers. Prints the seeding rate, time to the
// first rows and to the whole list (read page by page, 500 a request), a search keystroke on
// the loaded list, and the export. Run: scripts/bench-backend. Figures go to BENCHMARKS.md.
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
try {
  console.log('| customers | seed (import, 1,000 a request) | first rows painted | whole list read | search keystroke → painted (p50) | export |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const backend = await startBackend(origin);
    const t0 = performance.now();
    for (let from = 0; from < size; from += 1000) {
      const customers = Array.from({ length: Math.min(1000, size - from) }, (_, k) => customer(from + k + 1));
      const r = await backend.api(backend.tokens.admin, 'POST', '/api/customers/import', { customers, subscriptions: [] });
      if (r.status !== 201) throw new Error(`import ${r.status}`);
    }
    const seed = performance.now() - t0;
    const page = await browser.newPage({ acceptDownloads: true });
    await page.addInitScript(({ url, token }) => {
      localStorage.setItem('clientele.storage', JSON.stringify({ kind: 'server', url, token }));
    }, { url: backend.url, token: backend.tokens.admin });
    const start = Date.now();
    await page.goto(`${origin}/customers`);
    await page.locator('table.customers tr.row').first().waitFor();
    const firstRows = Date.now() - start;
    await page.waitForFunction(() => !/Loading customers/.test(document.querySelector('.backend-status')?.textContent ?? ''), null, { timeout: 600_000, polling: 50 });
    await page.locator('table.customers tr.row').first().waitFor();
    const whole = Date.now() - start;
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
    await page.waitForTimeout(400);
    const e0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export customers' }).click()]);
    const exported = Date.now() - e0;
    const bytes = (await stat(await download.path())).size;
    console.log(`| ${size.toLocaleString('en')} | ${ms(seed)} | ${ms(firstRows)} | ${ms(whole)} | ${samples[Math.floor(samples.length / 2)].toFixed(1)} ms | ${ms(exported)}, ${(bytes / 1e6).toFixed(2)} MB |`);
    await page.close();
    await backend.close();
  }
} finally {
  await browser.close();
  server.kill();
}
