// The portal pages (issue 18, items 7 and 8): the main navigation by keyboard with its
// aria-current, the year switcher, the comparison of the bodies of a year, the 公开主体, 数据下载
// and 网站地图 pages: axe-core (WCAG 2.1 A and AA) and the Nu checker find nothing on them, in
// Chinese and in English, at 1280 and 360 px.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bothSites, vnuErrors, urlPath, axeViolations } from './lib.mjs';

const PAGES = {
  compare: 'compare/2024/index.html',
  bodies: 'bodies/index.html',
  data: 'data/index.html',
  'site map': 'sitemap/index.html',
  year: 'bozhou/2024/index.html',
};

const sites = bothSites();

async function open(url, width = 1280) {
  const page = await sites.browser.newPage({ viewport: { width, height: 900 } });
  const res = await page.goto(url);
  assert.ok(res && res.ok(), `no page at ${url}`);
  return page;
}

for (const [name, file] of Object.entries(PAGES)) {
  for (const width of [1280, 360]) {
    test(`axe: ${name} at ${width} px, Chinese and English`, async () => {
      for (const site of [sites.zh, sites.en]) {
        const page = await open(site.url + urlPath(file), width);
        try {
          assert.deepEqual(await axeViolations(page), [], file);
          if (width === 360) {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `${file} scrolls sideways by ${overflow} px at 360 px`);
          }
        } finally {
          await page.close();
        }
      }
    });
  }
}

test('vnu: the portal pages, Chinese and English', () => {
  const files = Object.values(PAGES).flatMap((f) => [join(sites.zhDir, f), join(sites.enDir, f)]);
  assert.deepEqual(vnuErrors(files), []);
});

test('the main navigation is reached by keyboard and marks the current section', async () => {
  const page = await open(`${sites.zh.url}bozhou/2024/goals/`);
  try {
    // Tab from the top until the navigation's 公开主体 link has the focus.
    let found = null;
    for (let n = 0; n < 30 && !found; n++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.closest('nav.site-nav') ? a.textContent.trim() : null;
      });
    }
    assert.equal(found, '首页', 'the first navigation link is reached by Tab');
    const items = await page.$$eval('nav.site-nav a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('aria-current')]));
    const titles = items.map((i) => i[0]);
    for (const t of ['公开主体', '数据下载', '搜索']) assert.ok(titles.includes(t), `${t} in ${titles}`);
    assert.deepEqual(items.filter((i) => i[1]), [['公开主体', 'true']]);
    // Enter on 数据下载 opens it, marked as the current page.
    for (let n = 0; n < 10; n++) {
      const t = await page.evaluate(() => document.activeElement.textContent.trim());
      if (t === '数据下载') break;
      await page.keyboard.press('Tab');
    }
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok(page.url().endsWith('/data/'), page.url());
    const current = await page.$eval('nav.site-nav a[aria-current="page"]', (a) => a.textContent.trim());
    assert.equal(current, '数据下载');
  } finally {
    await page.close();
  }
});

test('the year switcher goes to another year and marks the current one', async () => {
  const page = await open(`${sites.zh.url}bozhou/2024/`);
  try {
    const years = await page.$$eval('nav.year-switch li a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('aria-current')]));
    assert.ok(years.length >= 2, JSON.stringify(years));
    assert.deepEqual(years.filter((y) => y[1]), [['2024年度', 'page']]);
    const other = years.find((y) => !y[1])[0];
    await Promise.all([page.waitForNavigation(), page.click(`nav.year-switch a:text("${other}")`)]);
    const now = await page.$eval('nav.year-switch a[aria-current="page"]', (a) => a.textContent.trim());
    assert.equal(now, other);
    // The year's comparison is one link away.
    await Promise.all([page.waitForNavigation(), page.click('nav.year-switch a.year-compare')]);
    assert.match(page.url(), /\/compare\/\d{4}\/$/);
    const rows = await page.$$eval('table.compare-table tbody th[scope=row] a', (as) => as.length);
    assert.ok(rows >= 1);
  } finally {
    await page.close();
  }
});

test('the 网站地图 links every body-year and is linked from every page footer', async () => {
  const page = await open(`${sites.zh.url}about/`);
  try {
    await Promise.all([page.waitForNavigation(), page.click('footer a:text("网站地图")')]);
    assert.ok(page.url().endsWith('/sitemap/'));
    const links = await page.$$eval('ul.site-map a', (as) => as.map((a) => a.getAttribute('href')));
    for (const want of ['../bozhou/2024/', '../compare/2024/', '../data/', '../bodies/']) {
      assert.ok(links.includes(want), `${want} missing`);
    }
    // Every link of the map leads to a page.
    for (const href of new Set(links)) {
      if (href.endsWith('.xml')) continue;
      const res = await page.request.get(new URL(href, page.url()).href);
      assert.equal(res.status(), 200, href);
    }
  } finally {
    await page.close();
  }
});
