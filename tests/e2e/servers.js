// Starts tests/e2e/static-server.mjs in another mode than playwright.config.js's default
// (which has an SPA fallback): a plain static host, a base path. Each call gets a free port.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./static-server.mjs', import.meta.url));

/** Resolves to { url, stop, served } once the server listens; `url` ends with the base path;
 *  with the `--log` flag, `served` lists the path of every file sent, in order. */
export function startServer(dir, ...flags) {
  const child = spawn(process.execPath, [script, dir, '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const served = [];
    child.stdout.on('data', (data) => {
      for (const [, path] of String(data).matchAll(/^served (\S+)$/gm)) served.push(path);
    });
    child.once('exit', (code) => reject(new Error(`static server exited with ${code}: ${out}`)));
    child.stdout.on('data', (data) => {
      out += data;
      const match = /at (http:\/\/\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1],
          served,
          stop: () => new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.kill();
          }),
        });
      }
    });
  });
}
