// What a wasm module's code is made of (issue 17's "look first"): reads the code section and
// the name section (so the input must keep names: the splitter's output in
// target/clientele-split/, before wasm-opt) and prints the largest functions and the code by
// group (the first path segments of each demangled name). twiggy 0.7 cannot read this build:
// it stops at the first SIMD instruction.
//
// Usage: node bench/wasm-size.mjs [file.wasm] [--depth N] [--top N] [--grep TEXT]
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { leb as readLeb, readName } from '../scripts/wasm-binary.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'target/clientele-split/clientele.wasm';
const depth = Number(opt('--depth', 1));
const top = Number(opt('--top', 40));
const grep = opt('--grep', null);

const bytes = readFileSync(file);
let pos = 8;
const leb = () => {
  let n;
  [n, pos] = readLeb(bytes, pos);
  return n;
};
const name = () => {
  let s;
  [s, pos] = readName(bytes, pos);
  return s;
};

let imported = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = leb();
  const end = pos + size;
  if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) {
        leb();
        imported++;
      } else if (kind === 1) {
        pos++;
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) {
        pos += 2;
      } else {
        leb();
        leb();
      }
    }
  } else if (id === 10) {
    for (let n = leb(), i = 0; i < n; i++) {
      const len = leb();
      bodies.push(len);
      pos += len;
    }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const section = name();
    if (section === 'name') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = leb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  }
  pos = end;
}

// Rust's legacy mangling: _ZN 4core 3fmt 5write 17h…E.
function demangle(raw) {
  if (!raw.startsWith('_ZN')) return raw;
  const parts = [];
  let i = 3;
  while (i < raw.length && raw[i] !== 'E') {
    let j = i;
    while (raw[j] >= '0' && raw[j] <= '9') j++;
    const len = Number(raw.slice(i, j));
    if (!len) break;
    parts.push(raw.slice(j, j + len));
    i = j + len;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$C\$/g, ',')
    .replace(/\.\./g, '::');
}

// Rust's v0 mangling (_R…), which the std built with -Zbuild-std uses: llvm-cxxfilt reads it.
// Its generic arguments and crate hashes are dropped, so that groups stay by path.
const raw = bodies.map((_, i) => names.get(i + imported) ?? `func${i + imported}`);
const v0 = raw.filter((n) => n.startsWith('_R'));
const filtered = v0.length
  ? spawnSync('llvm-cxxfilt', { input: v0.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 })
  : null;
const v0Names = new Map();
if (filtered?.status === 0) {
  filtered.stdout.split('\n').forEach((n, i) => v0Names.set(v0[i], n.replace(/\[[0-9a-f]+\]/g, '')));
}
const functions = bodies.map((size, i) => ({ size, name: v0Names.get(raw[i]) ?? demangle(raw[i]) }));
const shown = grep ? functions.filter((f) => f.name.includes(grep)) : functions;
const total = shown.reduce((s, f) => s + f.size, 0);
console.log(`${file}: ${shown.length} functions, ${total} B of code${grep ? ` matching ${grep}` : ''}, ${dataBytes} B of data`);

// A trait impl's name starts "<a::B as c::D>": group by the type's path.
const group = (n) => {
  const path = n.startsWith('<') ? n.slice(1) : n;
  return path.split(/::|[ <>]/).filter(Boolean).slice(0, depth).join('::');
};
const groups = new Map();
for (const f of shown) {
  const g = group(f.name);
  const entry = groups.get(g) ?? { size: 0, count: 0 };
  entry.size += f.size;
  entry.count++;
  groups.set(g, entry);
}
console.log('\nby group:');
for (const [g, { size, count }] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(`${String(size).padStart(9)} B ${String(count).padStart(5)}  ${g}`);
}
console.log('\nlargest functions:');
for (const f of [...shown].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`${String(f.size).padStart(9)} B  ${f.name.slice(0, 200)}`);
}
