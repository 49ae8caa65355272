// Static hosting: the release build in dist/ on hosts with no SPA fallback, at the root and
// under a sub-path, with deep links reloaded; its Content-Security-Policy and SRI.
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CUSTOMERS, openWithBook } from './fixtures.js';
import { startServer } from './servers.js';

const FABRIKAM = CUSTOMERS[7];
const subscriptionsPath = `customers/${FABRIKAM.id}/subscriptions`;
const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);

test.describe('A plain static host without an SPA fallback', () => {
  // The host, not the service worker's cached shell (tests/e2e/offline.spec.js), must answer.
  test.use({ serviceWorkers: 'block' });

  test('without 404.html a deep link is the host\'s 404, which is why dist/ has one', async ({ request }) => {
    const server = await startServer('dist', '--no-spa');
    try {
      const response = await request.get(`${server.url}${subscriptionsPath}`);
      expect(response.status()).toBe(404);
      expect(await response.text()).toBe('Not found');
      // The file that a GitHub Pages-style host serves instead is the app itself.
      expect(await readFile('dist/404.html', 'utf8')).toBe(await readFile('dist/index.html', 'utf8'));
    } finally {
      await server.stop();
    }
  });

  for (const base of ['/', '/tools/clientele/']) {
    test(`a deep link works on reload, served as 404.html, at ${base}`, async ({ page }) => {
      const server = await startServer('dist', '--base', base, '--no-spa', '--404');
      try {
        expect(server.url).toMatch(new RegExp(`${base}$`));
        await openWithBook(page, server.url);
        await expect(page).toHaveURL(`${server.url}customers`);
        await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);

        // In-app links keep the base path: the router's <A>, navigate(), and plain <a>s.
        await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
        const quickLinks = page.getByRole('navigation', { name: 'Quick links for Fabrikam Inc' });
        await expect(quickLinks.getByRole('link', { name: 'Subscriptions' })).toHaveAttribute('href', `${base}${subscriptionsPath}`);
        await quickLinks.getByRole('link', { name: 'Subscriptions' }).click();
        await expect(page).toHaveURL(`${server.url}${subscriptionsPath}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Fabrikam Inc');

        // The reload is answered by the host's 404 page, which is the app.
        const reload = await page.reload();
        expect(reload.status()).toBe(404);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Fabrikam Inc');
        await expect(page.getByRole('row')).toHaveCount(3);

        // A fresh visit straight to a deep link, and the header links from there.
        await page.goto(`${server.url}customers/${FABRIKAM.id}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Inc');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity log' }).click();
        await expect(page).toHaveURL(`${server.url}activity`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activity log');
        await page.goto(`${server.url}customers/new?step=account`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Add customer');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
        await expect(page).toHaveURL(`${server.url}customers`);
        await expect(count(page)).toBeVisible();
        // The search written into the address keeps the base path too.
        await page.getByRole('searchbox', { name: 'Search customers' }).fill('fabrikam');
        await expect(page).toHaveURL(`${server.url}customers?q=fabrikam`);
        await page.reload();
        await expect(count(page)).toHaveText(`Showing 1 of ${CUSTOMERS.length} customers`);

        // The skip link targets <main> on this page, not the base path.
        await page.goto(`${server.url}settings`);
        await expect(page.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', `${base}settings#main`);
      } finally {
        await server.stop();
      }
    });
  }

  test('the base path itself without its slash redirects, and the manifest is relative to it', async ({ page, request }) => {
    const server = await startServer('dist', '--base', '/tools/clientele/', '--no-spa', '--404');
    try {
      await openWithBook(page, server.url.replace(/\/$/, ''));
      await expect(page).toHaveURL(`${server.url}customers`);
      await expect(count(page)).toBeVisible();
      const manifestHref = await page.locator('link[rel=manifest]').evaluate((l) => l.href);
      expect(manifestHref).toBe(`${server.url}manifest.webmanifest`);
      const manifest = await (await request.get(manifestHref)).json();
      expect(manifest).toMatchObject({ name: 'Clientele', start_url: './', scope: './', display: 'standalone', theme_color: '#14213d' });
      for (const icon of manifest.icons) {
        const response = await request.get(new URL(icon.src, manifestHref).href);
        expect(response.status(), icon.src).toBe(200);
        expect(response.headers()['content-type']).toBe(icon.type);
      }
      expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    } finally {
      await server.stop();
    }
  });
});

test.describe('Content-Security-Policy and SRI', () => {
  test('every asset of dist/index.html carries an integrity hash, and the CSP hashes its inline scripts and style', async () => {
    const html = await readFile('dist/index.html', 'utf8');
    const assets = [...html.matchAll(/<(link|script)\b[^>]*>/g)]
      .map(([tag]) => tag)
      .filter((tag) => /\brel=["']?(stylesheet|modulepreload|preload)\b/.test(tag) || /\bsrc=/.test(tag));
    // The main module's preload; the stylesheet and the scripts are in the page.
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatch(/\bhref=["']?\.\/clientele-[0-9a-f]{16}_bg\.wasm\b/);
    for (const tag of assets) {
      expect(tag, tag).toMatch(/\bintegrity=["']?sha384-[A-Za-z0-9+/=]+/);
      if (/modulepreload|\bas=["']?fetch/.test(tag)) expect(tag, tag).toMatch(/\bcrossorigin\b/);
    }

    const cspMeta = /<meta\b[^>]*\bhttp-equiv=["']?Content-Security-Policy\b[^>]*>/i.exec(html)?.[0] ?? '';
    const csp = /\bcontent="([^"]+)"/.exec(cspMeta)?.[1];
    expect(csp).toBeTruthy();
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    expect(styles[0][1]).toContain('.update-prompt');
    expect(directives['style-src']).toEqual(["'self'", `'sha256-${createHash('sha256').update(styles[0][1]).digest('base64')}'`]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'self'"]);
    // The English texts' data block is not a script the browser runs.
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attrs]) => !/\bsrc=|\btype="text\/plain"/.test(attrs));
    expect(inline.length).toBe(2); // the base script and the one that starts the app
    const hashes = inline.map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", ...hashes]);

    // The same policy as a header, for hosts that read dist/_headers, with frame-ancestors.
    const headers = await readFile('dist/_headers', 'utf8');
    expect(headers).toContain(`Content-Security-Policy: ${csp}; frame-ancestors 'none'\n`);
  });

  test('no CSP violation anywhere in the app, and the policy is in force', async ({ page }) => {
    const violations = [];
    page.on('console', (msg) => {
      if (/Content[ -]Security[ -]Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.reportViolation(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    await openWithBook(page);
    await expect(count(page)).toBeVisible();
    // The list's spacer rows get their height through the CSSOM, which the policy allows.
    expect(await page.locator('tr.spacer').first().evaluate((tr) => tr.style.height)).toMatch(/^\d+px$/);
    await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
    await page.getByRole('button', { name: 'Copy customer ID of Fabrikam Inc' }).click();
    const quickLinks = page.getByRole('navigation', { name: 'Quick links for Fabrikam Inc' });
    await quickLinks.getByRole('link', { name: 'Fabrikam Inc' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrikam Inc');
    for (const [path, heading] of [
      [`/customers/${FABRIKAM.id}/subscriptions`, 'Subscriptions: Fabrikam Inc'],
      [`/customers/${FABRIKAM.id}/services`, 'Service management: Fabrikam Inc'],
      ['/customers/new?step=account', 'Add customer'],
      ['/customers/invite', 'Request a reseller relationship'],
      ['/customers/removed', 'Removed customers'],
      ['/activity', 'Activity log'],
      ['/settings', 'Settings'],
      ['/nowhere', 'Page not found'],
    ]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    }
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Export' }).first().click().catch(() => {});
    await expect(count(page)).toBeVisible();
    expect(violations).toEqual([]);

    // A negative control: the same page refuses an inline script and an inline style
    // attribute (eval can't be probed here: Playwright's evaluate is exempt from the CSP).
    const refused = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      const probe = document.createElement('div');
      probe.setAttribute('style', 'width: 123px');
      document.body.append(probe);
      const styleRefused = getComputedStyle(probe).width !== '123px';
      probe.remove();
      script.remove();
      return { scriptRefused: window.inlineRan !== true, styleRefused };
    });
    expect(refused).toEqual({ scriptRefused: true, styleRefused: true });
    await expect.poll(() => violations.length).toBe(2);
    expect(violations.join('\n')).toMatch(/script-src/);
    expect(violations.join('\n')).toMatch(/style-src/);
  });
});
