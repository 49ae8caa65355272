// Settings → Storage: "Download backup" and "Restore from backup" of the browser book
// (issue 15), on the real IndexedDB store.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openWithBook, storedBook, CUSTOMERS, SUBSCRIPTIONS } from './fixtures.js';

const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);

async function downloadBackup(page) {
  await page.goto('/settings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clientele-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByText(`Backup downloaded: ${download.suggestedFilename()}.`)).toBeVisible();
  return readFile(await download.path(), 'utf8');
}

/** Adds one customer through the import page: a change made after the backup. */
async function importOne(page) {
  await page.goto('/customers/import');
  await page.getByLabel('Customer file').setInputFiles({
    name: 'one.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Company name,Primary domain name\r\nTailspin Toys,tailspin.example\r\n'),
  });
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('heading', { name: 'Import done' })).toBeVisible();
}

async function pickBackup(page, text) {
  await page.goto('/settings');
  await page.getByLabel('Restore from backup').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
}

const VIEWS = 'clientele.views';
const EMEA = { name: 'EMEA renewals', params: 'q=emea&sort=-created' };

test('backup, change something, then restore brings the old state back', async ({ page }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.evaluate(([key, view]) => localStorage.setItem(key, JSON.stringify([view])), [VIEWS, EMEA]);
  const text = await downloadBackup(page);
  const file = JSON.parse(text);
  expect(file.schema).toBe(2);
  expect(file.content.views).toEqual([EMEA]);
  expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(file.content.book.customers).toHaveLength(CUSTOMERS.length);
  expect(file.content.settings.partner.display_name).toBe('Adatum Cloud');

  await importOne(page);
  // The views change too: the one saved is forgotten, another saved.
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify([{ name: 'Later', params: 'sort=name' }])), VIEWS);
  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length + 1} of ${CUSTOMERS.length + 1} customers`);

  await pickBackup(page, text);
  await expect(
    page.getByText(`It holds ${CUSTOMERS.length} customers, ${SUBSCRIPTIONS.length} subscriptions, 0 removed customers, 0 activity log entries and 1 saved views.`),
  ).toBeVisible();
  const replace = page.getByRole('button', { name: 'Replace this book with the backup' });
  await expect(replace).toBeDisabled();
  // The current book is offered first.
  const [current] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the current book first' }).click()]);
  expect(JSON.parse(await readFile(await current.path(), 'utf8')).content.book.customers).toHaveLength(CUSTOMERS.length + 1);
  await page.getByLabel("To confirm, type the partner's name: Adatum Cloud").fill('Adatum');
  await expect(replace).toBeDisabled();
  await page.getByLabel("To confirm, type the partner's name: Adatum Cloud").fill('Adatum Cloud');
  await replace.click();
  await expect(page.getByText(/^The book was replaced with the backup of /)).toBeVisible();

  await page.goto('/customers');
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  // The saved views are the backup's again.
  await expect(page.getByLabel('Views', { exact: true }).getByRole('option')).toHaveText(['Choose a view', 'EMEA renewals']);
  const stored = await storedBook(page);
  expect(stored.customers.map((c) => c.id).sort()).toEqual(CUSTOMERS.map((c) => c.id).sort());
  // Logged, and the log lost nothing: the import's entry is still there.
  expect(stored.activity.map((e) => e.action)).toEqual(['CustomersImported', 'BookRestored']);
});

test('a corrupt backup is refused and nothing changes', async ({ page }) => {
  await openWithBook(page);
  const text = await downloadBackup(page);
  await importOne(page);
  const before = await storedBook(page);

  await pickBackup(page, text.replace('Société Générale Conseil', 'Société Générale Conseils'));
  await expect(page.getByRole('alert').filter({ hasText: 'This backup is damaged' })).toHaveText(
    'This backup is damaged: its content does not match its checksum (it was cut short or edited). Nothing was changed.',
  );
  await expect(page.getByRole('button', { name: 'Replace this book with the backup' })).toHaveCount(0);

  await pickBackup(page, text.replace('"schema":2', '"schema":3'));
  await expect(page.getByRole('alert').filter({ hasText: 'newer version' })).toContainText('This backup was written by a newer version of Clientele (schema 3; this one reads 2).');

  expect(await storedBook(page)).toEqual(before);
});

const DAY = 86_400_000;

/** Sets when the book was last backed up and first changed since, before the app starts. */
async function backupAges(page, lastBackupDaysAgo, changedDaysAgo) {
  await page.addInitScript(
    ({ backup, changed }) => {
      if (sessionStorage.getItem('ages-written')) return;
      sessionStorage.setItem('ages-written', '1');
      localStorage.setItem('clientele.backup.last', String(backup));
      localStorage.setItem('clientele.backup.changed', String(changed));
    },
    { backup: Date.now() - lastBackupDaysAgo * DAY, changed: Date.now() - changedDaysAgo * DAY },
  );
}

test('a reminder says when changes are in no backup over 7 days old; dismissing it is remembered', async ({ page }) => {
  await backupAges(page, 8, 1);
  await openWithBook(page);
  const reminder = page.getByText("This browser's book has changes that are in no backup, and the last backup is over 7 days old.");
  await expect(reminder).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back up in Settings' })).toHaveAttribute('href', /\/settings$/);
  await page.getByRole('button', { name: 'Remind me later' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(count(page)).toBeVisible();
  await expect(reminder).toHaveCount(0);
});

test('no reminder after a recent backup, and a backup stops it', async ({ page }) => {
  await backupAges(page, 3, 1);
  await openWithBook(page);
  await expect(count(page)).toBeVisible();
  const reminder = page.getByText("This browser's book has changes that are in no backup, and the last backup is over 7 days old.");
  await expect(reminder).toHaveCount(0);
  // Backed up 8 days ago and changed since: reminded, until a backup is downloaded.
  await page.evaluate((ms) => localStorage.setItem('clientele.backup.last', String(ms)), Date.now() - 8 * DAY);
  await page.reload();
  await expect(reminder).toBeVisible();
  await downloadBackup(page);
  await page.goto('/customers');
  await expect(count(page)).toBeVisible();
  await expect(reminder).toHaveCount(0);
  // A change after the backup is remembered as one.
  await importOne(page);
  const changed = await page.evaluate(() => Number(localStorage.getItem('clientele.backup.changed')));
  const backedUp = await page.evaluate(() => Number(localStorage.getItem('clientele.backup.last')));
  expect(changed).toBeGreaterThan(backedUp);
});
