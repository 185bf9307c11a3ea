import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('adls demo on a busy port: one line naming the port and --port, exit 1, no temporary folder left', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as { port: number }).port;
  const tmp = mkdtempSync(join(tmpdir(), 'adls-demo-busy-'));
  try {
    // Spawned (not spawnSync): this process must keep accepting on the busy port meanwhile.
    const child = spawn(process.execPath, [cli, 'demo', '--port', String(port)], { env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`^adls: port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
    assert.doesNotMatch(stderr, /EADDRINUSE|at .*\.js:\d+/);
    assert.deepEqual(readdirSync(tmp), [], 'the temporary data folder is removed');
  } finally {
    busy.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
