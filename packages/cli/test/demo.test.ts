import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));

test('the main job (adls demo / npm start) runs the guide flow end to end on the embedded emulator', { timeout: 180_000 }, () => {
  const r = spawnSync(process.execPath, [cli, 'demo', '--file-size', '6MiB', '--chunk-size', '1MiB'], { encoding: 'utf8', timeout: 170_000 });
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out.slice(-3000));
  assert.match(out, /enter the code [A-Z0-9]{8,9}/);
  assert.match(out, /page: Verify your identity/, 'the TOTP step of the real pages was used');
  assert.match(out, /amr\s+\[[^\]]*"mfa"/);
  assert.match(out, /round trip identical/);
  assert.match(out, /deleted resource group/);
  assert.match(out, /GUIDE FLOW DONE/);
});

test('adls demo rejects a malformed size with the bad-input exit code', () => {
  const r = spawnSync(process.execPath, [cli, 'demo', '--file-size', 'lots'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /expected a size/);
});
