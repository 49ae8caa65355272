// Benchmark: loads 1k, 10k and 100k generated customers into the built app in headless
// Chromium and prints what a person feels: time to first rendered table, search keystroke to
// painted result (median, p95), CSV export time and size; then the wasm size raw and gzip.
// Run: scripts/bench (builds dist/ first). Figures go to BENCHMARKS.md by hand.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { chromiumArgs } from '../playwright.config.js';

const PORT = 4180;
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const KEYSTROKES = ['m', 'mi', 'mic', 'micr', 'micro', 'micros', 'microso', 'microsof', 'microsoft', 'e', 'en', 'ent', 'gmbh', 'soci', 'société', '台', '台灣', 'contoso', 'a', 'ab'];
const ROUNDS = 5;

const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (x) => `${x.toFixed(1)} ms`;

try {
  console.log(`Chromium ${browser.version()}, ${ROUNDS}×${KEYSTROKES.length} keystrokes per size\n`);
  console.log('| customers | first table (load sample → rows painted) | search: input → DOM updated, p50 / p95 | search: input → next frame painted, p50 / p95 | export time | export size |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`http://127.0.0.1:${PORT}/customers?storage=memory`);
    await page.getByRole('combobox', { name: 'Sample size' }).selectOption(String(size));
    const firstTable = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const t0 = performance.now();
          document.querySelector('.empty-state button').click();
          const check = () => {
            if (document.querySelector('table.customers tr.row')) {
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
            } else requestAnimationFrame(check);
          };
          check();
        }),
    );
    const input = page.getByRole('searchbox', { name: 'Search customers' });
    const samples = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of KEYSTROKES) {
        samples.push(
          await input.evaluate(
            (el, q) =>
              new Promise((resolve) => {
                const t0 = performance.now();
                el.value = q;
                el.dispatchEvent(new InputEvent('input', { bubbles: true }));
                // A task runs after every microtask, so after the app's reactive updates: the
                // DOM is updated. Then the next frame, once painted.
                let updated;
                setTimeout(() => {
                  updated = performance.now() - t0;
                });
                requestAnimationFrame(() => setTimeout(() => resolve([updated, performance.now() - t0])));
              }),
            q,
          ),
        );
      }
      await input.evaluate((el) => {
        el.value = '';
        el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      });
    }
    const updates = samples.map((s) => s[0]).sort((a, b) => a - b);
    const painted = samples.map((s) => s[1]).sort((a, b) => a - b);
    await page.waitForTimeout(400);
    // Click → the CSV blob handed to the download (URL.createObjectURL), timed in the page.
    const [download, exportMs] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(
        () =>
          new Promise((resolve) => {
            const create = URL.createObjectURL;
            let t0;
            URL.createObjectURL = (blob) => {
              resolve(performance.now() - t0);
              URL.createObjectURL = create;
              return create(blob);
            };
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export customers');
            t0 = performance.now();
            button.click();
          }),
      ),
    ]);
    const exportBytes = (await stat(await download.path())).size;
    console.log(
      `| ${size.toLocaleString('en')} | ${ms(firstTable)} | ${ms(percentile(updates, 50))} / ${ms(percentile(updates, 95))} | ${ms(percentile(painted, 50))} / ${ms(percentile(painted, 95))} | ${ms(exportMs)} | ${(exportBytes / 1e6).toFixed(2)} MB |`,
    );
    await page.close();
  }
  const wasm = (await readdir('dist')).find((f) => f.endsWith('.wasm'));
  const js = (await readdir('dist')).find((f) => f.endsWith('.js'));
  const wasmBytes = await readFile(`dist/${wasm}`);
  const jsBytes = await readFile(`dist/${js}`);
  console.log(`\nwasm: ${wasmBytes.length.toLocaleString('en')} B raw, ${gzipSync(wasmBytes, { level: 9 }).length.toLocaleString('en')} B gzip`);
  console.log(`js glue: ${jsBytes.length.toLocaleString('en')} B raw, ${gzipSync(jsBytes, { level: 9 }).length.toLocaleString('en')} B gzip`);
} finally {
  await browser.close();
  server.kill();
}
