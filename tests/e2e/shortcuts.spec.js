// Keyboard shortcuts for power users: "?" lists them, "/" searches, j/k move between rows,
// Enter expands, n adds a customer; none of them fires while the user is typing.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, openWithBook, storedBook } from './fixtures.js';

const count = (page) => page.getByText(/^Showing [\d,]+ of [\d,]+ customers?$/);
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

test('"?" lists the shortcuts, also from the header button', async ({ page }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row')).toHaveCount(8);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts (?)' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('"/" focuses the search, and typing there is never taken as a shortcut', async ({ page }) => {
  await openWithBook(page);
  await expect(count(page)).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await expect(search).toBeFocused();
  await page.keyboard.type('jkn?');
  await expect(search).toHaveValue('jkn?');
  await expect(page).toHaveURL(/\/customers(\?.*)?$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('j and k move between rows, Enter expands, across the virtual table', async ({ page }) => {
  await page.goto('/customers');
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await expect(count(page)).toHaveText('Showing 200 of 200 customers');
  await page.keyboard.press('j');
  const first = page.locator('button.expand').first();
  await expect(first).toBeFocused();
  const ids = (await storedBook(page)).customers.map((c) => c.id);
  for (let i = 0; i < 60; i++) await page.keyboard.press('j');
  // The 61st row of the sorted list: rendered, focused and scrolled into view. Focus lands in
  // a later frame than the key (the row is rendered first), so wait for it to settle there:
  // 60 rows of 44 px above it, below the header.
  const focusedRowIndex = () =>
    page.evaluate(() => {
      const tr = document.activeElement?.closest('tr');
      const table = tr?.closest('table');
      return tr && table ? Math.round((tr.offsetTop - table.tHead.offsetHeight) / 44) : -1;
    });
  await expect.poll(focusedRowIndex).toBe(60);
  const sixtyFirst = await focusedId(page);
  expect(sixtyFirst).toMatch(/^expand-/);
  expect(ids).toContain(sixtyFirst.slice('expand-'.length));
  await expect(page.locator(`[id="${sixtyFirst}"]`)).toBeInViewport();
  await page.keyboard.press('k');
  await expect.poll(() => focusedId(page)).not.toBe(sixtyFirst);
  const sixtieth = await focusedId(page);
  // The row focused by k is the one just above: the next row down holds the 61st.
  const below = await page.evaluate((id) => {
    let tr = document.getElementById(id).closest('tr').nextElementSibling;
    while (tr && !tr.classList.contains('row')) tr = tr.nextElementSibling;
    return tr?.querySelector('button.expand')?.id;
  }, sixtieth);
  expect(below).toBe(sixtyFirst);
  await page.keyboard.press('Enter');
  await expect(page.locator(`[id="${sixtieth}"]`)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('j');
  await expect.poll(() => focusedId(page)).toBe(sixtyFirst);
});

test('"n" adds a customer, and "/" from another page returns to the search', async ({ page }) => {
  await openWithBook(page, '/activity');
  await expect(page.getByRole('heading', { name: 'Activity log' })).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
  await page.getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Activity log' })).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toBeFocused();
});
