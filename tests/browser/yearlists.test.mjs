// The year page and the lists in a real browser (issue 18): 其他核算数据 opens and closes with
// the keyboard, without script too; list totals stay in the table's foot when the script sorts
// and filters; the withheld register sorts and filters through links without JavaScript and in
// place with it; axe-core and the Nu checker find nothing on the new views.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bothSites, vnuErrors, axeViolations } from './lib.mjs';

/** The pages this part added or changed. */
const PAGES = [
  'bozhou/2024/index.html',
  'changji/2020/index.html',
  'bozhou/2024/goals/index.html',
  'bozhou/2024/self-evaluations/index.html',
  'withheld/index.html',
  'withheld/_sort_title/index.html',
  'withheld/_reason_sensitive/index.html',
  'withheld/_region_bozhou/index.html',
];

const sites = bothSites();

async function open(base, path, options = {}) {
  const context = await sites.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base.url + path);
  return { page, context, errors };
}

for (const js of [true, false]) {
  test(`其他核算数据 opens and closes with the keyboard (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const { page, context, errors } = await open(sites.zh, 'bozhou/2024/', { javaScriptEnabled: js });
    const details = page.locator('details.computed-figures');
    const table = details.locator('table').first();
    assert.equal(await details.evaluate((d) => d.open), false, 'collapsed at first');
    assert.equal(await table.isVisible(), false);
    const summary = details.locator('summary');
    await summary.focus();
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
    await page.keyboard.press('Enter');
    assert.equal(await details.evaluate((d) => d.open), true, 'Enter opens it');
    assert.equal(await table.isVisible(), true);
    // The unit's name, not its id; the unit's rows indented under the kind's own figures.
    const heads = await details.locator('caption', { hasText: '绩效目标' }).locator('xpath=..').locator('tbody th').allInnerTexts();
    assert.ok(heads.includes('博尔塔拉蒙古自治州农业农村局 · 涉及资金'), heads.join('\n'));
    assert.ok(!heads.some((h) => /\bnyncj\b/.test(h)));
    const pad = (text) => details.locator('th', { hasText: text }).first().evaluate((th) => parseFloat(getComputedStyle(th).paddingLeft));
    assert.ok((await pad('博尔塔拉蒙古自治州农业农村局 · 涉及资金')) > (await pad('三级指标数')));
    await page.keyboard.press('Space');
    assert.equal(await details.evaluate((d) => d.open), false, 'Space closes it');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a breakdown is read out with its parent', async () => {
  const { page, context } = await open(sites.zh, 'changji/2020/');
  const th = page.locator('th.depth-2', { hasText: '上级 · 数量' });
  assert.equal((await th.textContent()).trim(), '其他 · 上级 · 数量');
  // The parent is read out but not shown: the row is indented under it instead.
  const hidden = th.locator('.visually-hidden');
  assert.equal(await hidden.textContent(), '其他 · ');
  const box = await hidden.boundingBox();
  assert.ok(!box || box.width <= 1, `hidden parent: ${JSON.stringify(box)}`);
  const pad = (el) => el.evaluate((x) => parseFloat(getComputedStyle(x).paddingLeft));
  assert.ok((await pad(th)) > (await pad(page.locator('th.depth-1', { hasText: '其他 · 数量' }).first())));
  await context.close();
});

test('the script sorts a list but keeps its totals in the foot; the filter leaves them be', async () => {
  const { page, context, errors } = await open(sites.zh, 'bozhou/2024/goals/');
  const foot = page.locator('tfoot tr');
  assert.equal(await foot.count(), 2);
  const before = await foot.allInnerTexts();
  await page.getByRole('button', { name: /资金总额/ }).click();
  const funds = await page.$$eval('tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.dataset.sort)));
  assert.deepEqual(funds, [...funds].sort((a, b) => a - b));
  assert.deepEqual(await foot.allInnerTexts(), before);
  await page.getByLabel('在本表中查找').fill('水利局');
  assert.equal(await page.locator('tbody tr:not([hidden])').count(), 3);
  assert.equal(await foot.count(), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without JavaScript the register sorts and filters through links', async () => {
  const { page, context } = await open(sites.zh, 'withheld/', { javaScriptEnabled: false });
  await page.getByRole('link', { name: '按名称' }).click();
  await page.waitForURL(/_sort_title/);
  const titles = await page.locator('section[aria-labelledby="entries-heading"] tbody th').allInnerTexts();
  assert.equal(titles[0], '财政政策绩效评价报告（不予公开）');
  assert.equal(titles.at(-1), '重点项目绩效评价报告（不予公开）');
  assert.equal(await page.locator('thead th[aria-sort="ascending"]').first().innerText(), '名称');
  await page.getByText('筛选：不予公开理由').click();
  await page.getByRole('link', { name: '敏感信息', exact: true }).click();
  await page.waitForURL(/_reason_sensitive/);
  const reasons = await page.locator('section[aria-labelledby="entries-heading"] tbody td:nth-child(5)').allInnerTexts();
  assert.deepEqual(reasons, ['敏感信息', '敏感信息']);
  assert.equal(await page.locator('a[aria-current="page"]', { hasText: '敏感信息' }).count(), 1);
  await page.getByText('筛选：公开主体').click();
  await page.getByRole('link', { name: '博尔塔拉蒙古自治州', exact: true }).click();
  await page.waitForURL(/_region_bozhou/);
  const bodies = await page.locator('section[aria-labelledby="partial-heading"] tbody td:nth-child(3)').allInnerTexts();
  assert.ok(bodies.length > 0 && bodies.every((b) => b === '博尔塔拉蒙古自治州'), bodies.join());
  await context.close();
});

test('with JavaScript the register sorts in place by a header, with the keyboard, and filters through its views', async () => {
  const { page, context, errors } = await open(sites.zh, 'withheld/');
  const table = page.locator('section[aria-labelledby="entries-heading"] table');
  const reason = table.getByRole('button', { name: /不予公开理由/ });
  await reason.focus();
  await page.keyboard.press('Enter');
  const th = table.locator('thead th').nth(4);
  assert.equal(await th.getAttribute('aria-sort'), 'ascending');
  const keys = await table.locator('tbody td:nth-child(5)').evaluateAll((tds) => tds.map((td) => td.dataset.sort));
  const sorted = [...keys].sort(new Intl.Collator('zh').compare);
  assert.deepEqual(keys, sorted);
  await page.keyboard.press('Enter');
  assert.equal(await th.getAttribute('aria-sort'), 'descending');
  // Filtering goes through the same views as without script, then sorts in place there.
  await page.getByText('筛选：类别').click();
  await page.getByRole('link', { name: '绩效评价', exact: true }).click();
  await page.waitForURL(/_kind_evaluations/);
  const kinds = await page.locator('section[aria-labelledby="entries-heading"] tbody td:nth-child(2)').allInnerTexts();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === '绩效评价'), kinds.join());
  const byYear = page.locator('section[aria-labelledby="entries-heading"] table').getByRole('button', { name: /年度/ });
  await byYear.click();
  assert.equal(await page.locator('section[aria-labelledby="entries-heading"] thead th').nth(3).getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(errors, []);
  await context.close();
});

async function axe(base, path) {
  const page = await sites.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(base.url + path);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    return await axeViolations(page);
  } finally {
    await page.close();
  }
}

for (const file of PAGES) {
  const path = file.replace(/index\.html$/, '');
  test(`axe (details open): ${file}`, async () => {
    assert.deepEqual(await axe(sites.zh, path), []);
  });
}

test('axe (details open), English: year page and register view', async () => {
  assert.deepEqual(await axe(sites.en, 'bozhou/2024/'), []);
  assert.deepEqual(await axe(sites.en, 'withheld/_sort_year/'), []);
});

test('vnu: the new and changed views', () => {
  const files = [...PAGES.map((f) => join(sites.zhDir, f)), join(sites.enDir, 'bozhou/2024/index.html'), join(sites.enDir, 'withheld/_sort_year/index.html')];
  assert.deepEqual(vnuErrors(files), []);
});
