// Zero errors from the W3C Nu HTML checker (vnu-jar, run with the machine's Java) on every page
// type, in Chinese and in English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSite, buildEnglishSite, PAGE_TYPES, ENGLISH_PAGES } from './lib.mjs';

const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));

function vnu(files) {
  const r = spawnSync('java', ['-Xss4m', '-jar', vnuJar, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.ok(r.status !== null && !r.error, `java did not run: ${r.error ?? r.signal}`);
  const out = (r.stderr || r.stdout).trim();
  const messages = out ? JSON.parse(out).messages : [];
  return messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => `${m.url?.replace(/^file:/, '')}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}\n    ${m.extract ?? ''}`);
}

test('vnu: every page type, Chinese and English', () => {
  const zh = buildSite();
  const en = buildEnglishSite();
  const files = [
    ...Object.values(PAGE_TYPES).map((f) => join(zh, f)),
    ...Object.values(ENGLISH_PAGES).map((f) => join(en, f)),
  ];
  assert.deepEqual(vnu(files), []);
});
