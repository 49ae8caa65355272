// The first visit's size budget (issue 17): the gzip size of every file a first visit to
// /customers downloads, read from the built dist/, fails above BUDGET. Size is deterministic,
// so this is an assertion, unlike a timing.
//
// What a first visit downloads: index.html (with the stylesheet and the start script in it);
// every file it names (the main wasm, icons); sw.js, which the app registers once its first
// page is in, the manifest, linked once the worker is active, and the icon the browser then
// fetches. The pages' chunks (chunks/*.wasm) load when a page first opens; they and the other
// languages are precached by the service worker after the page is usable, and are not
// counted. Each file is gzipped at level 9, as a host that serves precompressed files does (an
// on-the-fly gzip at level 6 is a few per cent larger).
//
// Usage: node scripts/size-budget.mjs [dist] [--budget BYTES]
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

// Bytes, gzip. Set a little above what the build reaches now (BENCHMARKS.md, "First load"),
// so a change that adds to the first load must say so here. 630,000: route splitting (every
// page but the list in a chunk of its own, issue 17) brought the first load from 972,402 to
// 624,734 B; this leaves 0.8% for small changes.
// 645,000: the list tools merged after it add 15 KB to the list itself (BENCHMARKS.md).
// 540,000: the server backend, the list's export and bulk actions in chunks of their own, the
// JS minified (branch size2: 640,761 -> 536,697 B; 0.6% left for small changes).
// 543,000: merged with main's faster later open and bulk writes (IndexedDB version 2: the
// packed customer records, read in both forms, and one log record per change), 541,362 B.
// 291,000: a first visit's book is empty, so the customer list (its view, reads, sort and
// search index), the writes, the sample generator and the conflict dialog are chunks fetched
// when needed, and the splitter's 228 shared chunks are merged into three, which shrinks the
// chunk loader (fourth session: 541,362 -> 288,508 B; 0.9% left for small changes).
// 291,000 -> 269,000 (sixth session): the shell's rare parts as chunks, terms lowered in ASCII,
// the wizard's and invitation's English in their chunks; first load 266,539 B.
// 269,000 -> 246,000 (seventh session): the release build compiles the standard library
// with panics that stop at once (scripts/build-wasm); first load 243,869 B. Then 242,000: the
// English of the log, Settings, storage, backup, the import and the removed customers in their
// pages' chunks; first load 239,883 B. Eighth session: the stylesheet, the start script and
// the English texts moved into the page, the manifest linked later; first load 240,064 B
// (the bytes moved, their sum did not change), BUDGET unchanged.
const BUDGET = 242_000;

// The phone's LCP (Lighthouse's mobile preset, which simulates 150 ms round trips at 1.6
// Mbit/s) ends when the main module's download does, and that download is counted in whole
// round trips of at most 21 TCP segments each (BENCHMARKS.md, eighth session). So two more
// budgets, per file:
// - the page within its first two round trips (10 then 20 segments of 1,460 B, less the
//   headers): 43,000 B; the page's texts and scripts are free up to there;
// - the main module within six round trips after its first (20 + 6 * 21 segments, less the
//   headers), which puts the LCP near 1.8 s; a seventh would make it 1.95-2.0 s: 212,500 B.
const FILE_BUDGETS = [
  [/^index\.html$/, 43_000],
  [/^clientele-[0-9a-f]{16}_bg\.wasm$/, 212_500],
];

const args = process.argv.slice(2);
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget') ?? 'dist';
const budgetArg = args.indexOf('--budget');
const budget = budgetArg >= 0 ? Number(args[budgetArg + 1]) : BUDGET;

const html = await readFile(join(dist, 'index.html'), 'utf8');
// The app links the manifest once the service worker is active (src/components/update.rs),
// and the browser then fetches the icon it names for installing.
const named = new Set(['index.html', 'sw.js', 'manifest.webmanifest', 'icons/icon.svg']);
// Local files the page's tags name (href=, src=), and what its inline scripts fetch().
const tags = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, (element) => element.replace(/>[\s\S]*</, '><'));
for (const [, path] of tags.matchAll(/\b(?:href|src)=["']?\.\/([^\s"'>?#]+)/g)) named.add(normalize(path));
for (const [, path] of html.matchAll(/\bfetch\(["'`]\.\/([^"'`?#]+)["'`]/g)) named.add(normalize(path));

const rows = [];
for (const name of [...named].sort()) {
  const bytes = await readFile(join(dist, name));
  rows.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}
const total = rows.reduce((sum, r) => sum + r.gzip, 0);
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.raw).padStart(9)} B raw  ${String(r.gzip).padStart(8)} B gzip`);
console.log(`first load of /customers: ${total} B gzip (${(total / 1024).toFixed(1)} KiB), budget ${budget} B`);
let failed = false;
if (!(total <= budget)) {
  console.error(`size budget exceeded by ${total - budget} B: cut the first load, or raise BUDGET in scripts/size-budget.mjs and say why in BENCHMARKS.md`);
  failed = true;
}
for (const [pattern, limit] of FILE_BUDGETS) {
  const row = rows.find((r) => pattern.test(r.name));
  if (!row) {
    console.error(`no file of the first load matches ${pattern} (FILE_BUDGETS in scripts/size-budget.mjs)`);
    failed = true;
  } else if (!(row.gzip <= limit)) {
    console.error(`${row.name}: ${row.gzip} B gzip, over its budget of ${limit} B by ${row.gzip - limit} B (FILE_BUDGETS: the phone's LCP gains a round trip)`);
    failed = true;
  } else {
    console.log(`${row.name}: ${row.gzip} B gzip, budget ${limit} B`);
  }
}
if (failed) process.exit(1);
