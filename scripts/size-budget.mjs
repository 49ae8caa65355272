// The first visit's size budget (issue 17): the gzip size of every file a first visit to
// /customers downloads, read from the built dist/, fails above BUDGET. Size is deterministic,
// so this is an assertion, unlike a timing.
//
// What a first visit downloads: index.html; every file it names (the stylesheet, the JS glue,
// the chunk loader wasm-split-*.js, the main wasm, the manifest and icons); and sw.js, which
// the app registers at start. The pages' chunks (chunks/*.wasm) load when a page first opens;
// they and the other languages are precached by the service worker after the page is usable,
// and are not counted. Each file is gzipped at level 9, as a host that serves
// precompressed files does (an on-the-fly gzip at level 6 is a few per cent larger).
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
// pages' chunks; first load 239,883 B.
const BUDGET = 242_000;

const args = process.argv.slice(2);
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget') ?? 'dist';
const budgetArg = args.indexOf('--budget');
const budget = budgetArg >= 0 ? Number(args[budgetArg + 1]) : BUDGET;

const html = await readFile(join(dist, 'index.html'), 'utf8');
// Local files the page names: attributes (href=, src=) and the bootstrap's imports and wasm path.
const named = new Set(['index.html', 'sw.js']);
for (const [, path] of html.matchAll(/(?:^|[\s=("'`,:])\.\/([^\s"'`>)?#]+)/g)) named.add(normalize(path));

const rows = [];
for (const name of [...named].sort()) {
  const bytes = await readFile(join(dist, name));
  rows.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}
const total = rows.reduce((sum, r) => sum + r.gzip, 0);
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.raw).padStart(9)} B raw  ${String(r.gzip).padStart(8)} B gzip`);
console.log(`first load of /customers: ${total} B gzip (${(total / 1024).toFixed(1)} KiB), budget ${budget} B`);
if (!(total <= budget)) {
  console.error(`size budget exceeded by ${total - budget} B: cut the first load, or raise BUDGET in scripts/size-budget.mjs and say why in BENCHMARKS.md`);
  process.exit(1);
}
