// The open data validates with the frictionless validator: every CSV under /data/ against the
// schema that data/datapackage.json (a Fiscal Data Package) gives it. .ci/test installs the
// pinned validator into target/frictionless; $FRICTIONLESS names another.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildSite } from './lib.mjs';

test('frictionless validates data/datapackage.json and every table it describes', () => {
  const bin = process.env.FRICTIONLESS || join(REPO, 'target', 'frictionless', 'bin', 'frictionless');
  assert.ok(existsSync(bin), `no frictionless at ${bin}: run bash .ci/test, which installs it`);
  const out = buildSite();
  const pkg = join(out, 'data', 'datapackage.json');
  const r = spawnSync(bin, ['validate', '--json', pkg], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.ok(r.stdout, `frictionless printed nothing: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  const errors = report.tasks
    .filter((t) => !t.valid)
    .flatMap((t) => t.errors.map((e) => `${t.name}: ${e.type}: ${e.message}`));
  assert.deepEqual(errors, []);
  assert.equal(report.valid, true);
  const described = JSON.parse(readFileSync(pkg, 'utf8')).resources.length;
  assert.equal(report.tasks.length, described, 'every resource was validated');
  assert.ok(described > 20);
});
