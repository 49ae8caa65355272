// Benchmark of the browser book in IndexedDB: loads 10k and 100k sample customers into the
// built app (kept in IndexedDB), then reloads and prints what a person waits for: cold start
// to first rows painted and to the whole list searchable, one rename committed and shown in
// the list (the app's User Timing marks: clientele:apply → committed → listed), and the wasm
// memory in use. Run: node bench/idb.mjs after trunk build --release (scripts/bench does
// both). Figures go to BENCHMARKS.md by hand.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs } from '../playwright.config.js';
import { openWithSample } from './sample.mjs';

const PORT = 4181;
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const RENAMES = 5;

const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
const ms = (x) => `${x.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records, relative to the navigation's start, when the first row is in the DOM and the
// frame after it is painted.
const watchFirstRows = () => {
  const seen = () => {
    if (document.querySelector('table.customers tr.row')) {
      const inDom = performance.now();
      requestAnimationFrame(() => setTimeout(() => (window.__firstRows = { inDom, painted: performance.now() })));
      return true;
    }
    return false;
  };
  new MutationObserver((_, o) => seen() && o.disconnect()).observe(document, { childList: true, subtree: true });
};

const markAt = (page, name) =>
  page.evaluate((name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null, name);

try {
  console.log(`Chromium ${browser.version()}\n`);
  console.log('| customers | sample loaded and stored | cold start → first rows painted | cold start → whole list searchable | rename committed (median of 5) | rename → list updated (median) | wasm memory after load |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const { context, page, loadMs } = await openWithSample(browser, `http://127.0.0.1:${PORT}`, size);

    await page.addInitScript(watchFirstRows);
    await page.reload();
    await page.waitForFunction(() => window.__firstRows, null, { timeout: 120_000 });
    const first = await page.evaluate(() => window.__firstRows.painted);
    const searchable = await markAt(page, 'clientele:listed-all');
    const memory = await page.evaluate(() => window.wasmBindings?.wasm_memory_bytes?.() ?? null);
    const steps = await page.evaluate(() =>
      ['clientele:idb-read', 'clientele:idb-parsed', 'clientele:read', 'clientele:listed-all']
        .map((m) => `${m.replace('clientele:', '')} ${performance.getEntriesByName(m)[0]?.startTime.toFixed(0)}`)
        .join(', '),
    );
    console.error(`  ${size}: ${steps} ms after navigation start`);

    const id = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('clientele');
          open.onsuccess = () => {
            // Customers are kept in buckets, each the UTF-8 bytes of a JSON array of records,
            // each packed as an array: revision, then ID (crates/domain/src/bucket.rs).
            const req = open.result.transaction('customers').objectStore('customers').getAll(null, 1);
            req.onsuccess = () => resolve(JSON.parse(new TextDecoder().decode(req.result[0]))[0][1]);
          };
        }),
    );
    await page.goto(`http://127.0.0.1:${PORT}/customers/${id}`);
    const committed = [];
    const listed = [];
    for (let i = 0; i < RENAMES; i++) {
      await page.getByRole('button', { name: 'Update company name' }).click();
      const name = `Benchmark Renamed ${i} Ltd`;
      await page.getByRole('textbox', { name: 'Company name' }).fill(name);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const [a, c, l] = await Promise.all(['clientele:apply', 'clientele:committed', 'clientele:listed'].map((m) => markAt(page, m)));
      committed.push(c - a);
      listed.push(l - a);
    }
    console.log(
      `| ${size.toLocaleString('en')} | ${(loadMs / 1000).toFixed(1)} s | ${ms(first)} | ${ms(searchable)} | ${ms(median(committed))} | ${ms(median(listed))} | ${memory ? `${(memory / 1e6).toFixed(0)} MB` : 'n/a'} |`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
