// What a first visit to /customers transfers in all, the service worker's precache included
// (issue 17): a counting proxy in front of the gzip static server records every response's
// bytes on the wire, the page opens in Chromium, and the count stops once the service worker
// is active and the network is quiet. Prints the total and every file downloaded twice.
// Usage: node bench/first-visit.mjs [dist]   (build first: trunk build --release)
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.js';

const dist = process.argv[2] ?? 'dist';
const upstreamPort = 4391;
const port = 4392;
const server = spawn('node', ['tests/e2e/static-server.mjs', dist, String(upstreamPort), '--gzip'], { stdio: 'inherit' });
const sent = [];
const proxy = createServer((req, res) => {
  const forward = request({ host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    let bytes = 0;
    up.on('data', (chunk) => {
      bytes += chunk.length;
      res.write(chunk);
    });
    up.on('end', () => {
      sent.push({ path: new URL(req.url, 'http://x').pathname, status: up.statusCode, bytes });
      res.end();
    });
  });
  req.pipe(forward);
});
await new Promise((resolve) => proxy.listen(port, '127.0.0.1', resolve));
await new Promise((resolve) => setTimeout(resolve, 500));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/customers`);
  await page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$|^No customers yet/).first().waitFor({ timeout: 30_000 });
  const firstPaint = sent.reduce((sum, r) => sum + r.bytes, 0);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', null, { timeout: 30_000 });
  // Quiet: no new response for a second.
  for (let seen = -1; seen !== sent.length; ) {
    seen = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const total = sent.reduce((sum, r) => sum + r.bytes, 0);
  const times = new Map();
  for (const r of sent) times.set(r.path, [...(times.get(r.path) ?? []), r.bytes]);
  const twice = [...times].filter(([, list]) => list.length > 1);
  console.log(`first visit to /customers: ${firstPaint.toLocaleString('en')} B on the wire until the list shows`);
  console.log(`with the service worker's precache: ${total.toLocaleString('en')} B in ${sent.length} responses`);
  console.log(`downloaded more than once: ${twice.length} file(s), ${twice.reduce((s, [, l]) => s + l.slice(1).reduce((a, b) => a + b, 0), 0).toLocaleString('en')} B again`);
  for (const [path, list] of twice) console.log(`  ${path}: ${list.map((b) => b.toLocaleString('en')).join(' + ')} B`);
} finally {
  await browser.close();
  proxy.close();
  server.kill();
}
