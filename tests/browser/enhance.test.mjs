// The site in a real browser: reader preferences that persist across pages (and work without a
// script on the page they are set on), lists sorted and filtered in place by the script and
// through links without it, 360 px phones, and print.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, serve, launch, PAGE_TYPES, urlPath } from './lib.mjs';

let browser, site;

before(async () => {
  site = await serve(buildSite());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url + path);
  return { page, context, errors };
}

test('larger text and high contrast are toggled by checkboxes and kept across pages', async () => {
  const { page, context, errors } = await open('bozhou/2024/');
  const large = page.getByRole('checkbox', { name: '大字号' });
  const contrast = page.getByRole('checkbox', { name: '高对比度' });
  assert.equal(await large.isChecked(), false);
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await large.check();
  await contrast.check();
  assert.equal(await large.isChecked(), true);
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(after > before * 1.2, `text grows: ${before} → ${after}`);
  await page.getByRole('link', { name: '关于本站' }).first().click();
  await page.waitForURL(/about/);
  assert.deepEqual(
    await page.evaluate(() => [...document.documentElement.classList].sort()),
    ['high-contrast', 'js', 'large-text'],
  );
  assert.equal(await page.getByRole('checkbox', { name: '大字号' }).isChecked(), true);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(0, 0, 0)');
  await page.getByRole('checkbox', { name: '高对比度' }).uncheck();
  await page.reload();
  assert.deepEqual(await page.evaluate(() => [...document.documentElement.classList].sort()), ['js', 'large-text']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without JavaScript the reading aids still work on the page and lists sort through links', async () => {
  const { page, context } = await open('bozhou/2024/goals/', { javaScriptEnabled: false });
  assert.equal(await page.locator('.prefs').isVisible(), true);
  assert.equal(await page.locator('.table-filter').count(), 0);
  await page.getByRole('link', { name: '资金从高到低' }).click();
  await page.waitForURL(/_sort_funds/);
  const funds = await page.$$eval('tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.dataset.sort)));
  assert.equal(funds.length, 12);
  assert.deepEqual(funds, [...funds].sort((a, b) => b - a));
  await page.getByText('筛选：单位').click();
  await page.getByRole('link', { name: '博尔塔拉蒙古自治州水利局', exact: true }).click();
  await page.waitForURL(/_unit_slj/);
  assert.equal(await page.locator('tbody tr').count(), 3);
  await context.close();
});

test('the script sorts a list by a column header and finds rows, keeping withheld rows last', async () => {
  const { page, context, errors } = await open('kashi-edz/2024/evaluations/');
  const header = page.getByRole('button', { name: /涉及资金/ });
  await header.click();
  const th = page.locator('thead th').nth(2);
  assert.equal(await th.getAttribute('aria-sort'), 'ascending');
  const read = () => page.$$eval('tbody tr', (rows) => rows.map((r) => (r.classList.contains('stub-row') ? 'stub' : Number(r.cells[2].dataset.sort))));
  let order = await read();
  const records = order.filter((x) => x !== 'stub');
  assert.deepEqual(records, [...records].sort((a, b) => a - b));
  assert.deepEqual(order.slice(records.length), Array(5).fill('stub'));
  await header.click();
  assert.equal(await th.getAttribute('aria-sort'), 'descending');
  order = await read();
  assert.deepEqual(order.slice(0, 6), [...records].sort((a, b) => b - a));
  await page.getByLabel('在本表中查找').fill('城东');
  const visible = await page.$$eval('tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[0].textContent.trim()));
  assert.ok(visible.length >= 2 && visible.every((t) => t.includes('城东')), visible.join());
  assert.match(await page.locator('.table-filter-count').textContent(), /显示 \d+ 项，共 11 项/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every page type fits a 360 px phone without scrolling sideways', async () => {
  const { page, context } = await open('', { viewport: { width: 360, height: 740 } });
  for (const [name, file] of Object.entries(PAGE_TYPES)) {
    if (file === '404.html') continue;
    await page.goto(site.url + urlPath(file));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${name}: the page is ${width} px wide`);
  }
  await context.close();
});

test('printing hides navigation and prints every row of a table', async () => {
  const { page, context } = await open('bozhou/2024/goals/');
  await page.getByLabel('在本表中查找').fill('不存在的项目');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-nav').isVisible(), false);
  assert.equal(await page.locator('.list-views').isVisible(), false);
  const shown = await page.$$eval('tbody tr', (rows) => rows.filter((r) => getComputedStyle(r).display !== 'none').length);
  assert.equal(shown, 12);
  const overflow = await page.$eval('.table-wrap', (w) => getComputedStyle(w).overflowX);
  assert.equal(overflow, 'visible');
  await context.close();
});
