import { chromium } from '@playwright/test';
import { chromiumArgs } from './playwright.config.js';
import { spawn } from 'node:child_process';
const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', '4184'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const p = await b.newPage();
await p.goto('http://127.0.0.1:4184/customers?storage=memory');
await p.getByRole('combobox', { name: 'Sample size' }).selectOption('100000');
await p.getByRole('button', { name: 'Load sample customers' }).click();
await p.waitForTimeout(3000);
const input = p.getByRole('searchbox', { name: 'Search customers' });
await b.startTracing(p, { categories: ['devtools.timeline'] });
const qs = ['m','mi','mic','micr','micro','a','ab','e','en','ent','gmbh','soci'];
for (const q of qs) {
  await input.evaluate((el, q) => new Promise((resolve) => {
    el.value = q; el.dispatchEvent(new InputEvent('input', { bubbles: true }));
    requestAnimationFrame(() => setTimeout(resolve, 20));
  }), q);
}
const trace = JSON.parse((await b.stopTracing()).toString());
const agg = {};
for (const e of trace.traceEvents) {
  if (e.ph === 'X' && e.dur && ['FunctionCall','Layout','Paint','UpdateLayoutTree','PrePaint','EventDispatch','RunMicrotasks'].includes(e.name)) { agg[e.name] = (agg[e.name] || 0) + e.dur / 1000; }
}
console.log(Object.entries(agg).sort((a,b)=>b[1]-a[1]).map(([k,v])=>`${k}: ${(v/qs.length).toFixed(2)} ms/keystroke`).join('\n'));
await b.close(); server.kill();
