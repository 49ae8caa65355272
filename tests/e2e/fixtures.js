// A small, hand-made customer book written into the browser's real localStorage before the
// app starts, in the app's stored format (schema 2), so specs can name exact customers.
export const RESELLERS = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Northwind Traders' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'Wingtip Toys' },
];

const address = { line1: '1 rue de la Paix', line2: '', city: 'Paris', state: '', postal_code: '75002', country: 'FR' };
const contact = { first_name: 'Ana', last_name: 'Silva', email: 'ana@example.com', phone: '' };

function customer(n, company_name, primary_domain, reseller) {
  return {
    id: `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`,
    company_name,
    primary_domain,
    relationship: n % 2 ? 'Reseller' : 'ResellerWithDelegatedAdmin',
    reseller_id: reseller === undefined ? null : RESELLERS[reseller].id,
    billing_address: address,
    primary_contact: contact,
    created_at: '2025-03-01T10:00:00Z',
  };
}

export const CUSTOMERS = [
  customer(1, 'Société Générale Conseil', 'societe-conseil.fr', 0),
  customer(2, 'Straßenbau Müller GmbH', 'strassenbau-mueller.de', 1),
  customer(3, '台灣微軟顧問有限公司', 'twconsult.com.tw', 0),
  customer(4, 'José Ramos Consultoria', 'joseramos.example', undefined),
  customer(5, '=HYPERLINK("http://evil.example") Labs', 'hyperlink-labs.example', 0),
  customer(6, 'Contoso, "Ltd"', 'contoso.com', 1),
  customer(7, '+Plus Consulting', 'plus-consulting.example', 0),
  customer(8, 'Fabrikam Inc', 'fabrikam.onmicrosoft.com', undefined),
];

export const SUBSCRIPTIONS = [
  {
    id: 'bbbbbbbb-0000-4000-8000-000000000001',
    customer_id: CUSTOMERS[7].id,
    offer_name: 'Microsoft 365 Business Premium',
    quantity: 25,
    status: 'Active',
    reseller_id: null,
  },
  {
    id: 'bbbbbbbb-0000-4000-8000-000000000002',
    customer_id: CUSTOMERS[7].id,
    offer_name: 'Exchange Online (Plan 1)',
    quantity: 3,
    status: 'Suspended',
    reseller_id: null,
  },
];

export const SETTINGS = {
  partner: {
    display_name: 'Adatum Cloud',
    tenant_id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    partner_id: '1234567',
    email_domain: 'adatum-partner.example',
    kind: 'IndirectProvider',
  },
  user: { display_name: 'Test Agent', role: 'GlobalAdmin' },
  resellers: RESELLERS,
};

/** A log entry as stored, `daysAgo` days before now. */
export function logEntry(daysAgo, customer, action, before = '', after = '') {
  return {
    at_ms: Date.now() - daysAgo * 86_400_000,
    customer_id: customer.id,
    customer_name: customer.company_name,
    action,
    subject: '',
    before,
    after,
    by: 'Earlier Agent',
  };
}

/**
 * Opens the app with the fixture book stored (once: a reload keeps what the app wrote).
 * `activity` is the stored log (oldest first); `settings` replaces SETTINGS, `customers` and
 * `subscriptions` the fixture's.
 */
export async function openWithBook(
  page,
  path = '/customers',
  { activity = [], settings = SETTINGS, customers = CUSTOMERS, subscriptions = SUBSCRIPTIONS } = {},
) {
  await page.addInitScript(
    ({ book, settings }) => {
      if (sessionStorage.getItem('fixture-written')) return;
      sessionStorage.setItem('fixture-written', '1');
      localStorage.setItem('clientele.book', JSON.stringify({ schema: 2, data: book }));
      localStorage.setItem('clientele.settings', JSON.stringify({ schema: 2, data: settings }));
    },
    { book: { customers, subscriptions, removed: [], activity }, settings },
  );
  await page.goto(path);
}

/** The text of a download, BOM included. */
export async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const { readFile } = await import('node:fs/promises');
  return { name: download.suggestedFilename(), text: (await readFile(await download.path())).toString('utf8') };
}

/** Remembers `code` ("fr", "zh-TW") as the UI's language before the app first starts. */
export async function useLanguage(page, code) {
  await page.addInitScript((code) => {
    if (sessionStorage.getItem('language-written')) return;
    sessionStorage.setItem('language-written', '1');
    localStorage.setItem('clientele.lang', code);
  }, code);
}

/** A whole CSV file (no BOM) as rows of cells, per RFC 4180, cells split at `separator`. */
export function parseCsv(text, separator = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The book as this browser's IndexedDB holds it now: customers and the log (oldest first). */
export async function storedBook(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('clientele');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['customers', 'activity'], 'readonly');
          const out = {};
          const customers = tx.objectStore('customers').getAll();
          // Customers are kept in buckets: each the UTF-8 bytes of a JSON array of records,
          // each packed as an array in the order of crates/domain/src/bucket.rs.
          const text = (bytes) => new TextDecoder().decode(bytes);
          const unpack = ([, id, company_name, primary_domain, relationship, reseller_id, a, p, created_at, details, tags]) => ({
            id, company_name, primary_domain, relationship, reseller_id,
            billing_address: { line1: a[0], line2: a[1], city: a[2], state: a[3], postal_code: a[4], country: a[5] },
            primary_contact: { first_name: p[0], last_name: p[1], email: p[2], phone: p[3] },
            created_at, details, tags,
          });
          customers.onsuccess = () => (out.customers = customers.result.flatMap((b) => JSON.parse(text(b)).map(unpack)));
          const activity = tx.objectStore('activity').getAll();
          // A change of more than one entry keeps them in one record, `j` an array of them.
          activity.onsuccess = () => (out.activity = activity.result.flatMap((o) => (Array.isArray(o.j) ? o.j : [o.j]).map((j) => JSON.parse(j))));
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * Gives this origin only `room` bytes more than it uses now, before the app first writes:
 * Chromium's quota override, through the DevTools protocol. (Set later, it would not be seen:
 * Chromium checks writes against the space it counted at the first one.) Returns the
 * function that lifts the limit.
 */
export async function limitStorage(page, baseURL, room = 8 << 20) {
  const origin = new URL(baseURL).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: room });
  return async () => {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp.detach();
  };
}

/**
 * Fills the room `limitStorage` left with random bytes (the browser compresses what it
 * stores, so only noise fills it), in a database of its own: a megabyte at a time until the
 * browser refuses, then smaller pieces into what remains, so the app's next write finds no
 * room, as on a full disk.
 */
export async function fillStorage(page) {
  const refused = await page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('filler');
      open.onupgradeneeded = () => open.result.createObjectStore('filler');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const put = (key, size) =>
      new Promise((resolve) => {
        const tx = db.transaction('filler', 'readwrite');
        const noise = new Uint8Array(size);
        for (let i = 0; i < noise.length; i += 65536) crypto.getRandomValues(noise.subarray(i, Math.min(i + 65536, size)));
        tx.objectStore('filler').put(noise, key);
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      });
    // A megabyte at a time until refused, then smaller and smaller pieces into what is left,
    // so that not even a small write (one customer) still fits.
    let key = 0;
    let first = null;
    for (; key < 64 && !first; key++) first = await put(key, 1 << 20);
    if (!first) return (db.close(), 'never refused');
    for (const size of [1 << 16, 1 << 12, 1 << 8]) {
      for (let tries = 0; tries < 64 && !(await put(key++, size)); tries++);
    }
    return (db.close(), first);
  });
  if (refused !== 'QuotaExceededError') throw new Error(`storage could not be filled: ${refused}`);
}

/**
 * Holds the main wasm module's download back until `asked()` is true (or 10 s have passed),
 * to check what the page asks for before the main module arrives. Returns, per download,
 * whether `asked()` was true when it went on.
 */
export async function holdMainModuleUntil(page, asked) {
  const askedBeforeMain = [];
  await page.route(/\/clientele-[0-9a-f]{16}_bg\.wasm$/, async (route) => {
    for (const deadline = Date.now() + 10_000; !asked() && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    askedBeforeMain.push(asked());
    await route.continue();
  });
  return askedBeforeMain;
}

/**
 * Refuses the requests matching `pattern` as a dropped connection would, until `stop()`.
 * `refused()`: how many were refused so far.
 */
export async function refuseRequests(page, pattern) {
  let refused = 0;
  const refuse = (route) => {
    refused += 1;
    return route.abort('internetdisconnected');
  };
  await page.route(pattern, refuse);
  return { refused: () => refused, stop: () => page.unroute(pattern, refuse) };
}
