// A CPU profile of a later open against the reference server (CDP `Profiler`): the functions
// with the most self time, and the time under a few callers. Build with the names kept:
//   CLIENTELE_KEEP_NAMES=1 trunk build --release --dist dist-profile
//   BENCH_DIST=dist-profile BENCH_SIZE=100000 \
//     CLIENTELE_SERVER=target/release/clientele-server node bench/profile.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs } from '../playwright.config.js';
import { startBackend } from '../tests/e2e/backend.js';
import { customer } from './customers.mjs';
import { report } from './cpu-profile.mjs';

const SIZE = Number(process.env.BENCH_SIZE ?? 100000);
const DIST = process.env.BENCH_DIST ?? 'dist-profile';
const TOP = Number(process.env.BENCH_TOP ?? 40);
const PORT = 4189;
const origin = `http://127.0.0.1:${PORT}`;
const server = spawn('node', ['tests/e2e/static-server.mjs', DIST, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
const showing = `Showing ${SIZE.toLocaleString('en')} of ${SIZE.toLocaleString('en')} customers`;
try {
  const backend = await startBackend(origin);
  for (let from = 0; from < SIZE; from += 1000) {
    const customers = Array.from({ length: Math.min(1000, SIZE - from) }, (_, k) => customer(from + k + 1));
    const r = await backend.api(backend.tokens.admin, 'POST', '/api/customers/import', { customers, subscriptions: [] });
    if (r.status !== 201) throw new Error(`import ${r.status}`);
  }
  const context = await browser.newContext();
  await context.addInitScript(({ url, token }) => {
    localStorage.setItem('clientele.storage', JSON.stringify({ kind: 'server', url, token }));
  }, { url: backend.url, token: backend.tokens.admin });
  let page = await context.newPage();
  await page.goto(`${origin}/customers`);
  await page.getByText(showing).waitFor({ timeout: 600_000 });
  await page.close();
  for (let k = 1; k <= 10; k += 1) {
    const id = customer(k * 7).id;
    const now = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${id}`);
    await backend.api(backend.tokens.admin, 'PATCH', `/api/customers/${id}`, { company_name: `Renamed ${k}` }, { 'if-match': now.etag });
  }
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const start = Date.now();
  await page.goto(`${origin}/customers`);
  await page.locator('table.customers tr.row').first().waitFor();
  const rows = Date.now() - start;
  await page.waitForFunction(() => performance.getEntriesByName('clientele:synced').length > 0, null, { polling: 20 });
  const { profile } = await cdp.send('Profiler.stop');
  const marks = await page.evaluate(() => performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('clientele:')).map((m) => `${m.name.slice(10)} ${Math.round(m.startTime)}`).join(' · '));
  console.log(`first rows ${rows} ms | ${marks}`);
  report(profile, TOP);
  await backend.close();
} finally {
  await browser.close();
  server.kill();
}
