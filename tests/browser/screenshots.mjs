// Full-page screenshots of every page type of the example site, for a person to look at before
// a change to the theme is merged: at 1280 px, at 360 px, and at 360 px with large text.
// A script, not a test:
//
//     node tests/browser/screenshots.mjs OUTDIR
//
// It builds the example site as the browser tests do (lib.mjs), serves it on 127.0.0.1 and
// writes OUTDIR/<page>-<view>.png. Nothing reaches the network.

import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSite, serve, launch, PAGE_TYPES, urlPath } from './lib.mjs';

const VIEWS = [
  { name: '1280', width: 1280, prefs: [] },
  { name: '360', width: 360, prefs: [] },
  { name: '360-large', width: 360, prefs: ['large-text'] },
];

/** The first page under a folder named `dir` anywhere in the output (a project or unit page). */
function firstPageUnder(out, dir) {
  const walk = (d, depth) => {
    if (depth > 4) return null;
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (!statSync(p).isDirectory()) continue;
      if (e === dir) {
        for (const f of readdirSync(p).sort()) {
          const page = join(p, f, 'index.html');
          if (existsSync(page)) return page.slice(out.length + 1);
        }
      }
      const found = walk(p, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(out, 0);
}

/** Every page type, by a file-name-safe name → output path (or URL path with a query). */
function pages(out) {
  const list = {};
  for (const [name, file] of Object.entries(PAGE_TYPES)) {
    list[name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')] = file;
  }
  list['search-query'] = 'search/?q=' + encodeURIComponent('供暖改造');
  if (existsSync(join(out, 'changes', 'index.html'))) list.changes = 'changes/index.html';
  for (const dir of ['projects', 'units']) {
    const p = firstPageUnder(out, dir);
    if (p) list[dir.slice(0, -1)] = p;
  }
  return list;
}

async function main() {
  const dest = process.argv[2];
  if (!dest) {
    console.error('usage: node tests/browser/screenshots.mjs OUTDIR');
    process.exit(2);
  }
  mkdirSync(resolve(dest), { recursive: true });
  const out = buildSite();
  const site = await serve(out);
  const browser = await launch();
  let n = 0;
  try {
    for (const view of VIEWS) {
      const context = await browser.newContext({ viewport: { width: view.width, height: 900 } });
      if (view.prefs.length) {
        await context.addInitScript((p) => localStorage.setItem('gongkai-prefs', JSON.stringify(p)), view.prefs);
      }
      // The 404 page links under the site's base path (/yjgk/ in the example): serve that too.
      await context.route(/\/yjgk\//, (route) => route.continue({ url: route.request().url().replace('/yjgk/', '/') }));
      const page = await context.newPage();
      for (const [name, file] of Object.entries(pages(out))) {
        // The 404 page is shown for a missing address, as a configured server would.
        const url = file === '404.html' ? site.url + 'no-such-page/' : site.url + urlPath(file);
        await page.goto(url, { waitUntil: 'load' });
        if (file.startsWith('search/')) {
          await page.waitForSelector('.search-result, .search-status', { timeout: 5000 }).catch(() => {});
        }
        const path = join(resolve(dest), `${name}-${view.name}.png`);
        await page.screenshot({ path, fullPage: true });
        n += 1;
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  console.log(`${n} screenshots in ${resolve(dest)}`);
}

await main();
