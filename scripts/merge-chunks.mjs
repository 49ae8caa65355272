// Merges the splitter's shared chunks into a few files (issue 17; scripts/build-wasm runs it
// after wasm-split-cli and wasm-bindgen, before wasm-opt).
//
// wasm-split-cli 0.2.4 makes one shared chunk per distinct set of lazy parts that need a
// function, which here is over 200 files of a few hundred bytes each: a page opened with up
// to 113 requests, and every chunk's name and integrity made the loader (in the first load)
// 21 KB gzip. Each chunk only imports the main module's memory, table and globals and writes
// its functions and data at fixed places in them, so any set of chunks instantiated together
// is one module: binaryen's wasm-merge joins them, through a hub module that imports those
// once and exports them to the chunks (merged as they are, each chunk would import the memory
// again, and the result would need multi-memory).
//
// The groups: the chunks the customer list needs (a later visit's start), the chunks a write
// needs besides those, and the rest. A lazy part loads the groups it has a chunk in.
//
// Usage: node scripts/merge-chunks.mjs target/clientele-pkg
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leb, readName } from './wasm-binary.mjs';

const dir = process.argv[2] ?? 'target/clientele-pkg';
const binaryen = join(import.meta.dirname, '..', '.tools', 'binaryen', 'node_modules', 'binaryen', 'bin');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-simd', '--enable-reference-types', '--enable-multivalue'];
// The lazy parts whose chunks are grouped on their own, in this order.
const GROUPS = ['customer_list', 'browser_write'];

let js = readFileSync(join(dir, '__wasm_split.js'), 'utf8');

// The splitter's loaders: `const __chunk_N = makeLoad(() => { ... "./chunk_N.wasm" ... }, []);`
// for each shared chunk, and `export const __wasm_split_load_P = wrapAsyncCb(makeLoad(...
// "./split_P.wasm" ..., [__chunk_N, ...]));` for each lazy part.
const chunkBlock = /(?:\/\*[^*]*\*\/\n)?const (__chunk_\d+) = makeLoad\(\(\) => \{[\s\S]*?\n\}\n, \[\]\);\n/g;
const chunkBlocks = [...js.matchAll(chunkBlock)];
const parts = new Map();
for (const m of js.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\([\s\S]*?\n, \[([^\]]*)\]\)\);/g)) {
  parts.set(m[1], m[2].split(',').map((d) => d.trim()).filter(Boolean));
}
if (chunkBlocks.length === 0) {
  console.log('merge-chunks: no shared chunks');
  process.exit(0);
}
for (const m of chunkBlocks) {
  const file = `${m[1].replace('__', '')}.wasm`;
  if (!m[0].includes(`"./${file}"`)) throw new Error(`merge-chunks: ${m[1]} does not load ${file}`);
}
for (const group of GROUPS) if (!parts.has(group)) throw new Error(`merge-chunks: no lazy part ${group}`);

// Each chunk in the first group whose part needs it, else in the last.
const groupOf = new Map();
for (const { 1: chunk } of chunkBlocks) {
  const first = GROUPS.findIndex((g) => parts.get(g).includes(chunk));
  groupOf.set(chunk, first >= 0 ? first : GROUPS.length);
}

// --- the binary: import sections (module name, field, kind and descriptor bytes) ---
function encodeLeb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const encodeName = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from(encodeLeb(b.length)), b]);
};
// Skips an import's descriptor; returns its end.
function skipDescriptor(bytes, kind, pos) {
  const limits = (p) => {
    const [flags, q] = leb(bytes, p);
    let [, r] = leb(bytes, q);
    if (flags & 1) [, r] = leb(bytes, r);
    return r;
  };
  if (kind === 0) return leb(bytes, pos)[1];
  if (kind === 1) return limits(pos + 1);
  if (kind === 2) return limits(pos);
  if (kind === 3) return pos + 2;
  throw new Error(`merge-chunks: import kind ${kind}`);
}
// Rewrites a module's imports from `from` to come from `to`; returns the module and its
// imports ({ field, kind, desc }).
function reroute(bytes, from, to) {
  const imports = [];
  const out = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    const end = start + size;
    if (id !== 2) {
      out.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = leb(bytes, start);
    const entries = [Buffer.from(encodeLeb(count))];
    for (; count > 0; count--) {
      let module;
      let field;
      [module, p] = readName(bytes, p);
      [field, p] = readName(bytes, p);
      const kind = bytes[p];
      const descEnd = skipDescriptor(bytes, kind, p + 1);
      const desc = bytes.subarray(p + 1, descEnd);
      if (module !== from) throw new Error(`merge-chunks: an import from ${module}`);
      imports.push({ field, kind, desc: Buffer.from(desc) });
      entries.push(encodeName(to), encodeName(field), Buffer.from([kind]), desc);
      p = descEnd;
    }
    const body = Buffer.concat(entries);
    out.push(Buffer.from([2, ...encodeLeb(body.length)]), body);
    pos = end;
  }
  return { bytes: Buffer.concat(out), imports };
}

// The hub: imports each of `imports` from the main module once, and exports it by its name.
function hub(imports) {
  const importEntries = [Buffer.from(encodeLeb(imports.length))];
  const exportEntries = [Buffer.from(encodeLeb(imports.length))];
  const counts = [0, 0, 0, 0];
  for (const { field, kind, desc } of imports) {
    importEntries.push(encodeName('__wasm_split'), encodeName(field), Buffer.from([kind]), desc);
    exportEntries.push(encodeName(field), Buffer.from([kind, ...encodeLeb(counts[kind]++)]));
  }
  const section = (id, parts) => {
    const body = Buffer.concat(parts);
    return Buffer.concat([Buffer.from([id, ...encodeLeb(body.length)]), body]);
  };
  return Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), section(2, importEntries), section(7, exportEntries)]);
}

const work = mkdtempSync(join(tmpdir(), 'clientele-merge-'));
const groupFiles = [];
for (let g = 0; g <= GROUPS.length; g++) {
  const members = chunkBlocks.map((m) => m[1]).filter((c) => groupOf.get(c) === g);
  if (members.length === 0) continue;
  const wanted = new Map();
  const inputs = [];
  for (const chunk of members) {
    const file = join(dir, `${chunk.replace('__', '')}.wasm`);
    const { bytes, imports } = reroute(readFileSync(file), '__wasm_split', 'hub');
    for (const i of imports) {
      const key = `${i.kind}:${i.field}`;
      const seen = wanted.get(key);
      // The splitter gives every chunk the same memory and table limits.
      if (seen && !seen.desc.equals(i.desc)) throw new Error(`merge-chunks: ${i.field} imported with two limits`);
      wanted.set(key, i);
    }
    const rerouted = join(work, `${chunk}.wasm`);
    writeFileSync(rerouted, bytes);
    inputs.push(rerouted, chunk);
  }
  writeFileSync(join(work, 'hub.wasm'), hub([...wanted.values()].sort((a, b) => a.kind - b.kind)));
  const name = `chunk_g${g}`;
  const out = join(dir, `${name}.wasm`);
  execFileSync('node', [join(binaryen, 'wasm-merge'), join(work, 'hub.wasm'), 'hub', ...inputs, '-o', out, ...FEATURES], { stdio: 'inherit' });
  for (const chunk of members) rmSync(join(dir, `${chunk.replace('__', '')}.wasm`));
  groupFiles.push({ g, name, members: new Set(members) });
}
rmSync(work, { recursive: true, force: true });

// The loader: one block per group, and each part's list of groups.
const first = chunkBlocks[0].index;
const last = chunkBlocks.at(-1);
const groupsJs = groupFiles.map(({ name, members }) => `/* ${members.size} chunks */
const __${name} = makeLoad(() => {
    const src = fetch(new URL("./${name}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
`).join('');
js = js.slice(0, first) + groupsJs + js.slice(last.index + last[0].length);
for (const [part, deps] of parts) {
  const needed = groupFiles.filter(({ members }) => deps.some((d) => members.has(d))).map(({ name }) => `__${name}`);
  const list = `[${deps.join(', ')}]`;
  const before = js;
  js = js.replace(new RegExp(`(export const __wasm_split_load_${part} = wrapAsyncCb\\(makeLoad\\([\\s\\S]*?\\n, )\\[[^\\]]*\\](\\)\\);)`), `$1[${needed.join(', ')}]$2`);
  if (js === before && deps.length > 0) throw new Error(`merge-chunks: ${part}'s list ${list} not rewritten`);
}
writeFileSync(join(dir, '__wasm_split.js'), js);
console.log(`merge-chunks: ${chunkBlocks.length} shared chunks into ${groupFiles.map(({ name, members }) => `${name} (${members.size})`).join(', ')}`);
