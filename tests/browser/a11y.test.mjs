// Zero axe-core violations (WCAG 2.1 A and AA rules) on every page type, in Chinese and in
// English, in the default look, in the high-contrast and large-text modes, and at 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { buildSite, buildEnglishSite, serve, launch, PAGE_TYPES, ENGLISH_PAGES, urlPath } from './lib.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

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

/** Violations on one page, as readable lines. */
async function violations(url, { width = 1280, modes = [] } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    if (modes.length) {
      await page.addInitScript((m) => localStorage.setItem('gongkai-prefs', JSON.stringify(m)), modes);
    }
    const res = await page.goto(url);
    assert.ok(res, `no response for ${url}`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      TAGS,
    );
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help}\n    at ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, ' ')}`),
    );
  } finally {
    await page.close();
  }
}

for (const [name, file] of Object.entries(PAGE_TYPES)) {
  test(`axe: ${name}`, async () => {
    const url = file === '404.html' ? `${zh.url}no/such/page/` : zh.url + urlPath(file);
    assert.deepEqual(await violations(url), [], url);
  });
}

for (const [name, file] of Object.entries(ENGLISH_PAGES)) {
  test(`axe: ${name}`, async () => {
    assert.deepEqual(await violations(en.url + urlPath(file)), []);
  });
}

for (const file of ['bozhou/2024/index.html', 'bozhou/2024/self-evaluations/digital-gov-platform/index.html']) {
  test(`axe: high contrast and large text, ${file}`, async () => {
    const url = zh.url + urlPath(file);
    assert.deepEqual(await violations(url, { modes: ['high-contrast'] }), []);
    assert.deepEqual(await violations(url, { modes: ['large-text'] }), []);
  });

  test(`axe at 360 px: ${file}`, async () => {
    assert.deepEqual(await violations(zh.url + urlPath(file), { width: 360 }), []);
  });
}
