// Profile of a later open against the reference server, for one build or several compared
// under the same load: each build (a dist directory, served on its own origin, so with its
// own replica) reads the book once in full; then, RUNS times, 10 teammates' renames are made
// and each build is opened in turn. Prints each open's time to the first rows (painted, by the
// page's clock from the navigation start; and seen by Playwright, from the goto) and its User
// Timing marks (`clientele:*`) from the navigation start, so the time can be split into parts.
// Run: BENCH_DISTS=dist,dist-before BENCH_SIZE=100000 \
//   CLIENTELE_SERVER=target/release/clientele-server node bench/later-open.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs } from '../playwright.config.js';
import { startBackend } from '../tests/e2e/backend.js';
import { customer } from './customers.mjs';

const SIZE = Number(process.env.BENCH_SIZE ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DISTS = (process.env.BENCH_DISTS ?? 'dist').split(',');
const showing = (n) => `Showing ${n.toLocaleString('en')} of ${n.toLocaleString('en')} customers`;
const builds = DISTS.map((dist, k) => {
  const port = 4185 + k;
  const server = spawn('node', ['tests/e2e/static-server.mjs', dist, String(port)], { stdio: 'ignore' });
  return { dist, origin: `http://127.0.0.1:${port}`, server, rows: [] };
});
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });

try {
  const backend = await startBackend(builds[0].origin, builds.map((b) => b.origin));
  for (let from = 0; from < SIZE; from += 1000) {
    const customers = Array.from({ length: Math.min(1000, SIZE - from) }, (_, k) => customer(from + k + 1));
    const r = await backend.api(backend.tokens.admin, 'POST', '/api/customers/import', { customers, subscriptions: [] });
    if (r.status !== 201) throw new Error(`import ${r.status}`);
  }
  for (const b of builds) {
    b.context = await browser.newContext();
    b.painted = [];
    await b.context.addInitScript(({ url, token }) => {
      localStorage.setItem('clientele.storage', JSON.stringify({ kind: 'server', url, token }));
      // When the first rows paint, by the page's own clock: the animation frame after they are
      // in the DOM (the frame that paints them). Playwright sees them only once the main
      // thread is free again, later.
      new MutationObserver((_, observer) => {
        if (document.querySelector('table.customers tr.row')) {
          observer.disconnect();
          performance.mark('bench:rows-in-dom');
          requestAnimationFrame(() => performance.mark('bench:rows-painted'));
        }
      }).observe(document, { childList: true, subtree: true });
    }, { url: backend.url, token: backend.tokens.admin });
    const page = await b.context.newPage();
    await page.goto(`${b.origin}/customers`);
    await page.getByText(showing(SIZE)).waitFor({ timeout: 600_000 });
    await page.close();
  }
  for (let run = 1; run <= RUNS; run += 1) {
    for (let k = 1; k <= 10; k += 1) {
      const id = customer(k * 7 + run).id;
      const now = await backend.api(backend.tokens.admin, 'GET', `/api/customers/${id}`);
      await backend.api(backend.tokens.admin, 'PATCH', `/api/customers/${id}`, { company_name: `Renamed ${run}.${k}` }, { 'if-match': now.etag });
    }
    // Alternate which build goes first, so neither always opens on the warmer machine.
    const order = run % 2 ? builds : [...builds].reverse();
    for (const b of order) {
      const page = await b.context.newPage();
      const start = Date.now();
      await page.goto(`${b.origin}/customers`);
      await page.locator('table.customers tr.row').first().waitFor();
      const rows = Date.now() - start;
      b.rows.push(rows);
      await page.waitForFunction(() => performance.getEntriesByName('clientele:synced').length > 0, null, { polling: 20 });
      const marks = await page.evaluate(() => {
        const out = {};
        for (const m of performance.getEntriesByType('mark')) {
          const name = m.name.replace(/^(clientele|bench):/, '');
          if (name !== m.name && !(name in out)) out[name] = m.startTime;
        }
        return out;
      });
      b.painted.push(Math.round(marks['rows-painted']));
      const parts = Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${Math.round(v)}`);
      console.log(`run ${run} ${b.dist}: first rows seen ${rows} ms | ${parts.join(' · ')}`);
      await page.close();
    }
  }
  const summary = (list) => {
    const sorted = [...list].sort((x, y) => x - y);
    return `${sorted[Math.floor(RUNS / 2)]} ms (min ${sorted[0]}, max ${sorted[RUNS - 1]})`;
  };
  for (const b of builds) {
    console.log(`${b.dist}: median of ${RUNS}: first rows painted ${summary(b.painted)} after navigation; seen by Playwright ${summary(b.rows)} after goto`);
    await b.context.close();
  }
  await backend.close();
} finally {
  await browser.close();
  for (const b of builds) b.server.kill();
}
