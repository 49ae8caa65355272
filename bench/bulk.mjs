// Benchmark of a bulk action on the book in IndexedDB (issue 16): loads a sample into the
// built app, selects every customer ("Select all shown"), adds a tag to all of them with
// "Add tag" (one change) and prints how long the write took (the app's User Timing marks:
// clientele:apply → committed → listed), then the same for removing the tag, and sorting
// the whole list by Tags and by Company name (click → rows shown). Run: node bench/bulk.mjs
// after trunk build --release. Figures go to BENCHMARKS.md by hand. BENCH_PROFILE=1 prints a
// CPU profile of the "Add tag" (on a build with names: CLIENTELE_KEEP_NAMES=1, see profile.mjs).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs } from '../playwright.config.js';
import { openWithSample } from './sample.mjs';
import { report } from './cpu-profile.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4182);
const SIZES = (process.env.BENCH_SIZES ?? '10000').split(',').map(Number);

const server = spawn('node', ['tests/e2e/static-server.mjs', process.env.BENCH_DIST ?? 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
const ms = (x) => `${x.toFixed(0)} ms`;
const markAt = (page, name) =>
  page.evaluate((name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null, name);

async function bulk(page, button, notice) {
  const bar = page.getByRole('region', { name: 'Selected customers' });
  await bar.getByRole('combobox', { name: 'Tag' }).fill('Benchmark');
  await bar.getByRole('button', { name: button }).click();
  await page.getByText(notice).first().waitFor({ timeout: 120_000 });
  const [a, c, l] = await Promise.all(['clientele:apply', 'clientele:committed', 'clientele:listed'].map((m) => markAt(page, m)));
  return [c - a, l - a];
}

async function sortBy(page, column, direction) {
  const header = page.getByRole('columnheader', { name: column });
  const t0 = await page.evaluate(() => performance.now());
  await header.getByRole('button').click();
  await page.waitForFunction(
    ([name, d]) => [...document.querySelectorAll('th')].some((th) => th.textContent.includes(name) && th.getAttribute('aria-sort') === d),
    [column, direction],
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  return (await page.evaluate(() => performance.now())) - t0;
}

try {
  console.log(`Chromium ${browser.version()}\n`);
  console.log('| customers | add tag to all: committed | → list updated | remove tag from all: committed | → list updated | sort by Tags (first: keys) | sort by Company name desc |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const { context, page } = await openWithSample(browser, `http://127.0.0.1:${PORT}`, size);
    const n = size.toLocaleString('en');
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    const cdp = process.env.BENCH_PROFILE && (await context.newCDPSession(page));
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const [addC, addL] = await bulk(page, 'Add tag', `added to ${n} customers`);
    if (cdp) report((await cdp.send('Profiler.stop')).profile);
    const [remC, remL] = await bulk(page, 'Remove tag', `removed from ${n} customers`);
    const tags = await sortBy(page, 'Tags', 'ascending');
    await sortBy(page, 'Company name', 'ascending');
    const name = await sortBy(page, 'Company name', 'descending');
    console.log(`| ${n} | ${ms(addC)} | ${ms(addL)} | ${ms(remC)} | ${ms(remL)} | ${ms(tags)} | ${ms(name)} |`);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
