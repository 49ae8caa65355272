// Benchmark of "Import customers" in the built app: a 100,000-row Partner Center-style
// file picked on /customers/import (memory store, or BENCH_STORE=indexeddb for the browser's
// default IndexedDB; empty book), timed from the pick to the
// counts shown, with every main-thread task over 50 ms recorded (PerformanceObserver
// "longtask"), then the import itself ("Import 100,000 customers" → result shown).
// The whole run, file pick → result shown, is timed too.
// Run: node bench/import.mjs after trunk build --release. Figures go to BENCHMARKS.md.
// BENCH_ROWS=10000 for fewer rows; BENCH_WRITE=0 to stop at the preview; BENCH_DIST=dir for
// another build; BENCH_PROFILE=file.cpuprofile writes a CPU profile of the whole run (Chrome
// DevTools Protocol Profiler: open it in DevTools' Performance panel). A profile names
// functions only on a build that keeps them: index.html with data-wasm-opt="0"
// data-keep-debug, built with CARGO_PROFILE_RELEASE_DEBUG=true.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../playwright.config.js';

const PORT = Number(process.env.BENCH_PORT ?? 4183);
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const DIST = process.env.BENCH_DIST ?? 'dist';
const PROFILE = process.env.BENCH_PROFILE;
const STORE = process.env.BENCH_STORE ?? 'memory';

// Its errors shown, and the run stopped if it ends: a port still held by an earlier server
// would otherwise serve that server's build.
const server = spawn('node', ['tests/e2e/static-server.mjs', DIST, String(PORT)], { stdio: ['ignore', 'ignore', 'inherit'] });
server.on('exit', (code) => {
  if (code) {
    console.error(`the static server stopped (${code}): is port ${PORT} taken?`);
    process.exit(1);
  }
});
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });

const lines = ['Company name,Primary domain name,Microsoft ID,Relationship,Tags'];
// Microsoft IDs as Partner Center's are: random, so spread over the browser store's buckets
// (keyed by their first hex digits). BENCH_IDS=shared-prefix gives them all the same first
// digits, which put them all in one bucket (the case that found a quadratic write).
const SHARED = process.env.BENCH_IDS === 'shared-prefix';
const hex = (n, width) => n.toString(16).padStart(width, '0').slice(-width);
let seed = 0x9e3779b9;
const random32 = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
for (let i = 0; i < ROWS; i++) {
  const id = SHARED
    ? `cccccccc-0000-4000-8000-${hex(i, 12)}`
    : `${hex(random32(), 8)}-${hex(random32(), 4)}-4${hex(random32(), 3)}-8${hex(random32(), 3)}-${hex(random32(), 4)}${hex(i, 8)}`;
  lines.push(`Société ${i} Conseil SARL,societe-${i}.example,${id},Cloud Reseller,tag${i % 7}`);
}
const file = Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n');
// From a path, as a person picks it: a buffer would be decoded from base64 by a script in
// the page, a long task of Playwright's own.
const path = join(tmpdir(), 'clientele-bench-Customers.csv');
await writeFile(path, file);

const fmt = (xs) => (xs.length ? `${xs.length} (longest ${Math.max(...xs).toFixed(0)} ms)` : '0');

try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/customers/import${STORE === 'memory' ? '?storage=memory' : ''}`);
  await page.getByLabel('Customer file').waitFor();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  let cdp;
  if (PROFILE) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.getByLabel('Customer file').setInputFiles(path);
  await page.getByText(ROWS.toLocaleString('en-US'), { exact: true }).first().waitFor({ timeout: 120_000 });
  const planned = Date.now() - t0;
  const long = await page.evaluate(() => window.__long.splice(0));
  console.log(`Chromium ${browser.version()}, ${ROWS} rows, ${(file.length / 1e6).toFixed(1)} MB\n`);
  console.log('| step | time | main-thread tasks over 50 ms |');
  console.log('|---|---:|---|');
  console.log(`| pick → counts shown (read, check, preview) | ${planned} ms | ${fmt(long)} |`);
  if (process.env.BENCH_WRITE !== '0') await write(page, t0, cdp);
} finally {
  await browser.close();
  server.kill();
}

async function write(page, t0, cdp) {
  const clickAt = await page.evaluate(() => performance.now());
  const t1 = Date.now();
  await page.getByRole('button', { name: `Import ${ROWS.toLocaleString('en-US')} customers` }).click({ timeout: 300_000 });
  await page.getByRole('heading', { name: 'Import done' }).waitFor({ timeout: 300_000 });
  const written = Date.now() - t1;
  const total = Date.now() - t0;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(PROFILE, JSON.stringify(profile));
  }
  const longWrite = await page.evaluate(() => window.__long.splice(0));
  const marks = await page.evaluate(() =>
    ['clientele:apply', 'clientele:committed', 'clientele:listed'].map((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN),
  );
  const [apply, committed, listed] = marks.map((m) => (m - clickAt).toFixed(0));
  console.log(`| "Import ${ROWS} customers" → result shown (${STORE} store) | ${written} ms | ${fmt(longWrite)} |`);
  console.log(`| file pick → result shown (both steps and the click between) | ${total} ms | |`);
  console.log(`\nafter the click: apply starts at ${apply} ms, store committed at ${committed} ms, list updated at ${listed} ms`);
}
