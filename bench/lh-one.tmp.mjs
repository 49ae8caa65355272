import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const PORT = 4191; const ORIGIN = `http://127.0.0.1:${PORT}`;
const server = spawn('node', ['tests/e2e/static-server.mjs', process.env.DIST ?? 'dist', String(PORT), '--gzip'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const path = process.argv[2] ?? '/customers'; const preset = process.argv[3] ?? 'mobile';
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const r = await lighthouse(`${ORIGIN}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, preset === 'desktop' ? desktopConfig : undefined);
  writeFileSync(`/tmp/lh/${preset}.json`, JSON.stringify(r.lhr));
  const a = r.lhr.audits;
  console.log('perf', r.lhr.categories.performance.score, 'FCP', a['first-contentful-paint'].numericValue, 'LCP', a['largest-contentful-paint'].numericValue, 'TBT', a['total-blocking-time'].numericValue, 'SI', a['speed-index'].numericValue, 'TTI', a.interactive.numericValue);
  console.log(JSON.stringify(a['largest-contentful-paint-element'].details?.items?.map(i => i.items ?? i), null, 1).slice(0, 2500));
  for (const q of a['network-requests'].details.items) console.log(q.url.replace(ORIGIN, ''), Math.round(q.networkRequestTime), Math.round(q.networkEndTime), q.transferSize, q.priority);
  console.log(JSON.stringify(a['mainthread-work-breakdown'].details.items));
  console.log(JSON.stringify(a['bootup-time'].details.items));
} finally { await chrome.kill(); server.kill(); }
