// Search in headless Chromium: a Chinese query typed into the search box of any page finds the
// expected record with the hit highlighted; a withheld record's real title finds nothing; the
// filters work from the address; the script reads a query as the index was made (full-width
// digits); a query is shown as text, never as markup; and the page loads nothing but the site's
// own files, over HTTP and from the file system. What people type: flags (红标, 黄标), amounts
// with and without thousands separators, a query whose words never stand together (供暖改造:
// the fallback and its split suggestion), a synonym (卫健委), a query with no result; results
// grouped one card per project, each with a snippet; and the filter lists, which do not search
// at every arrow key and replace the address instead of adding to the history.
//
// Needs playwright-core (see package.json) and Debian's /usr/bin/chromium. The example site is
// built with the gongkai binary ($GONGKAI_BIN, or the debug build) into a temporary folder and
// served on 127.0.0.1.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { gongkaiBin } from './lib.mjs';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');


function buildExample() {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-search-'));
  cpSync(join(REPO, 'site.yaml'), join(root, 'site', 'site.yaml'));
  cpSync(join(REPO, 'content'), join(root, 'site', 'content'), { recursive: true });
  const out = join(root, 'public');
  const r = spawnSync(gongkaiBin(), ['build', join(root, 'site'), '-o', out], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${gongkaiBin()}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gongkai build failed (${r.status ?? `killed by ${r.signal}`}):\n${r.stdout}\n${r.stderr}`);
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return out;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

async function serve(dir) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    let file = normalize(join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (file !== base && !file.startsWith(base + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

let out, site, browser;

before(async () => {
  out = buildExample();
  site = await serve(out);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** A page that fails the test on a script error and records every request it makes. */
async function open(url) {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, requests, errors };
}

/** The results shown once the search has run: title, link, marks and meta line of each. */
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && s.textContent && !/正在搜索/.test(s.textContent);
  });
  return page.$$eval('.search-result', (items) =>
    items.map((li) => ({
      title: li.querySelector('h2 a').textContent,
      href: li.querySelector('h2 a').getAttribute('href'),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      meta: li.querySelector('.search-result-meta').textContent,
    })),
  );
}

test('a Chinese query typed into the search box finds the record, highlighted', async () => {
  const { page, requests, errors } = await open(`${site.url}bozhou/2024/`);
  await page.fill('#site-search-q', '道路维修');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/\/search\/\?q=/);
  const found = await results(page);
  assert.ok(found.length >= 1, 'no results');
  const first = found[0];
  assert.equal(first.title, '产业园区道路维修改造项目');
  assert.match(first.href, /^\.\.\/kashi-edz\/2024\/(goals|self-evaluations)\/park-road-renovation\/$/);
  assert.ok(first.marks.includes('道路维修'), `marks: ${first.marks}`);
  assert.equal(await page.inputValue('#search-q'), '道路维修');
  assert.match(await page.textContent('#search-status'), /找到 \d+ 条记录/);
  await page.click('.search-result h2 a');
  await page.waitForURL(/park-road-renovation\/$/);
  assert.deepEqual(errors, []);
  assert.ok(requests.every((u) => u.startsWith(site.url)), `outside requests: ${requests.filter((u) => !u.startsWith(site.url))}`);
  await page.close();
});

test("a withheld record's real title finds nothing", async () => {
  const yaml = readFileSync(join(REPO, 'content/kashi-edz/2024/evaluations/withheld-key-01.yaml'), 'utf8');
  const title = yaml.match(/^title: (.+)$/m)[1].trim();
  assert.match(yaml, /status: 不予公开/);
  const { page, errors } = await open(`${site.url}search/`);
  await page.fill('#search-q', title);
  await page.click('.search-query button');
  const found = await results(page);
  assert.ok(found.every((r) => r.title !== title), 'the withheld title is not a result');
  assert.match(await page.textContent('#search-status'), /没有同时包含/, 'at most nearest public records');
  for (const file of ['search/docs/0.js', 'search/shards/0.js']) {
    assert.ok(!readFileSync(join(out, file), 'utf8').includes(title), `${file} holds the title`);
  }
  await page.fill('#search-q', '重点项目绩效评价报告');
  await page.click('.search-query button');
  const stubs = await results(page);
  assert.ok(stubs.length >= 1 && stubs.every((r) => r.title.includes('不予公开')), 'stubs are found by their public title');
  assert.deepEqual(errors, []);
  await page.close();
});

test('filters and paging work from the address', async () => {
  const { page, errors } = await open(`${site.url}search/?q=评价&year=2024&region=kashi-edz&kind=evaluations`);
  const found = await results(page);
  assert.ok(found.length >= 1);
  for (const r of found) {
    assert.equal(r.meta.replace(/\s/g, ''), '绩效评价·喀什经济开发区·2024年度', r.title);
  }
  assert.equal(await page.inputValue('#search-kind'), 'evaluations');
  assert.match(await page.textContent('#search-kind option[value="evaluations"]'), /\(\d+\)/);
  await page.selectOption('#search-kind', '');
  await page.waitForURL((u) => !u.search.includes('kind='));
  assert.ok((await results(page)).length >= found.length);
  await page.goto(`${site.url}search/?year=2024`);
  const first = await results(page);
  assert.equal(first.length, 20, 'a page holds 20 results');
  await page.click('.search-pages a[rel="next"]');
  await page.waitForURL(/page=2/);
  const second = await results(page);
  assert.ok(second.length >= 1 && second[0].href !== first[0].href);
  assert.deepEqual(errors, []);
  await page.close();
});

test('full-width digits are read as the index reads them', async () => {
  const { page, errors } = await open(`${site.url}search/?q=${encodeURIComponent('６５３１０１２４０００５')}`);
  const found = await results(page);
  assert.deepEqual(found.map((r) => r.title), ['产业园区道路维修改造项目'], 'one card for the project');
  const records = await page.$$eval('.search-result-records a', (v) => v.map((a) => a.getAttribute('href')));
  assert.deepEqual(records.sort(), ['../kashi-edz/2024/goals/park-road-renovation/', '../kashi-edz/2024/self-evaluations/park-road-renovation/']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a query is shown as text, never run as markup', async () => {
  const q = '<img src=x onerror="window.__pwned=1">不存在的词语';
  const { page, errors } = await open(`${site.url}search/?q=${encodeURIComponent(q)}`);
  await results(page);
  assert.ok((await page.textContent('#search-status')).includes(q));
  assert.equal(await page.$$eval('#search-app img', (v) => v.length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test('search works from the file system', async () => {
  const url = `${pathToFileURL(join(out, 'search', 'index.html')).href}?q=${encodeURIComponent('道路')}`;
  const { page, errors } = await open(url);
  const found = await results(page);
  assert.ok(found.some((r) => r.title === '产业园区道路维修改造项目'));
  assert.deepEqual(errors, []);
  await page.close();
});

/** The cards of a query opened from the address, with their records and snippets. */
async function query(q, extra = '') {
  const { page, errors } = await open(`${site.url}search/?q=${encodeURIComponent(q)}${extra}`);
  const found = await results(page);
  const cards = await page.$$eval('.search-result', (items) =>
    items.map((li) => ({
      unit: li.querySelector('.search-result-unit')?.textContent ?? '',
      snippet: li.querySelector('.search-result-snippet')?.textContent ?? '',
      records: [...li.querySelectorAll('.search-result-records a')].map((a) => a.getAttribute('href')),
    })),
  );
  const status = await page.textContent('#search-status');
  return { page, errors, found: found.map((r, k) => ({ ...r, ...cards[k] })), status };
}

/** A project's slug from a record address: `…/monitoring/x-2024-05/` → `x`. */
const project = (href) => href.split('/').at(-2).replace(/-\d{4}-\d{2}$/, '');

test('flags are found by the words the page shows', async () => {
  const red = await query('红标');
  assert.match(red.found[0].href, /bozhou\/2024\/monitoring\/hospital-equipment-renewal-2024-08\/$/);
  assert.ok(red.found[0].marks.includes('红标') || red.found[0].snippet.length > 0);
  const yellow = await query('黄标');
  const firstThree = yellow.found.slice(0, 3).map((r) => project(r.href)).sort();
  assert.deepEqual(firstThree, ['high-standard-farmland', 'hospital-equipment-renewal', 'school-heating-retrofit']);
  for (const r of [red, yellow]) {
    assert.deepEqual(r.errors, []);
    await r.page.close();
  }
});

test('an amount is found with or without thousands separators', async () => {
  for (const q of ['1286.4', '1,286.4', '1286.4万元', '１２８６．４']) {
    const r = await query(q);
    assert.ok(r.found.length >= 1, `${q} finds nothing`);
    assert.ok(r.found.slice(0, 2).some((x) => x.title === '农村公路养护工程补助项目'), `${q}: ${r.found.map((x) => x.title)}`);
    assert.match(r.status, /找到 \d+ 条记录/);
    assert.deepEqual(r.errors, []);
    await r.page.close();
  }
});

test('a query whose words never stand together falls back to the nearest and suggests splitting', async () => {
  const r = await query('供暖改造');
  assert.match(r.status, /没有同时包含“供暖改造”全部字词/);
  assert.equal(r.found[0].title, '州直中小学供暖设施改造项目');
  const split = await r.page.$eval('#search-status a', (a) => [a.textContent, a.getAttribute('href')]);
  assert.deepEqual(split, ['供暖 改造', `?q=${encodeURIComponent('供暖 改造')}`]);
  await r.page.click('#search-status a');
  const after = await results(r.page);
  assert.equal(after[0].title, '州直中小学供暖设施改造项目');
  assert.match(await r.page.textContent('#search-status'), /找到 \d+ 条记录/);
  assert.deepEqual(r.errors, []);
  await r.page.close();
});

test('a synonym finds the full name', async () => {
  const r = await query('卫健委');
  assert.ok(r.found.length >= 1, 'nothing found');
  assert.match(r.found[0].unit, /卫生健康委员会/);
  assert.ok(r.found[0].marks.includes('卫生健康委员会'), `marks: ${r.found[0].marks}`);
  assert.deepEqual(r.errors, []);
  await r.page.close();
});

test('a query with no result says so and what to try', async () => {
  const r = await query('无此词语丁丁', '&year=2024');
  assert.deepEqual(r.found, []);
  assert.match(r.status, /没有找到与“无此词语丁丁”相关的公开内容/);
  assert.match(r.status, /错别字/);
  const links = await r.page.$$eval('#search-status a', (v) => v.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links[0], ['去掉筛选条件再搜索', `?q=${encodeURIComponent('无此词语丁丁')}`]);
  assert.ok(links.some(([, href]) => href.endsWith('withheld/')));
  await r.page.close();
});

test('one card per project, each with a snippet', async () => {
  for (const q of ['供暖 改造', '道路', '高标准农田', '红标', '2024']) {
    const r = await query(q);
    assert.ok(r.found.length >= 1, `${q} finds nothing`);
    const projects = r.found.filter((x) => x.records.length).map((x) => x.records.slice().sort().join(' '));
    assert.equal(new Set(projects).size, projects.length, `${q}: a project has two cards`);
    for (const x of r.found) {
      assert.ok(x.snippet.trim().length > 0, `${q}: ${x.title} has no snippet`);
    }
    assert.deepEqual(r.errors, []);
    await r.page.close();
  }
  const farm = await query('高标准农田');
  const card = farm.found.find((x) => x.href.includes('high-standard-farmland'));
  assert.ok(card.records.length >= 4, `records: ${card.records}`);
  assert.ok(card.records.some((h) => h.includes('/monitoring/')) && card.records.some((h) => h.includes('/goals/')));
  await farm.page.close();
  // A 事前评估 that states no project code joins the coded project of the same name and unit,
  // as on the project's page: one card, not two.
  const heating = await query('供暖 改造');
  const school = heating.found.filter((x) => x.title.includes('州直中小学供暖设施改造项目'));
  assert.equal(school.length, 1, `cards: ${school.map((x) => x.href)}`);
  assert.ok(school[0].records.some((h) => h.includes('/ex-ante/')), `records: ${school[0].records}`);
  await heating.page.close();
});

test('filter lists: arrow keys do not search at every key; a change replaces the address', async () => {
  const { page, errors } = await open(`${site.url}search/?q=${encodeURIComponent('道路')}`);
  await results(page);
  const history = await page.evaluate(() => history.length);
  await page.evaluate(() => {
    window.__runs = 0;
    new MutationObserver(() => window.__runs++).observe(document.getElementById('search-status'), { childList: true, characterData: true, subtree: true });
  });
  await page.focus('#search-year');
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__runs), 0, 'a search ran while moving through the options');
  assert.ok(!page.url().includes('year='), 'the address changed while moving through the options');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => window.__runs > 0 && !/正在搜索/.test(document.getElementById('search-status').textContent));
  assert.match(page.url(), /year=\d{4}/);
  assert.equal(await page.evaluate(() => history.length), history, 'the filter added a history entry');
  await page.selectOption('#search-kind', 'goals');
  await page.waitForURL(/kind=goals/);
  const found = await results(page);
  assert.ok(found.every((r) => r.meta.startsWith('绩效目标')), found.map((r) => r.meta).join('; '));
  assert.equal(await page.evaluate(() => history.length), history);
  await page.focus('#search-region');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(/region=/);
  assert.equal(await page.evaluate(() => history.length), history);
  assert.deepEqual(errors, []);
  await page.close();
});

test('result cards, the fallback and the no-result message pass axe (WCAG 2.1 A and AA)', async () => {
  const { createRequire } = await import('node:module');
  const axeSource = createRequire(import.meta.url)('axe-core').source;
  for (const q of ['高标准农田', '供暖改造', '无此词语丁丁']) {
    const { page, errors } = await open(`${site.url}search/?q=${encodeURIComponent(q)}`);
    await results(page);
    await page.addScriptTag({ content: axeSource });
    const v = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    assert.deepEqual(v.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target).join(' ')}`), [], q);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
