// Trunk post_build hook (Trunk.toml), run in the staging directory before it becomes dist/:
// 1. Content-Security-Policy: replaces 'inline-script-hashes' in the page's CSP <meta> with
//    the sha256 of every inline <script> of the final (minified) page: the base script of
//    index.html and the module script that starts the app (writeApp, step 00), not the
//    English texts' data block (step 02); and 'inline-style-hashes' with the stylesheet's.
// 2. 404.html: a copy of index.html, which static hosts such as GitHub Pages serve for any
//    unknown path, so deep links work on reload without a rewrite rule.
// 3. _headers: the HTTP headers for Netlify and Cloudflare Pages, which read this file; for
//    other hosts docs/HOSTING.md shows the same headers (the CSP is the page's plus
//    frame-ancestors, which only works as a header).
// 4. sw.js: web/sw.js with this build's version and precache list (every file of the build
//    but 404.html and sw.js itself).
// 00. First of all, the app's wasm (issue 17): scripts/build-wasm (the pre_build hook) split
//    it into the main module and one chunk per lazy page, in target/clientele-pkg/. Trunk no
//    longer builds it, so this step does what Trunk did for it: names with a hash (a new
//    build is never an old cache's), Subresource Integrity on every file, and the module
//    script that starts the app. See writeApp below.
// 01. Then what else the first paint needs goes into the page itself: the stylesheet as a
//    <style> (its hash replaces 'inline-style-hashes' in the CSP) and the favicon as a data:
//    URL. A first visit's page then arrives with all it needs but the main module, and no
//    other request shares the phone's bandwidth with that download (BENCHMARKS.md, issue 17).
//    The manifest, which only installing the app needs, the app links once the service worker
//    is active (src/components/update.rs).
// 0. Before all that, the languages the app fetches (English is in the page, step 02; see
//    crates/domain/src/i18n.rs): each language's catalogue files in one file,
//    locales/<code>-<hash>.txt, named in a <meta name="clientele-locales"> of the page.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
// The checkout (TRUNK_SOURCE_DIR is the page's folder, web/).
const source = fileURLToPath(new URL('..', import.meta.url));
if (!staging) throw new Error('postbuild.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set');

// The lazy routes of src/app.rs (keep in step with it): the address (after the base path) and
// the page's chunk, as src/lazy_pages.rs names it. The build fails on a chunk without a route.
const LAZY_ROUTES = {
  '^customers\\/removed$': 'removed_page',
  '^customers\\/new$': 'wizard_page',
  '^customers\\/invite$': 'invite_page',
  '^customers\\/import$': 'import_page',
  '^customers\\/[^/]+$': 'account_page',
  '^customers\\/[^/]+\\/subscriptions$': 'subscriptions_page',
  '^customers\\/[^/]+\\/services$': 'services_page',
  '^activity$': 'activity_page',
  '^settings$': 'settings_page',
};

// The chunks a page does not name but an operation asks for when first used (src/store/
// server.rs, ...), each with the test, in the page, of whether the first load will need it at
// once: its files are then fetched beside the main module, as a deep link's page chunks are.
const ON_USE_CHUNKS = {
  // The server backend, when Settings → Storage chose one (src/store/mod.rs, StorageChoice;
  // `?storage=memory` keeps the book in memory instead).
  server_store: `(() => { try { return !/[?&]storage=memory(&|$)/.test(location.search)
        && JSON.parse(localStorage.getItem("clientele.storage") ?? "null")?.kind === "server"; } catch { return false; } })()`,
  // The list's export and its bulk actions (src/pages/customers/export.rs, bulk.rs): on the
  // first export, or the first customer selected.
  list_export: 'false',
  // The dialog for a write the server refused as based on an old version (src/app.rs).
  conflict_dialog: 'false',
  // Writes to this browser's book (src/store/browser/write.rs), on the first one; moving an
  // earlier version's book out of localStorage (migrate.rs), when there is one.
  browser_write: 'false',
  browser_migrate: `(() => { try { return localStorage.getItem("clientele.book") !== null || localStorage.getItem("clientele.settings") !== null; } catch { return false; } })()`,
  // The customer list itself (src/pages/customers/mod.rs): not for a first visit, whose book
  // is empty; beside the main module once this browser has shown a list (keys::LIST_SHOWN).
  customer_list: `(() => { try { return localStorage.getItem("clientele.list") === "1"; } catch { return false; } })()`,
  list_bulk: 'false',
  // The shell's rare parts (src/app.rs, src/components/): the keyboard shortcuts' help, on
  // "?"; the backup reminder's banner, when one is due; "Update available", when a new
  // deployment's service worker waits.
  shortcuts_help: 'false',
  backup_banner: 'false',
  update_banner: 'false',
};

const PLACEHOLDER = "'inline-script-hashes'";
const STYLE_PLACEHOLDER = "'inline-style-hashes'";
const sha = (algorithm, data) => createHash(algorithm).update(data).digest('base64');

let html = await readFile(join(staging, 'index.html'), 'utf8');
html = await writeApp(html);
html = await inlineFirstPaint(html);

// 0. The fetched languages: the files of one language by name, one after another, as
//    clientele_domain::i18n::install reads them (a test there reads them the same way).
const locales = [];
await mkdir(join(staging, 'locales'), { recursive: true });
for (const code of ['fr', 'zh-TW']) {
  const dir = join(source, 'crates', 'domain', 'locales', code);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  const text = await catalogue(code, names);
  const path = `locales/${code}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.txt`;
  await writeFile(join(staging, path), text);
  locales.push(`${code}=${path}`);
}
if (!html.includes('</head>')) throw new Error('the built index.html has no </head>');
html = html.replace('</head>', `<meta name="clientele-locales" content="${locales.join(' ')}"></head>`);

// 02. The English of the first download's areas (crates/domain/src/i18n.rs, `first:`), in the
//    page as a data block, read the same way as a fetched language: the web app is built with
//    `english-in-page`, so its main module holds no text, and src/i18n.rs installs these
//    before anything is shown. On a phone the page's second round trip has room for them,
//    which the main module's download has not (BENCHMARKS.md, issue 17).
const areas = /\nareas!\(\s*first:\s*\[([^\]]*)\]/.exec(await readFile(join(source, 'crates', 'domain', 'src', 'i18n.rs'), 'utf8'))?.[1];
if (!areas) throw new Error('no `first:` areas in crates/domain/src/i18n.rs');
const english = await catalogue('en', areas.split(',').map((a) => a.trim()).filter(Boolean).map((a) => `${a}.txt`));
if (/<\/script|<!--|<script/i.test(english)) throw new Error('the English texts cannot go into a <script> data block as they are');
html = html.replace('</head>', `<script type="text/plain" id="clientele-english">${english}</script></head>`);

// 1. CSP hashes. The browser hashes a script's text exactly as it is between the tags.
const hashes = [];
for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(attrs) || /\btype=["']?text\/plain\b/i.test(attrs)) continue;
  hashes.push(`'sha256-${sha('sha256', body)}'`);
}
if (!html.includes(PLACEHOLDER)) throw new Error(`index.html has no ${PLACEHOLDER} in its CSP`);
html = html.replace(PLACEHOLDER, hashes.join(' '));
const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(([, body]) => `'sha256-${sha('sha256', body)}'`);
if (!html.includes(STYLE_PLACEHOLDER)) throw new Error(`index.html has no ${STYLE_PLACEHOLDER} in its CSP`);
html = html.replace(STYLE_PLACEHOLDER, styles.join(' '));
await writeFile(join(staging, 'index.html'), html);

// 2. Deep links on hosts without an SPA fallback.
await writeFile(join(staging, '404.html'), html);

// 3. Headers for hosts that read a _headers file.
const cspMeta = /<meta\b[^>]*\bhttp-equiv=["']?Content-Security-Policy\b[^>]*>/i.exec(html)?.[0] ?? '';
const policy = /\bcontent="([^"]+)"/.exec(cspMeta)?.[1];
if (!policy) throw new Error('no CSP <meta> found in the built index.html');
// Both hosts revalidate every file by default (max-age=0), as sw.js and the page need.
const headers = `# Written by scripts/postbuild.mjs for this build (Netlify, Cloudflare Pages); see docs/HOSTING.md.
/*
  Content-Security-Policy: ${policy}; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Cross-Origin-Opener-Policy: same-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()
`;
await writeFile(join(staging, '_headers'), headers);

// 4. The service worker.
async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}
const precache = (await files(staging))
  .map((path) => relative(staging, path).split(sep).join('/'))
  .filter((name) => !['404.html', 'sw.js', '_headers'].includes(name))
  .sort();
const version = createHash('sha256');
for (const name of precache) version.update(`${name}\0${sha('sha256', await readFile(join(staging, name)))}\n`);
const buildVersion = version.digest('hex').slice(0, 16);
const template = await readFile(join(source, 'web', 'sw.js'), 'utf8');
if (!template.includes('self.__PRECACHE__') || !template.includes('__BUILD_VERSION__')) {
  throw new Error('web/sw.js lacks its placeholders');
}
const sw = template
  .replace('self.__PRECACHE__', JSON.stringify(precache))
  .replace('__BUILD_VERSION__', buildVersion);
await writeFile(join(staging, 'sw.js'), sw);
console.log(`postbuild: ${hashes.length} inline script hash(es), ${styles.length} inline style hash(es), 404.html, _headers, sw.js ${buildVersion} with ${precache.length} files`);

/** A language's catalogue files (names in crates/domain/locales/<code>/), one after another. */
async function catalogue(code, names) {
  let text = '';
  for (const name of names) text += (await readFile(join(source, 'crates', 'domain', 'locales', code, name), 'utf8')) + '\n';
  return text;
}

// 01. The stylesheet Trunk linked, and the SVG favicon, into the page (see the top).
async function inlineFirstPaint(page) {
  const sheet = /<link\b[^>]*\brel=["']?stylesheet\b[^>]*>/i.exec(page)?.[0];
  const href = sheet && /\bhref=["']?\.\/([^\s"'>]+)/.exec(sheet)?.[1];
  if (!href) throw new Error('the built index.html links no stylesheet');
  const css = (await readFile(join(staging, href), 'utf8')).trim();
  if (/<\/style/i.test(css)) throw new Error(`${href} cannot be inlined as it is`);
  await rm(join(staging, href));
  page = page.replace(sheet, `<style>${css}</style>`);
  const icon = /<link\b[^>]*\bhref=["']?\.\/icons\/icon\.svg\b[^>]*>/i.exec(page)?.[0];
  if (!icon) throw new Error('the built index.html links no icons/icon.svg');
  const svg = (await readFile(join(staging, 'icons', 'icon.svg'), 'utf8')).trim().replace(/\s+/g, ' ');
  const data = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  return page.replace(icon, icon.replace(/\bhref=["']?\.\/icons\/icon\.svg["']?/, `href="${data}"`));
}

// The split app, from target/clientele-pkg/ into the build:
// - every chunk as chunks/<name>-<hash>.wasm; __wasm_split.js fetches it with its integrity,
//   and a deep link's page chunks at once (LAZY_ROUTES);
// - the main module as clientele-<hash>_bg.wasm, preloaded with its integrity;
// - the glue and __wasm_split.js bundled into the page's inline module script, which starts
//   the app (its CSP hash is added below).
async function writeApp(page) {
  const pkg = join(source, 'target', 'clientele-pkg');
  const names = await readdir(pkg);
  const integrity = (bytes) => `sha384-${sha('sha384', bytes)}`;
  const hex = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  await rm(join(staging, 'chunks'), { recursive: true, force: true });
  await mkdir(join(staging, 'chunks'));

  let split = await readFile(join(pkg, '__wasm_split.js'), 'utf8');
  // Which files each page needs: its own and the chunks it shares with other pages.
  const chunkFiles = new Map();
  for (const [, n, file] of split.matchAll(/const __chunk_(\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.]+\.wasm)"/g)) {
    chunkFiles.set(`__chunk_${n}`, file);
  }
  const pageFiles = new Map();
  for (const [, page, file, deps] of split.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.]+\.wasm)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g)) {
    const needs = deps.split(',').map((d) => chunkFiles.get(d.trim())).filter(Boolean);
    pageFiles.set(page, [file, ...needs]);
  }
  const table = [];
  for (const name of names.filter((n) => n.endsWith('.wasm') && n !== 'clientele_bg.wasm').sort()) {
    const bytes = await readFile(join(pkg, name));
    const hashed = `chunks/${name.replace(/\.wasm$/, '')}-${hex(bytes)}.wasm`;
    await writeFile(join(staging, hashed), bytes);
    const fetchOf = `fetch(new URL("./${name}", import.meta.url))`;
    if (!split.includes(fetchOf)) throw new Error(`__wasm_split.js does not fetch ${name} as expected`);
    split = split.replaceAll(fetchOf, `fetchChunk(${table.length})`);
    table.push({ name, hashed, integrity: integrity(bytes) });
  }
  const chunks = table.length;
  const index = (file) => table.findIndex((t) => t.name === file);
  const routes = Object.entries(LAZY_ROUTES).map(([pattern, page]) => {
    const files = pageFiles.get(page);
    if (!files) throw new Error(`no chunk named ${page} in __wasm_split.js (LAZY_ROUTES, src/lazy_pages.rs)`);
    return `[/${pattern}/, ${JSON.stringify(files.map(index))}]`;
  });
  const onUse = Object.entries(ON_USE_CHUNKS).map(([chunk, test]) => {
    const files = pageFiles.get(chunk);
    if (!files) throw new Error(`no chunk named ${chunk} in __wasm_split.js (ON_USE_CHUNKS)`);
    return `[${test}, ${JSON.stringify(files.map(index))}]`;
  });
  for (const page of pageFiles.keys()) {
    if (!Object.values(LAZY_ROUTES).includes(page) && !(page in ON_USE_CHUNKS)) {
      throw new Error(`LAZY_ROUTES has no route for the chunk ${page} (nor ON_USE_CHUNKS)`);
    }
  }
  // Each chunk fetched with its integrity; the chunks of the page the address names are asked
  // for at once, while the main module downloads, instead of after it has started.
  const early = `
const CHUNKS = ${JSON.stringify(table.map((t) => [t.hashed, t.integrity]))};
const EARLY = new Map();
function fetchChunk(i) {
    const started = EARLY.get(i);
    EARLY.delete(i);
    return started ?? fetch(new URL("./" + CHUNKS[i][0], import.meta.url), { integrity: CHUNKS[i][1] });
}
const ROUTES = [${routes.join(', ')}];
const ON_USE = [${onUse.join(', ')}];
{
    const base = new URL(document.baseURI).pathname;
    const route = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : "";
    const needed = [...(ROUTES.find(([pattern]) => pattern.test(route))?.[1] ?? [])];
    for (const [now, files] of ON_USE) if (now) needed.push(...files);
    for (const i of new Set(needed)) {
        const started = fetchChunk(i);
        started.catch(() => {});
        EARLY.set(i, started);
    }
}
`;
  const firstLineEnd = split.indexOf('\n') + 1;
  split = split.slice(0, firstLineEnd) + early + split.slice(firstLineEnd);
  let glue = await readFile(join(pkg, 'clientele.js'), 'utf8');
  const wasm = await readFile(join(pkg, 'clientele_bg.wasm'));
  const file = `clientele-${hex(wasm)}_bg.wasm`;
  if (chunks > 0 && !glue.includes('from "./__wasm_split.js"')) throw new Error('clientele.js does not import __wasm_split.js as expected');
  if (!split.includes('from "./clientele.js"')) throw new Error('__wasm_split.js does not import clientele.js as expected');
  await writeFile(join(staging, file), wasm);

  // The script that starts the app, with the glue and the chunk loader bundled into it: the
  // page's one module script, inline. A first visit then downloads the page and the main
  // module and nothing else before the app starts: on a phone's connection each file of its
  // own opened a connection beside the main module's download and took a share of its
  // bandwidth (BENCHMARKS.md, issue 17). The glue's exports, import names and the wasm's
  // import names stay; names local to the modules shorten, as Trunk's minifier did.
  // window.wasmBindings: the benchmarks read the app's memory through it (bench/idb.mjs).
  const start = `import init, * as bindings from "./clientele.js";
await init({ module_or_path: fetch("./${file}", { integrity: "${integrity(wasm)}" }) });
window.wasmBindings = bindings;`;
  const modules = { 'clientele.js': glue, '__wasm_split.js': split };
  const bundled = await build({
    stdin: { contents: start, sourcefile: 'start.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    // wasm-bindgen names the loader once per import in the glue's imports object.
    logOverride: { 'duplicate-object-key': 'silent' },
    plugins: [{
      name: 'clientele-pkg',
      setup(b) {
        b.onResolve({ filter: /.*/ }, ({ path }) => {
          const name = path.replace(/^\.\//, '');
          if (!(name in modules)) throw new Error(`the app's glue imports ${path}, which postbuild.mjs does not bundle`);
          return { path: name, namespace: 'clientele-pkg' };
        });
        b.onLoad({ filter: /.*/, namespace: 'clientele-pkg' }, ({ path }) => ({ contents: modules[path], loader: 'js' }));
      },
    }],
  });
  const code = bundled.outputFiles[0].text.trim();
  // Text that would end the <script> element, or change how HTML reads it.
  if (/<\/script|<!--|<script/i.test(code)) throw new Error('the bundled start script cannot be inlined as it is');
  // The preload first: the parser asks for the main module before the module script runs.
  const preload = `<link rel="preload" href="./${file}" as="fetch" type="application/wasm" integrity="${integrity(wasm)}" crossorigin>`;
  if (!page.includes('</head>')) throw new Error('the built index.html has no </head>');
  console.log(`postbuild: app ${file} with ${chunks} chunk(s), its start script inline (${code.length} B)`);
  return page.replace('</head>', `${preload}<script type="module">${code}</script></head>`);
}
