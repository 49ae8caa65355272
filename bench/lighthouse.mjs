// Lighthouse 12.2.3 (npm, pinned) on the built dist/, served with gzip as a real host serves
// it: /customers with an empty book and with the 10,000-customer sample in IndexedDB, and
// /customers/new, each with the mobile and the desktop preset. Prints the scores and metrics
// as a Markdown table for BENCHMARKS.md.
//
// The 10k case: a first visit of the app's files to a browser whose IndexedDB already holds
// the sample (loaded beforehand in the same profile; the service worker, its caches and the
// HTTP cache are then cleared, so the code is downloaded as on a first visit).
// Run: scripts/bench (builds dist/ first), or `node bench/lighthouse.mjs` on a built dist/.
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.BENCH_PORT ?? 4181);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CHROME = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];

// DIST names another build to compare with (a "before").
const server = spawn('node', ['tests/e2e/static-server.mjs', process.env.DIST ?? 'dist', String(PORT), '--gzip'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

/** Loads the 10k sample into the profile's IndexedDB, then clears all but IndexedDB. */
async function seedSample(port) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await browser.contexts()[0].newPage();
  await page.goto(`${ORIGIN}/customers`);
  await page.getByRole('combobox', { name: 'Sample size' }).selectOption('10000');
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await page.getByText('Showing 10,000 of 10,000 customers').waitFor({ timeout: 120_000 });
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await page.close();
  await browser.close();
}

const ms = (audit) => `${(audit.numericValue / 1000).toFixed(2)} s`;
const rows = [];
async function run(name, path, preset, seeded) {
  const profile = await mkdtemp(join(tmpdir(), 'clientele-lh-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS, userDataDir: profile });
  try {
    if (seeded) await seedSample(chrome.port);
    const result = await lighthouse(
      `${ORIGIN}${path}`,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        disableStorageReset: seeded,
      },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    const { categories: c, audits: a } = result.lhr;
    const score = (x) => Math.round(x.score * 100);
    rows.push(
      `| ${name} | ${preset} | ${score(c.performance)} | ${score(c.accessibility)} | ${score(c['best-practices'])} | ` +
        `${ms(a['first-contentful-paint'])} | ${ms(a['largest-contentful-paint'])} | ${ms(a.interactive)} | ` +
        `${Math.round(a['total-blocking-time'].numericValue)} ms | ${a['cumulative-layout-shift'].numericValue.toFixed(3)} | ` +
        `${(a['total-byte-weight'].numericValue / 1024).toFixed(0)} KiB |`,
    );
    const failed = [...c.accessibility.auditRefs, ...c['best-practices'].auditRefs]
      .filter((r) => r.weight > 0)
      .map((r) => a[r.id])
      .filter((x) => x.score !== null && x.score < 1);
    for (const f of failed) console.error(`${name} ${preset}: ${f.id}: ${f.title}`);
  } finally {
    await chrome.kill();
    await rm(profile, { recursive: true, force: true });
  }
}

try {
  for (const preset of ['mobile', 'desktop']) {
    await run('/customers, empty', '/customers', preset, false);
    await run('/customers, 10k sample', '/customers', preset, true);
    await run('/customers/new', '/customers/new', preset, false);
  }
  console.log('| page | preset | performance | accessibility | best practices | FCP | LCP | TTI | TBT | CLS | transfer |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
} finally {
  server.kill();
}
