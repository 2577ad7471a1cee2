// Project and unit pages (issue 18): zero axe-core violations and zero Nu checker errors, in
// Chinese and English, at 1280 and 360 px; the timeline's links reached by Tab in order, every
// link name unique on a project page, and no sideways scrolling at 360 px. A record page with
// its project trail is checked the same way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bothSites, vnuErrors, urlPath, axeViolations } from './lib.mjs';

/** The example's pages checked here: a project over five steps, a unit, a record's trail. */
const PAGES = {
  project: 'bozhou/projects/652700240003/index.html',
  'project without a code': 'bozhou/projects/p-8aa33acf0190/index.html',
  unit: 'bozhou/units/jtj/index.html',
  'record with its project trail': 'bozhou/2024/monitoring/rural-road-maintenance-2024-08/index.html',
};

const sites = bothSites();

async function withPage(url, width, fn) {
  const page = await sites.browser.newPage({ viewport: { width, height: 900 } });
  try {
    const res = await page.goto(url);
    assert.ok(res?.ok(), `no page at ${url}`);
    return await fn(page);
  } finally {
    await page.close();
  }
}

for (const [name, file] of Object.entries(PAGES)) {
  for (const width of [1280, 360]) {
    test(`axe at ${width} px: ${name}`, async () => {
      for (const site of [sites.zh, sites.en]) {
        const url = site.url + urlPath(file);
        assert.deepEqual(await withPage(url, width, axeViolations), [], url);
      }
    });
  }

  test(`no sideways scrolling at 360 px: ${name}`, async () => {
    const over = await withPage(sites.zh.url + urlPath(file), 360, (page) =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    );
    assert.ok(over <= 0, `${file} scrolls ${over}px sideways`);
  });
}

test('vnu: project, unit and record pages, Chinese and English', () => {
  const files = Object.values(PAGES).flatMap((f) => [join(sites.zhDir, f), join(sites.enDir, f)]);
  assert.deepEqual(vnuErrors(files), []);
});

test('every link on a project page has a name of its own', async () => {
  for (const site of [sites.zh, sites.en]) {
    const names = await withPage(site.url + urlPath(PAGES.project), 1280, (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('main a[href]')].map((a) => a.textContent.replace(/\s+/g, ' ').trim()),
      ),
    );
    assert.ok(names.length >= 5, names.join(' | '));
    const seen = new Set();
    for (const n of names) {
      assert.ok(!seen.has(n), `link name "${n}" twice on the project page`);
      seen.add(n);
    }
  }
});

test('Tab reaches the timeline links in order', async () => {
  await withPage(sites.zh.url + urlPath(PAGES.project), 1280, async (page) => {
    const expected = await page.evaluate(() =>
      [...document.querySelectorAll('.timeline-table a[href]')].map((a) => a.getAttribute('href')),
    );
    assert.ok(expected.length >= 5, expected.join(' '));
    // Start at the main content, then Tab through the page.
    await page.focus('#main');
    const reached = [];
    for (let n = 0; n < 60 && reached.length < expected.length; n++) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate(() => {
        const a = document.activeElement;
        return a?.closest('.timeline-table') ? a.getAttribute('href') : null;
      });
      if (href) reached.push(href);
    }
    assert.deepEqual(reached, expected);
  });
});

test('the record page links its project and its neighbouring steps', async () => {
  await withPage(sites.zh.url + urlPath(PAGES['record with its project trail']), 1280, async (page) => {
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('.project-trail a[href]')].map((a) => a.getAttribute('href')),
    );
    assert.equal(links.length, 3, links.join(' '));
    assert.ok(links[0].endsWith('bozhou/projects/652700240003/'), links[0]);
    assert.ok(links[1].endsWith('rural-road-maintenance-2024-05/'), links[1]);
    assert.ok(links[2].endsWith('self-evaluations/rural-road-maintenance/'), links[2]);
  });
});
