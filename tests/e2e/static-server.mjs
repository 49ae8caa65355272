// A plain static file server for the built dist/: files as they are, with their MIME types.
// Usage: node static-server.mjs <dir> <port> [--base /tools/clientele/] [--no-spa] [--404]
//   (default)  an SPA fallback: index.html for paths that name no file (client-side routes
//              such as /customers), as `trunk serve` and most SPA hosts configured for it do;
//   --no-spa   (or --no-fallback) no fallback: a path that names no file is a 404, like a plain static host;
//   --404      with --no-spa: the 404 response's body is <dir>/404.html when there is one, as
//              GitHub Pages, Netlify, Cloudflare Pages and S3+CloudFront (error document) do;
//   --base     serve <dir> under this path prefix only (e.g. /tools/clientele/); the prefix
//              without its trailing slash redirects to it;
//   --log      print "served <path>" for each file sent (tests/e2e/servers.js collects them);
//   --gzip     gzip text and wasm for a client that accepts it, as any real host does
//              (the Lighthouse bench needs it: unzipped, it would measure the server).
// Folders serve their index.html, and a folder named without its trailing slash redirects.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--base'));
const root = resolve(positional[0] ?? 'dist');
const port = Number(positional[1] ?? 8080);
const spa = !flag('--no-spa') && !flag('--no-fallback');
const notFoundPage = flag('--404');
const gzip = flag('--gzip');
const log = flag('--log');
let base = option('--base') ?? '/';
if (!base.startsWith('/')) base = `/${base}`;
if (!base.endsWith('/')) base = `${base}/`;

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.svg', '.webmanifest', '.txt']);
const zipped = new Map();

async function kind(path) {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

async function send(res, status, path, req) {
  const headers = {
    'content-type': types[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  };
  let body = await readFile(path);
  if (gzip && compressible.has(extname(path)) && /\bgzip\b/.test(req?.headers['accept-encoding'] ?? '')) {
    const key = `${path}:${body.length}`;
    if (!zipped.has(key)) zipped.set(key, gzipSync(body, { level: 9 }));
    body = zipped.get(key);
    headers['content-encoding'] = 'gzip';
    headers.vary = 'Accept-Encoding';
  }
  res.writeHead(status, headers);
  res.end(body);
  if (log) console.log(`served ${req ? new URL(req.url, 'http://localhost').pathname : path}`);
}

async function notFound(res) {
  const page = join(root, '404.html');
  if (notFoundPage && (await kind(page)) === 'file') return send(res, 404, page);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const pathname = decodeURIComponent(url.pathname);
  if (`${pathname}/` === base) {
    res.writeHead(301, { location: base + url.search }).end();
    return;
  }
  if (!pathname.startsWith(base)) return notFound(res);
  const wanted = normalize(join(root, pathname.slice(base.length)));
  if (!wanted.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  const found = await kind(wanted);
  if (found === 'dir') {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const index = join(wanted, 'index.html');
    if ((await kind(index)) === 'file') return send(res, 200, index, req);
  } else if (found === 'file') {
    return send(res, 200, wanted, req);
  }
  if (spa && !extname(wanted)) return send(res, 200, join(root, 'index.html'), req);
  return notFound(res);
});
// Port 0 picks a free port; the line below names it (tests/e2e/servers.js reads it).
server.listen(port, '127.0.0.1', () => {
  const mode = spa ? 'SPA fallback' : notFoundPage ? '404.html' : 'no fallback';
  console.log(`serving ${root} at http://127.0.0.1:${server.address().port}${base} (${mode})`);
});
