// A phone, 390 x 844: nothing scrolls sideways, the header folds into "Menu", the customers
// are cards (still only the ones in view in the page), and every flow still works by touch
// target and keyboard.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CUSTOMERS, openWithBook } from './fixtures.js';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

const fabrikam = CUSTOMERS[7];
const count = (page) => page.locator('p.count');
const menuButton = (page) => page.getByRole('button', { name: 'Menu' });

const PAGES = [
  ['/customers', 'Customers'],
  [`/customers/${fabrikam.id}`, 'Fabrikam Inc'],
  [`/customers/${fabrikam.id}/subscriptions`, 'Subscriptions: Fabrikam Inc'],
  [`/customers/${fabrikam.id}/services`, 'Service management: Fabrikam Inc'],
  ['/customers/removed', 'Removed customers'],
  ['/customers/invite', 'Request a reseller relationship'],
  ['/customers/new', 'Add customer'],
  ['/activity', 'Activity log'],
  ['/settings', 'Settings'],
];

/** How far the page, or the scrolling <main> inside it, reaches past the screen's width. */
async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const main = document.querySelector('main');
    return Math.max(root.scrollWidth - root.clientWidth, main.scrollWidth - main.clientWidth);
  });
}

/** Controls smaller than 44 x 44 px among those a finger taps (inline text links aside). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const taps = 'button, select, input:not([type="checkbox"]):not([type="radio"]), a.button, header nav a, .quick-links a, label.check';
    return [...document.querySelectorAll(taps)]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => !el.closest('.visually-hidden, dialog:not([open])'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent).trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
  });
}

async function noViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations, what).toEqual([]);
}

test('no page scrolls sideways, every touch target is 44 px, and axe is clean', async ({ page }) => {
  await openWithBook(page);
  for (const [path, heading] of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    expect(await sidewaysOverflow(page), path).toBe(0);
    expect(await smallTargets(page), path).toEqual([]);
    await noViolations(page, path);
  }
  // The menu open, and a card open.
  await page.goto('/customers');
  await page.getByRole('button', { name: `Show details for ${fabrikam.company_name}` }).click();
  await menuButton(page).click();
  expect(await sidewaysOverflow(page)).toBe(0);
  expect(await smallTargets(page)).toEqual([]);
  await noViolations(page, 'menu and a card open');
});

test('the menu opens from the keyboard and reaches Settings', async ({ page }) => {
  await openWithBook(page);
  await expect(count(page)).toHaveText(`Showing ${CUSTOMERS.length} of ${CUSTOMERS.length} customers`);
  const settings = page.getByRole('link', { name: 'Settings' });
  await expect(settings).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeHidden();
  // Skip link, then the menu button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(menuButton(page)).toBeFocused();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
  // Escape folds it again, focus back on the button.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Customers', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton(page)).toBeFocused();
  await expect(settings).toBeHidden();
  await page.keyboard.press('Space');
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
  for (const name of ['Customers', 'Activity log', 'Settings']) {
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name, exact: true })).toBeFocused();
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  // Following a link folds the menu.
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(settings).toBeHidden();
});

test('the language select in the menu switches the language and stays in reach', async ({ page }) => {
  await openWithBook(page);
  await menuButton(page).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  // The app is rendered again in French; the menu is still open and the select focused.
  await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('combobox', { name: 'Langue' })).toBeFocused();
});

test('customers are cards: company, domain, relationship, reseller and the details button', async ({ page }) => {
  await openWithBook(page);
  // The toolbar's stack leaves room for a few cards: find it first, as a person would.
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('Straßenbau');
  const card = page.locator('table.customers tr.row', { hasText: 'Straßenbau Müller GmbH' });
  await card.scrollIntoViewIfNeeded();
  const box = await card.boundingBox();
  // One card spans the screen, and its four lines are stacked in it.
  expect(box.width).toBeGreaterThan(340);
  await expect(card.getByText('Straßenbau Müller GmbH')).toBeInViewport();
  await expect(card.getByText('strassenbau-mueller.de')).toBeInViewport();
  await expect(card.getByRole('cell', { name: /^Relationship: Reseller/ })).toBeVisible();
  await expect(card.getByRole('cell', { name: 'Indirect reseller: Wingtip Toys' })).toBeVisible();
  const lines = await card.locator('td:visible').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(new Set(lines).size).toBeGreaterThanOrEqual(4);
  // Open it: the ID with its copy button and the quick links, all on screen.
  await card.getByRole('button', { name: 'Show details for Straßenbau Müller GmbH' }).click();
  const links = page.getByRole('navigation', { name: /Straßenbau Müller GmbH/ });
  // The panel has the fixed height the virtual list counts on, and all of it shows.
  const panel = page.locator('tr.detail .detail-body');
  expect(await panel.evaluate((el) => [el.scrollHeight <= el.clientHeight, el.scrollWidth <= el.clientWidth])).toEqual([true, true]);
  for (const link of await links.getByRole('link').all()) {
    await link.scrollIntoViewIfNeeded();
    // All of it, to the sub-pixel the page's fractional offsets leave under whole-pixel
    // scroll positions once the page itself scrolls to it.
    await expect(link).toBeInViewport({ ratio: 0.99 });
  }
  await expect(page.getByRole('button', { name: /Copy .*Straßenbau Müller GmbH/ })).toBeVisible();
  await links.getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscriptions: Straßenbau Müller GmbH');
});

test('10,000 cards: only those in view are in the page, and they cover the screen wherever it is scrolled', async ({ page }) => {
  await page.goto('/customers?storage=memory');
  await page.getByRole('combobox', { name: 'Sample size' }).selectOption('10000');
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  await expect(count(page)).toHaveText('Showing 10,000 of 10,000 customers');
  const scroller = page.locator('.table-scroll');
  // Open a card near the top, so the cards below sit lower by a detail panel.
  await page.locator('button.expand').nth(1).click();
  for (const fraction of [0, 0.001, 0.25, 0.5, 0.999, 1]) {
    await scroller.evaluate((el, f) => {
      el.scrollTop = f * (el.scrollHeight - el.clientHeight);
    }, fraction);
    // Once the window follows, the rendered rows cover the scroller's whole height.
    await expect
      .poll(() =>
        scroller.evaluate((el) => {
          const view = el.getBoundingClientRect();
          const rows = [...el.querySelectorAll('tbody tr:not(.spacer)')].map((r) => r.getBoundingClientRect());
          if (!rows.length) return 'no rows';
          const top = Math.min(...rows.map((r) => r.top));
          const bottom = Math.max(...rows.map((r) => r.bottom));
          // (The last card's bottom border is the list's, a pixel below.)
          return top <= view.top + 1 && bottom >= view.bottom - 2 ? 'covered' : `rows ${top}..${bottom}, view ${view.top}..${view.bottom}`;
        }),
        { message: `scrolled to ${fraction}` },
      )
      .toBe('covered');
    expect(await page.locator('table.customers tbody tr.row').count()).toBeLessThanOrEqual(30);
  }
  await expect(page.locator('table.customers tbody tr.row').last()).toBeInViewport();
});

test('search, expand and export work on a phone', async ({ page }) => {
  await openWithBook(page);
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  const filter = page.getByRole('combobox', { name: 'Indirect reseller' });
  const exportButton = page.getByRole('button', { name: 'Export customers' });
  // The toolbar stacks: search, then the filter, then the actions.
  const [s, f, e] = await Promise.all([search, filter, exportButton].map((l) => l.boundingBox()));
  expect(s.y + s.height).toBeLessThanOrEqual(f.y);
  expect(f.y + f.height).toBeLessThanOrEqual(e.y);
  await search.fill('fabrikam');
  await expect(count(page)).toHaveText(`Showing 1 of ${CUSTOMERS.length} customers`);
  await page.getByRole('button', { name: 'Show details for Fabrikam Inc' }).click();
  await expect(page.locator('code.customer-id')).toHaveText(fabrikam.id);
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(await download.path())).toString('utf8').trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('Fabrikam Inc');
});

test('the wizard can be completed on a phone', async ({ page }) => {
  await openWithBook(page, '/customers/new');
  // The shell and the wizard's chunk are in before anything is measured.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Add customer');
  const fits = async (step) => expect(await sidewaysOverflow(page), step).toBe(0);
  await fits('account info');
  await page.getByRole('textbox', { name: 'Company legal name', exact: true }).fill('Phone Testing Ltd');
  await page.getByRole('textbox', { name: 'Domain prefix' }).fill('phonetesting');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption('FR');
  await page.getByRole('textbox', { name: 'Address line 1' }).fill('2 rue du Bac');
  await page.getByRole('textbox', { name: 'City' }).fill('Paris');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('75007');
  await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Léa');
  await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Martin');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('lea@phonetesting.example');
  await page.getByRole('combobox', { name: 'Language and culture' }).selectOption('fr-FR');
  await page.getByRole('radio', { name: /asked to accept it in their admin centre/ }).check();
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await fits('indirect reseller');
  await page.getByRole('combobox', { name: 'Indirect reseller' }).selectOption({ label: 'Northwind Traders' });
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await fits('subscriptions');
  await page.getByRole('checkbox', { name: /^Power BI Pro/ }).check();
  await page.getByRole('textbox', { name: 'Licences for Power BI Pro' }).fill('3');
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Review', exact: true })).toBeVisible();
  await fits('review');
  expect(await smallTargets(page)).toEqual([]);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Customer added' })).toBeVisible();
  await fits('done');
  await noViolations(page, 'wizard done');
});

test('cards have their own "Sort by", "Order" and "Select all shown", one of each at a time', async ({ page }) => {
  await openWithBook(page);
  const sortBy = page.getByRole('combobox', { name: 'Sort by' });
  const order = page.getByRole('combobox', { name: 'Order' });
  const selectAll = page.getByRole('checkbox', { name: 'Select all shown' });
  // The header row's controls are left out; the cards' are the only ones.
  await expect(page.getByRole('button', { name: 'Company name' })).toHaveCount(0);
  await expect(selectAll).toHaveCount(1);
  await expect(sortBy).toHaveValue('name');
  await expect(order).toHaveValue('ascending');
  await expect(sortBy.getByRole('option')).toHaveText([
    'Company name', 'Primary domain name', 'Relationship', 'Indirect reseller', 'Tags', 'Created', 'Subscriptions (active count)',
  ]);

  await sortBy.selectOption({ label: 'Primary domain name' });
  await order.selectOption({ label: 'Descending' });
  await expect(page).toHaveURL(/[?&]sort=-domain/);
  const domains = await page.evaluate(
    (ds) => ds.slice().sort(new Intl.Collator('en').compare).reverse(),
    CUSTOMERS.map((c) => c.primary_domain),
  );
  await expect(page.locator('table.customers tr.row td.c-domain').first()).toHaveText(domains[0]);
  // Kept in the address: a reload shows the same sort in the same controls.
  await page.reload();
  await expect(sortBy).toHaveValue('domain');
  await expect(order).toHaveValue('descending');
  await expect(page.locator('table.customers tr.row td.c-domain').first()).toHaveText(domains[0]);

  // "Select all shown" takes every card the search leaves, from the keyboard too.
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('consult');
  const shown = await page.locator('table.customers tr.row').count();
  await selectAll.focus();
  await page.keyboard.press('Space');
  await expect(count(page)).toContainText(`${shown} selected`);
  await expect(page.getByRole('region', { name: 'Selected customers' })).toBeVisible();
  await noViolations(page, 'cards with their controls and the bulk bar');

  // On a wide screen the header row is back, and the cards' controls are gone.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(sortBy).toHaveCount(0);
  await expect(selectAll).toHaveCount(1);
  await expect(page.getByRole('columnheader', { name: 'Primary domain name' })).toHaveAttribute('aria-sort', 'descending');
});
