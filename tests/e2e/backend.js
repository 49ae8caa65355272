// The reference server (crates/server) for specs that point the app at a backend: a real
// clientele-server process on a fresh SQLite file, with real users and tokens made by its
// CLI, and CORS open to the app's origin only.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTOMERS, SUBSCRIPTIONS, SETTINGS } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The benchmark passes a release build; the specs use the debug one scripts/test builds.
const binary = process.env.CLIENTELE_SERVER ?? join(root, 'target', 'debug', 'clientele-server');

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server with two users and returns
 * { url, tokens: { admin, helpdesk }, api(token, method, path, body?), stop(), start() }.
 * `stop` and `start` stop and start the same server (same port, same database), as when a
 * server goes down mid-session and comes back.
 */
let databases = 0;

/**
 * A fresh database: a SQLite file in `dir`, or, with E2E_DATABASE=postgres (scripts/test runs
 * the backend specs a second time so), a new database in scripts/pg's running cluster.
 */
function freshDatabase(dir) {
  if (process.env.E2E_DATABASE !== 'postgres') return `sqlite://${join(dir, 'clientele.sqlite3')}`;
  databases += 1;
  const name = `clientele_e2e_${process.pid}_${databases}`;
  return execFileSync(join(root, 'scripts', 'pg'), ['createdb', name], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim();
}

/** "sqlite" or "postgres": what the server's health says it runs on. */
export const DATABASE = process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export async function startBackend(appOrigin, origins = [appOrigin]) {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-e2e-'));
  const env = {
    ...process.env,
    DATABASE_URL: freshDatabase(dir),
    CLIENTELE_ORIGINS: origins.join(','),
    RUST_LOG: 'warn',
  };
  const addUser = (name, role) =>
    execFileSync(binary, ['user', 'add', '--name', name, '--role', role], { env, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  const tokens = { admin: addUser('Ada Admin', 'global-admin'), helpdesk: addUser('Hugo Helpdesk', 'helpdesk-agent') };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = null;

  async function start() {
    child = spawn(binary, ['serve'], { env: { ...env, CLIENTELE_ADDR: `127.0.0.1:${port}` }, stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('clientele-server did not start');
  }

  async function stop() {
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    child = null;
  }

  async function api(token, method, path, body, headers = {}) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null };
  }

  await start();
  return {
    url,
    tokens,
    api,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    /** The fixture's partner profile, resellers and customers, stored on the server. */
    async seed() {
      const current = await api(tokens.admin, 'GET', '/api/settings');
      const put = await api(
        tokens.admin,
        'PUT',
        '/api/settings',
        { partner: SETTINGS.partner, resellers: SETTINGS.resellers },
        { 'if-match': current.etag },
      );
      if (put.status !== 200) throw new Error(`settings: ${put.status} ${JSON.stringify(put.body)}`);
      const imported = await api(tokens.admin, 'POST', '/api/customers/import', {
        customers: CUSTOMERS,
        subscriptions: SUBSCRIPTIONS,
      });
      if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    },
  };
}

/** Opens the app at `path` already pointed at the backend with `token`. */
export async function openOnBackend(page, backend, token, path = '/customers') {
  await page.addInitScript(
    ({ url, token }) => {
      localStorage.setItem('clientele.storage', JSON.stringify({ kind: 'server', url, token }));
    },
    { url: backend.url, token },
  );
  await page.goto(path);
}
