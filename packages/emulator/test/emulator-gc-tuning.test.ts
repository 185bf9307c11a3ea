// V8's allocation-site pretenuring is off in a started emulator (gc-tuning.ts), unless the embedder keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNNER = join(import.meta.dirname, 'fixtures', 'pretenuring-runner.ts');

/** How many allocation sites V8 decided to pretenure in a child that started an emulator and then allocated. */
function tenureDecisions(mode: 'default' | 'keep'): number {
  const location = mkdtempSync(join(tmpdir(), 'adls-pretenure-'));
  try {
    const run = spawnSync(process.execPath, ['--trace-pretenuring-statistics', '--conditions=source', '--import', 'tsx', RUNNER, location, mode], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /kept 4000000/);
    return run.stdout.split('\n').filter((l) => l.includes('=> tenure')).length;
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
}

test('a started emulator turns off allocation-site pretenuring for its process', () => {
  assert.equal(tenureDecisions('default'), 0);
});

test('allocationSitePretenuring: true keeps V8 pretenuring (the same allocations get tenured)', () => {
  assert.ok(tenureDecisions('keep') > 0, 'the allocation pattern is one V8 pretenures');
});
