// Throwaway: the bytes a first query loads on a built site (argv[2] = output folder).
import { serve, launch } from './lib.mjs';
const out = process.argv[2];
const site = await serve(out);
const browser = await launch();
for (const q of ['道路', '供暖改造', '卫健委', '红标', '学生营养餐', '1,162.12']) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const sizes = {};
  page.on('response', async (r) => {
    try {
      const b = await r.body();
      const u = new URL(r.url()).pathname;
      const k = u.includes('/search/shards/') ? 'shards' : u.includes('/search/docs/') ? 'docs' : u.includes('/search/meta') ? 'meta' : u.includes('/assets/search') ? 'script' : 'page';
      sizes[k] = (sizes[k] || 0) + b.length;
      sizes[k + 'N'] = (sizes[k + 'N'] || 0) + 1;
    } catch {}
  });
  await page.goto(`${site.url}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => { const s = document.getElementById('search-status'); return s && s.textContent && !/正在搜索/.test(s.textContent); }, null, { timeout: 120000 });
  await page.waitForTimeout(300);
  const status = await page.textContent('#search-status');
  const cards = await page.$$eval('.search-result', (v) => v.length);
  const first = await page.$eval('.search-result h2 a', (a) => a.textContent).catch(() => '');
  const idx = (sizes.meta || 0) + (sizes.shards || 0) + (sizes.docs || 0) + (sizes.script || 0);
  console.log(JSON.stringify({ q, cards, first, status: status.slice(0, 60), index_bytes: idx, ...sizes }));
  await ctx.close();
}
await browser.close();
await site.close();
