// Trunk post_build hook (Trunk.toml), run in the staging directory before it becomes dist/:
// 1. Content-Security-Policy: replaces 'inline-script-hashes' in the page's CSP <meta> with
//    the sha256 of every inline <script> of the final (minified) page: the base script of
//    index.html and Trunk's module bootstrap, which Trunk always emits inline.
// 2. 404.html: a copy of index.html, which static hosts such as GitHub Pages serve for any
//    unknown path, so deep links work on reload without a rewrite rule.
// 3. _headers: the HTTP headers for Netlify and Cloudflare Pages, which read this file; for
//    other hosts docs/HOSTING.md shows the same headers (the CSP is the page's plus
//    frame-ancestors, which only works as a header).
// 4. sw.js: web/sw.js with this build's version and precache list (every file of the build
//    but 404.html and sw.js itself).
// 0. Before all that, the languages the app fetches (only English is compiled in, see
//    crates/domain/src/i18n.rs): each language's catalogue files in one file,
//    locales/<code>-<hash>.txt, named in a <meta name="clientele-locales"> of the page.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) throw new Error('postbuild.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set');

const PLACEHOLDER = "'inline-script-hashes'";
const sha = (algorithm, data) => createHash(algorithm).update(data).digest('base64');

let html = await readFile(join(staging, 'index.html'), 'utf8');

// 0. The fetched languages: the files of one language by name, one after another, as
//    clientele_domain::i18n::install reads them (a test there reads them the same way).
const locales = [];
await mkdir(join(staging, 'locales'), { recursive: true });
for (const code of ['fr', 'zh-TW']) {
  const dir = join(source, 'crates', 'domain', 'locales', code);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  let text = '';
  for (const name of names) text += (await readFile(join(dir, name), 'utf8')) + '\n';
  const path = `locales/${code}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.txt`;
  await writeFile(join(staging, path), text);
  locales.push(`${code}=${path}`);
}
if (!html.includes('</head>')) throw new Error('the built index.html has no </head>');
html = html.replace('</head>', `<meta name="clientele-locales" content="${locales.join(' ')}"></head>`);

// 1. CSP hashes. The browser hashes a script's text exactly as it is between the tags.
const hashes = [];
for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(attrs)) continue;
  hashes.push(`'sha256-${sha('sha256', body)}'`);
}
if (!html.includes(PLACEHOLDER)) throw new Error(`index.html has no ${PLACEHOLDER} in its CSP`);
html = html.replace(PLACEHOLDER, hashes.join(' '));
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
console.log(`postbuild: ${hashes.length} inline script hash(es), 404.html, _headers, sw.js ${buildVersion} with ${precache.length} files`);
