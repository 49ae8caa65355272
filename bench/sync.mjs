// Benchmark: the first full sync of a large book from a release clientele-server, with no
// browser: how long reading every customer takes, and how many bytes cross the wire.
//
//   node bench/sync.mjs BEFORE_BINARY AFTER_BINARY     (scripts/bench-sync builds them)
//
// Seeds BENCH_CUSTOMERS (default 100,000) customers into a fresh database with the first
// binary (POST /api/customers/import, 1,000 a request, as bench/backend.mjs does), reads
// it with that binary, then serves the same database with the second (which migrates it
// first: that time is printed too) and reads the whole book in each way the server offers.
// The database is a SQLite file, or with BENCH_DATABASE=postgres a new database in
// scripts/pg's running cluster. The ways of reading:
//   - pages:  what the web app does today (src/store/http.rs): ?sort=name&limit=500&page=n,
//             page 1 then the rest four requests in flight;
//   - cursor: ?sort=name&limit=5000&after=<next>, one request after the other;
//   - feed:   GET /api/changes?since=<next>&limit=5000 from 0, one after the other.
// Each with and without `Accept-Encoding: gzip`. Times include reading and parsing every
// page (and gunzipping), as a client must. 127.0.0.1 only; every run is bounded.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { customer } from './customers.mjs';

const [before, after] = process.argv.slice(2);
if (!before || !after) throw new Error('usage: node bench/sync.mjs BEFORE_BINARY AFTER_BINARY');
const SIZE = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 4290;
const dir = mkdtempSync(join(tmpdir(), 'clientele-sync-'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
/** One request; resolves to { status, json, wire } (wire: body bytes as sent). */
function request(method, path, { token, body, gzip = false } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': gzip ? 'gzip' : 'identity' };
    if (data) Object.assign(headers, { 'content-type': 'application/json', 'content-length': data.length });
    const req = http.request({ host: '127.0.0.1', port: PORT, method, path, headers, agent, timeout: 120_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode, json: text.length ? JSON.parse(text) : null, wire: raw.length });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function serve(binary, url) {
  const child = spawn(binary, ['serve'], {
    env: { ...process.env, DATABASE_URL: url, CLIENTELE_ADDR: `127.0.0.1:${PORT}`, RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  const t0 = performance.now();
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return { child, startMs: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`${binary} did not start`);
}

const stopped = (child) => new Promise((r) => { child.once('exit', r); child.kill(); });

// Each way of reading returns { requests, wire, count }.
async function pages(token, gzip) {
  const get = (n) => request('GET', `/api/customers?sort=name&limit=500&page=${n}`, { token, gzip });
  const head = await get(1);
  let wire = head.wire;
  let count = head.json.items.length;
  const total = Math.ceil(head.json.total / 500);
  let next = 2;
  let requests = 1;
  async function worker() {
    while (next <= total) {
      const r = await get(next++);
      if (r.status !== 200) throw new Error(`page ${r.status}`);
      wire += r.wire;
      count += r.json.items.length;
      requests += 1;
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { requests, wire, count };
}

async function cursor(token, gzip) {
  let after = null;
  let wire = 0, count = 0, requests = 0;
  do {
    const r = await request('GET', `/api/customers?sort=name&limit=5000${after ? `&after=${after}` : ''}`, { token, gzip });
    if (r.status !== 200) throw new Error(`cursor ${r.status} ${JSON.stringify(r.json)}`);
    wire += r.wire;
    count += r.json.items.length;
    requests += 1;
    after = r.json.next;
  } while (after);
  return { requests, wire, count };
}

async function feed(token, gzip) {
  let since = 0, more = true, wire = 0, count = 0, requests = 0;
  while (more) {
    const r = await request('GET', `/api/changes?since=${since}&limit=5000`, { token, gzip });
    if (r.status !== 200) throw new Error(`feed ${r.status} ${JSON.stringify(r.json)}`);
    wire += r.wire;
    count += r.json.changes.filter((c) => c.kind === 'customer').length;
    requests += 1;
    since = r.json.next;
    more = r.json.more;
  }
  return { requests, wire, count };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${Math.round(ms).toLocaleString('en')} ms`;
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;

try {
  const url = process.env.BENCH_DATABASE === 'postgres'
    ? execFileSync('scripts/pg', ['createdb', `clientele_sync_${process.pid}`]).toString().trim()
    : `sqlite://${join(dir, 'bench.sqlite3')}`;
  const env = { ...process.env, DATABASE_URL: url };
  const token = execFileSync(before, ['user', 'add', '--name', 'Bench', '--role', 'global-admin'], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  console.log(`${url.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}, ${SIZE.toLocaleString('en')} customers`);
  console.log('| server | read | gzip | requests | on the wire | time (median of ' + RUNS + ') |');
  console.log('|---|---|---|---:|---:|---:|');
  for (const [name, binary] of [['before', before], ['after', after]]) {
    const server = await serve(binary, url);
    if (name === 'before') {
      const t0 = performance.now();
      for (let from = 0; from < SIZE; from += 1000) {
        const customers = Array.from({ length: Math.min(1000, SIZE - from) }, (_, k) => customer(from + k + 1));
        const r = await request('POST', '/api/customers/import', { token, body: { customers, subscriptions: [] } });
        if (r.status !== 201) throw new Error(`import ${r.status}`);
      }
      console.log(`(seeded in ${fmt(performance.now() - t0)})`);
    } else {
      console.log(`(start, with the feed's migration of the seeded book: ${fmt(server.startMs)})`);
    }
    const ways = name === 'before' ? [['pages', pages]] : [['pages', pages], ['cursor', cursor], ['feed', feed]];
    for (const [way, read] of ways) {
      for (const gzip of [false, true]) {
        const times = [];
        let last;
        for (let run = 0; run < RUNS; run++) {
          const t = performance.now();
          last = await read(token, gzip);
          times.push(performance.now() - t);
        }
        if (last.count !== SIZE) throw new Error(`${name} ${way}: read ${last.count} of ${SIZE}`);
        console.log(`| ${name} | ${way} | ${gzip ? 'yes' : 'no'} | ${last.requests} | ${mb(last.wire)} | ${fmt(median(times))} |`);
      }
    }
    await stopped(server.child);
  }
} finally {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
