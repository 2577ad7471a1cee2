// Phones, 适老化 and screen readers: every page type reflows at 320 px (WCAG 1.4.10) and 360 px
// with and without large text (set by the script and by the checkbox without it), keeps the
// search button on screen and its header short; large text and high contrast work without
// JavaScript; Windows contrast themes (forced colours) keep chart text readable; indicator
// tables are stacked on phones and whole in print; sort arrows are not read aloud; Chinese names
// on English pages carry lang; a table wrapper is a tab stop only when it scrolls.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, buildEnglishSite, serve, launch, PAGE_TYPES, urlPath } from './lib.mjs';

let browser, zh, en;

before(async () => {
  zh = await serve(buildSite());
  en = await serve(buildEnglishSite());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await zh?.close();
  await en?.close();
});

const SELF_EVALUATION = PAGE_TYPES['record: self-evaluation'];

/** Header and menu band together, at most this share of the phone's screen height. */
const HEADER_SHARE = { normal: 0.3, large: 0.4 };

async function context(options = {}) {
  return browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
}

/** Overflow, search button and header height of the page now shown. */
function measure(page) {
  return page.evaluate(() => {
    const button = document.querySelector('.search button').getBoundingClientRect();
    const header = document.querySelector('.site-header').getBoundingClientRect();
    const band = document.querySelector('.nav-band').getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      button: { left: button.left, right: button.right, top: button.top, bottom: button.bottom },
      header: band.bottom - header.top,
      fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    };
  });
}

function checkFit(m, what, large) {
  assert.ok(m.scrollWidth <= m.innerWidth, `${what}: the page is ${m.scrollWidth} px wide in ${m.innerWidth}`);
  assert.ok(m.button.left >= 0 && m.button.right <= m.innerWidth, `${what}: the search button is at ${m.button.left}–${m.button.right}`);
  const budget = 740 * (large ? HEADER_SHARE.large : HEADER_SHARE.normal);
  assert.ok(m.header <= budget, `${what}: the header takes ${m.header} px (budget ${budget})`);
  if (large) assert.ok(m.fontSize >= 19.5, `${what}: large text is ${m.fontSize} px`);
}

for (const width of [320, 360]) {
  test(`every page type reflows at ${width} px, with and without large text set by the script`, async () => {
    for (const large of [false, true]) {
      const ctx = await context({ viewport: { width, height: 740 } });
      const page = await ctx.newPage();
      if (large) await page.addInitScript(() => localStorage.setItem('gongkai-prefs', '["large-text"]'));
      for (const [name, file] of Object.entries(PAGE_TYPES)) {
        if (file === '404.html') continue;
        await page.goto(zh.url + urlPath(file));
        checkFit(await measure(page), `${name} at ${width} px${large ? ', large text' : ''}`, large);
      }
      await ctx.close();
    }
  });

  test(`every page type reflows at ${width} px with large text set without JavaScript`, async () => {
    const ctx = await context({ viewport: { width, height: 740 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const [name, file] of Object.entries(PAGE_TYPES)) {
      if (file === '404.html') continue;
      await page.goto(zh.url + urlPath(file));
      checkFit(await measure(page), `${name} at ${width} px, no script`, false);
      await page.getByRole('checkbox', { name: '大字号' }).check();
      checkFit(await measure(page), `${name} at ${width} px, no script, large text`, true);
    }
    await ctx.close();
  });
}

test('search results reflow at 320 and 360 px with large text, the fallback and its filters included', async () => {
  for (const width of [320, 360]) {
    const ctx = await context({ viewport: { width, height: 740 } });
    const page = await ctx.newPage();
    await page.addInitScript(() => localStorage.setItem('gongkai-prefs', '["large-text"]'));
    for (const q of ['供暖改造', '红标', '卫健委']) {
      await page.goto(zh.url + 'search/?q=' + encodeURIComponent(q));
      await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '');
      checkFit(await measure(page), `search for ${q} at ${width} px, large text`, true);
    }
    await ctx.close();
  }
});

test('the home page shows links to the bodies near the top on a phone', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(zh.url);
  const top = await page.locator('.body-jump a').first().evaluate((a) => a.getBoundingClientRect().top + window.scrollY);
  assert.ok(top < 740, `the first body link is ${top} px down`);
  assert.ok((await page.locator('.body-jump a').count()) >= 2);
  await ctx.close();
});

test('the menu folds on a phone and opens without JavaScript; it is always open on a wide screen', async () => {
  const ctx = await context({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/');
  const about = page.locator('.site-nav').getByRole('link', { name: '关于本站' });
  assert.equal(await about.isVisible(), false);
  await page.locator('.menu > summary').click();
  assert.equal(await about.isVisible(), true);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  assert.equal(await page.locator('.menu > summary').isVisible(), false);
  assert.equal(await about.isVisible(), true);
  await ctx.close();
});

test('large text and high contrast work without JavaScript', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/2024/');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await size();
  await page.getByRole('checkbox', { name: '大字号' }).check();
  assert.ok((await size()) >= before * 1.2, 'text grows');
  await page.getByRole('checkbox', { name: '高对比度' }).check();
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  await ctx.close();
});

test('a system asking for more contrast gets darker text and lines without any toggle', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/2024/');
  const ink = () => page.evaluate(() => getComputedStyle(document.body).color);
  const normal = await ink();
  await page.emulateMedia({ contrast: 'more' });
  const more = await ink();
  assert.notEqual(more, normal);
  assert.equal(more, 'rgb(0, 0, 0)');
  await ctx.close();
});

/** Relative luminance of a CSS rgb() colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('in forced colours (a dark contrast theme) chart text, bars and legends read on the background', async () => {
  const ctx = await browser.newContext({ forcedColors: 'active', colorScheme: 'dark' });
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/2024/');
  const found = await page.evaluate(() => {
    const bg = getComputedStyle(document.querySelector('.chart').closest('.card, main') || document.body).backgroundColor;
    const pick = (sel) => [...document.querySelectorAll(sel)].slice(0, 3).map((e) => getComputedStyle(e).fill);
    return { bg: bg === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : bg, text: pick('.chart-text, .chart-value'), bars: pick('.bar-main') };
  });
  assert.ok(found.text.length > 0, 'the year page has charts');
  for (const fill of [...found.text, ...found.bars]) {
    assert.ok(contrast(fill, found.bg) >= 3, `fill ${fill} on ${found.bg}`);
  }
  await ctx.close();
});

test('an indicator table is stacked on a phone: labelled cells, no sideways scroll, names as row headers', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(zh.url + urlPath(SELF_EVALUATION));
  const table = page.locator('.indicator-table');
  const layout = await table.evaluate((t) => ({
    display: getComputedStyle(t.querySelector('tbody tr')).display,
    wrap: t.parentElement.scrollWidth <= t.parentElement.clientWidth,
    label: getComputedStyle(t.querySelector('tbody td'), '::before').content,
  }));
  assert.equal(layout.display, 'block');
  assert.ok(layout.wrap, 'the table fits its box');
  assert.match(layout.label, /运算符/);
  // A screen reader hears each figure with its indicator: the name is the row header.
  const snapshot = await table.ariaSnapshot();
  assert.match(snapshot, /rowheader "[^"]+"/);
  assert.match(snapshot, /columnheader "达成情况"/);
  const headers = await page.$$eval('.indicator-table tbody tr', (rows) => rows.map((r) => r.querySelector('th[scope="row"]')?.textContent.trim()));
  assert.ok(headers.length > 0 && headers.every(Boolean), headers.join());
  await ctx.close();
});

test('printed, an indicator table fits the page: no cell is cut', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(zh.url + urlPath(SELF_EVALUATION));
  await page.emulateMedia({ media: 'print' });
  // A4 portrait less the margins at 96 dpi: about 700 px.
  await page.setViewportSize({ width: 700, height: 1000 });
  const { table, page: width } = await page.evaluate(() => ({
    table: document.querySelector('.indicator-table').getBoundingClientRect().right,
    page: document.documentElement.clientWidth,
  }));
  assert.ok(table <= width, `the table ends at ${table} px of ${width}`);
  assert.equal(await page.locator('.indicator-table th', { hasText: '偏差原因' }).isVisible(), true);
  await ctx.close();
});

test('sort buttons are named without arrows and the sort state is aria-sort', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/2024/goals/');
  const names = await page.locator('thead').ariaSnapshot();
  assert.doesNotMatch(names, /[↕↑↓]/, names);
  await page.getByRole('button', { name: '资金总额' }).click();
  assert.equal(await page.locator('thead th').nth(2).getAttribute('aria-sort'), 'ascending');
  assert.doesNotMatch(await page.locator('thead').ariaSnapshot(), /[↕↑↓]/);
  // The live message says the order in words.
  assert.match(await page.locator('p[aria-live]').first().textContent(), /资金总额 升序/);
  await ctx.close();
});

test('on the English site, Chinese names carry lang="zh-CN"', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  for (const path of ['', 'bozhou/2024/goals/', urlPath(SELF_EVALUATION)]) {
    await page.goto(en.url + path);
    const bad = await page.evaluate(() => {
      const han = /[\u4e00-\u9fff]/;
      const sel = 'tbody th, tbody td, .breadcrumb a, .breadcrumb span, .body-jump a, .region-card h3 a';
      return [...document.querySelectorAll(sel)]
        .filter((e) => han.test(e.textContent) && !/[A-Za-z]/.test(e.textContent) && !e.closest('[lang="zh-CN"]'))
        .filter((e) => !e.querySelector('[lang="zh-CN"]'))
        .map((e) => e.textContent.trim())
        .slice(0, 5);
    });
    assert.deepEqual(bad, [], `${path || 'home'}: names without lang`);
    assert.ok((await page.locator('main [lang="zh-CN"]').count()) > 0, `${path || 'home'} marks its names`);
  }
  await ctx.close();
});

test('a table wrapper is a tab stop only while it scrolls sideways', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(zh.url + 'bozhou/2024/goals/');
  assert.equal(await page.locator('.table-wrap').first().getAttribute('tabindex'), null);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForFunction(() => document.querySelector('.table-wrap').getAttribute('tabindex') === '0');
  await ctx.close();
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  await p2.goto(zh.url + 'bozhou/2024/goals/');
  assert.equal(await p2.locator('.table-wrap[tabindex]').count(), 0);
  await plain.close();
});

test('links on a page that lead to different places have different names', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  for (const [name, file] of Object.entries(PAGE_TYPES)) {
    if (file === '404.html') continue;
    await page.goto(zh.url + urlPath(file));
    const clashes = await page.evaluate(() => {
      const seen = new Map();
      const bad = [];
      for (const a of document.querySelectorAll('main a[href]')) {
        const label = a.textContent.replace(/\s+/g, ' ').trim();
        if (label === 'CSV' || label === 'JSON') continue;
        const href = a.href.split('#')[0];
        if (seen.has(label) && seen.get(label) !== href) bad.push(label);
        seen.set(label, href);
      }
      return bad;
    });
    assert.deepEqual(clashes, [], `${name}: one name for two links`);
  }
  await ctx.close();
});
