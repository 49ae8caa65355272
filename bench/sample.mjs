// What the browser benchmarks share: a new browser context with the sample book of `size`
// customers loaded into the built app (kept in IndexedDB), and how long loading took.
export async function openWithSample(browser, url, size) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/customers`);
  await page.getByRole('combobox', { name: 'Sample size' }).selectOption(String(size));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Load sample customers' }).click();
  const n = size.toLocaleString('en');
  await page.getByText(`Showing ${n} of ${n} customers`).waitFor({ timeout: 600_000 });
  return { context, page, loadMs: Date.now() - t0 };
}
