// Shared setup for the browser tests: build the example site with the real gongkai binary into
// a temporary folder, serve it on 127.0.0.1, and launch Debian's headless Chromium through
// playwright-core. Nothing here reaches the network: the server listens on loopback only and
// Chromium runs with background networking off.

import { spawnSync } from 'node:child_process';
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fixed build time, so that the output is the same on every run. */
export const SOURCE_DATE_EPOCH = '1735689600';

let builtBin = null;

/**
 * The gongkai binary: $GONGKAI_BIN, or the debug build (built first if needed), wherever cargo
 * puts it ($CARGO_TARGET_DIR, a workspace's target, …): cargo names the executable it built.
 */
export function gongkaiBin() {
  if (process.env.GONGKAI_BIN) return process.env.GONGKAI_BIN;
  if (builtBin) return builtBin;
  const r = spawnSync('cargo', ['build', '--locked', '--quiet', '--bin', 'gongkai', '--message-format=json-render-diagnostics'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.error) throw new Error(`cannot run cargo: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`cargo build failed (${r.status ?? `killed by ${r.signal}`})`);
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    if (m.reason === 'compiler-artifact' && m.target?.name === 'gongkai' && m.executable) {
      builtBin = m.executable;
    }
  }
  if (!builtBin) throw new Error('cargo built no gongkai executable');
  return builtBin;
}

/**
 * Build a copy of the example site into a temporary folder and return the output folder.
 * `edit(siteDir)` may change the copy first (another language, extra records).
 */
export function buildSite({ edit } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-browser-'));
  const site = join(root, 'site');
  cpSync(join(REPO, 'site.yaml'), join(site, 'site.yaml'));
  cpSync(join(REPO, 'content'), join(site, 'content'), { recursive: true });
  if (edit) edit(site);
  const out = join(root, 'public');
  const r = spawnSync(gongkaiBin(), ['build', site, '-o', out], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH },
  });
  if (r.error) throw new Error(`cannot run ${gongkaiBin()}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`gongkai build failed (${r.status ?? `killed by ${r.signal}`}):\n${r.stdout}\n${r.stderr}`);
  }
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return out;
}

/** The example site with `language: en`. */
export function buildEnglishSite() {
  return buildSite({
    edit: (site) => {
      const p = join(site, 'site.yaml');
      writeFileSync(p, readFileSync(p, 'utf8').replace(/^language: .*$/m, 'language: en'));
    },
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve `dir` on 127.0.0.1 (a free port). A folder is served by its index.html; a missing file
 * gets 404.html with status 404, as a web server configured for the site would. Returns
 * `{ url, close }`, `url` ending in `/`.
 */
export async function serve(dir) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = join(base, '404.html');
    }
    res.writeHead(status, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Debian's Chromium, headless, through playwright-core. */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One page of each type of the example site, by output path. The example's base URL is
 * https://www.example.gov.cn/yjgk/, so the 404 page's links point under /yjgk/; it is checked
 * as a file.
 */
export const PAGE_TYPES = {
  home: 'index.html',
  region: 'bozhou/index.html',
  year: 'bozhou/2024/index.html',
  'year (figures stated only)': 'yuli/2023/index.html',
  'list: goals': 'bozhou/2024/goals/index.html',
  'list: goals sorted': 'bozhou/2024/goals/_sort_funds/index.html',
  'list: goals of one unit': 'bozhou/2024/goals/_unit_slj/index.html',
  'list: ex-ante': 'bozhou/2024/ex-ante/index.html',
  'list: monitoring': 'bozhou/2024/monitoring/index.html',
  'list: monitoring, red flags': 'bozhou/2024/monitoring/_flag_red/index.html',
  'list: self-evaluations': 'bozhou/2024/self-evaluations/index.html',
  'list: evaluations with withheld': 'kashi-edz/2024/evaluations/index.html',
  'record: goal': 'bozhou/2024/goals/high-standard-farmland/index.html',
  'record: ex-ante': 'bozhou/2024/ex-ante/digital-gov-platform/index.html',
  'record: monitoring': 'bozhou/2024/monitoring/high-standard-farmland-2024-05/index.html',
  'record: self-evaluation': 'bozhou/2024/self-evaluations/digital-gov-platform/index.html',
  'record: evaluation report': 'bozhou/2024/evaluations/high-standard-farmland/index.html',
  withheld: 'withheld/index.html',
  about: 'about/index.html',
  404: '404.html',
  project: 'bozhou/projects/652700240003/index.html',
  unit: 'bozhou/units/jtj/index.html',
  search: 'search/index.html',
  'comparison of the bodies': 'compare/2024/index.html',
  bodies: 'bodies/index.html',
  'site map': 'sitemap/index.html',
  'data downloads': 'data/index.html',
  'withheld register, filtered': 'withheld/_kind_evaluations/index.html',
};

/** Pages of the English build checked as well. */
export const ENGLISH_PAGES = {
  'en home': 'index.html',
  'en region': 'bozhou/index.html',
  'en year': 'bozhou/2024/index.html',
  'en list': 'kashi-edz/2024/evaluations/index.html',
  'en record': 'bozhou/2024/self-evaluations/digital-gov-platform/index.html',
  'en report': 'bozhou/2024/evaluations/rural-road-maintenance/index.html',
  'en withheld': 'withheld/index.html',
  'en about': 'about/index.html',
  'en project': 'bozhou/projects/652700240003/index.html',
  'en unit': 'bozhou/units/jtj/index.html',
};

/** The URL path of an output file (`a/index.html` → `a/`). */
export function urlPath(file) {
  return file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file;
}

const axeSource = createRequire(import.meta.url)('axe-core').source;

/** The WCAG 2.1 A and AA rules of axe-core the browser tests hold every page to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's violations on the page now shown, one line per element: `rule: help at target`. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`));
}

/**
 * The Nu HTML checker's errors on `files` (errors, fatal and non-document errors), each as
 * `url:line: message`; an empty list when there are none.
 */
export function vnuErrors(files) {
  const jar = String(createRequire(import.meta.url)('vnu-jar'));
  const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status === null || r.error) throw new Error(`java did not run: ${r.error ?? r.signal}`);
  const out = (r.stderr || r.stdout).trim();
  return (out ? JSON.parse(out).messages : [])
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => `${m.url}:${m.lastLine}: ${m.message}`);
}

/**
 * The example site built in Chinese and in English, each served, and a browser, for a suite:
 * the returned object's `zhDir`, `enDir`, `zh`, `en` and `browser` are set before its tests
 * run, and closed after them.
 */
export function bothSites() {
  const s = {};
  before(async () => {
    s.zhDir = buildSite();
    s.enDir = buildEnglishSite();
    s.zh = await serve(s.zhDir);
    s.en = await serve(s.enDir);
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.zh?.close();
    await s.en?.close();
  });
  return s;
}
