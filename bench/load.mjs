// Load benchmark: release clientele-server instances on one PostgreSQL database, one
// instance and then two, under concurrent readers and writers. Bounded: BENCH_SECONDS
// (default 10) per scenario; 127.0.0.1 only.
//
//   node bench/load.mjs SERVER_BINARY     (scripts/bench-load starts PostgreSQL and builds it)
//
// Readers: autocannon (9.0.0, in .tools/autocannon), BENCH_CONNECTIONS connections per
// instance, asking for a page of the list, one customer and the change feed in turn.
// Writers: BENCH_WRITERS loops that rename one shared customer with If-Match, read again
// and retry on 412, spread over the instances. No update may be lost: the activity log must
// hold exactly one rename of that customer per rename answered 200, and no two of them may
// start from the same name (each name written is new).
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { customer } from './customers.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('../.tools/autocannon/node_modules/autocannon');
const [binary] = process.argv.slice(2);
if (!binary) throw new Error('usage: node bench/load.mjs SERVER_BINARY');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const SIZE = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const PORTS = [4301, 4302];

const url = execFileSync('scripts/pg', ['createdb', `clientele_load_${process.pid}`]).toString().trim();
const env = { ...process.env, DATABASE_URL: url, RUST_LOG: 'warn' };
const token = execFileSync(binary, ['user', 'add', '--name', 'Load', '--role', 'global-admin'], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
const auth = { authorization: `Bearer ${token}` };

async function api(port, method, path, body, headers = {}) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...auth, ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: r.status, etag: r.headers.get('etag'), json: await r.json().catch(() => null) };
}

async function start(port) {
  const child = spawn(binary, ['serve'], { env: { ...env, CLIENTELE_ADDR: `127.0.0.1:${port}` }, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
}

const stop = (child) => new Promise((r) => { child.once('exit', r); child.kill(); });
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0;

function read(port) {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: auth,
    requests: [
      { method: 'GET', path: '/api/customers?limit=50&q=contoso' },
      { method: 'GET', path: `/api/customers/${customer(7).id}` },
      { method: 'GET', path: '/api/changes?since=0&limit=100' },
    ],
  });
}

/** Renames `id` until the time is up; returns the latencies of the renames answered 200. */
async function writer(ports, w, id, until) {
  const done = [];
  let retries = 0;
  for (let n = 0; Date.now() < until; n++) {
    const port = ports[n % ports.length];
    for (;;) {
      const current = await api(port, 'GET', `/api/customers/${id}`);
      const t = performance.now();
      const r = await api(port, 'PATCH', `/api/customers/${id}`, { company_name: `Hot ${w}-${n}` }, { 'if-match': current.etag });
      if (r.status === 200) {
        done.push(performance.now() - t);
        break;
      }
      if (r.status !== 412) throw new Error(`rename: ${r.status} ${JSON.stringify(r.json)}`);
      retries += 1;
    }
  }
  return { done, retries };
}

/** The renames of `id` in the log, oldest first, and whether they form one chain. */
async function chain(port, id) {
  const entries = [];
  for (let page = 1; ; page++) {
    const r = await api(port, 'GET', `/api/activity?customer=${id}&action=company-name-updated&limit=1000&page=${page}`);
    entries.push(...r.json.items);
    if (entries.length >= r.json.total || r.json.items.length === 0) break;
  }
  // Every name written is new, so two renames from the same name are two writes based on
  // the same version: one of them was lost.
  const broken = entries.length - new Set(entries.map((e) => e.before)).size;
  return { entries: entries.length, broken };
}

const children = [];
try {
  children.push(await start(PORTS[0]));
  for (let from = 0; from < SIZE; from += 1000) {
    const customers = Array.from({ length: Math.min(1000, SIZE - from) }, (_, k) => customer(from + k + 1));
    const r = await api(PORTS[0], 'POST', '/api/customers/import', { customers, subscriptions: [] });
    if (r.status !== 201) throw new Error(`import ${r.status}`);
  }
  console.log(`PostgreSQL, ${SIZE.toLocaleString('en')} customers, ${SECONDS} s per scenario, ${CONNECTIONS} reading connections per instance, ${WRITERS} writers renaming one customer`);
  console.log('| instances | reads/s | read p99 | renames/s | rename p99 | 412 retries | lost updates |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const [n, hot] of [[1, customer(1).id], [2, customer(2).id]]) {
    if (n === 2) children.push(await start(PORTS[1]));
    const ports = PORTS.slice(0, n);
    const until = Date.now() + SECONDS * 1000;
    const [reads, writes] = await Promise.all([
      Promise.all(ports.map(read)),
      Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(ports, w, hot, until))),
    ]);
    const latencies = writes.flatMap((w) => w.done);
    const log = await chain(ports[0], hot);
    const lost = latencies.length - log.entries + log.broken;
    const errors = reads.reduce((s, r) => s + r.errors + r.non2xx, 0);
    if (errors) throw new Error(`${errors} reads failed`);
    const rps = reads.reduce((s, r) => s + r.requests.average, 0);
    const readP99 = Math.max(...reads.map((r) => r.latency.p99));
    const retries = writes.reduce((s, w) => s + w.retries, 0);
    console.log(`| ${n} | ${Math.round(rps).toLocaleString('en')} | ${readP99} ms | ${(latencies.length / SECONDS).toFixed(1)} | ${p99(latencies).toFixed(0)} ms | ${retries} | ${lost} |`);
  }
  // The same new customers sent to both instances at once: each is created once.
  const before = (await api(PORTS[0], 'GET', '/api/customers?limit=1')).json.total;
  let created = 0;
  const PAIRS = 50;
  for (let k = 0; k < PAIRS; k++) {
    const body = { customers: [customer(SIZE + 1 + k)], subscriptions: [] };
    const answers = await Promise.all(PORTS.map((port) => api(port, 'POST', '/api/customers/import', body)));
    created += answers.filter((a) => a.status === 201).length;
    if (!answers.every((a) => a.status === 201 || a.status === 409)) throw new Error(answers.map((a) => a.status).join(' '));
  }
  const after = (await api(PORTS[1], 'GET', '/api/customers?limit=1')).json.total;
  console.log(`\nThe same ${PAIRS} new customers sent to both instances at once: ${created} created (201), ${2 * PAIRS - created} refused (409), the book grew by ${after - before}: ${after - before - PAIRS} duplicates.`);
} finally {
  await Promise.all(children.map(stop));
}
