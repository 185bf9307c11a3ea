// One emulator per data folder: a second one fails with a clear message; a lock left by a dead process is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderLockedError, Emulator } from 'adls-gen1-emulator';

test('a second emulator on the same data folder is refused while the first runs', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-emu-lock-'));
  try {
    const first = new Emulator({ location, port: 0 });
    await first.start();
    assert.equal(readFileSync(join(location, 'emulator.lock'), 'utf8').trim(), String(process.pid));
    assert.throws(() => new Emulator({ location, port: 0 }), (e: unknown) => {
      assert.ok(e instanceof DataFolderLockedError);
      assert.match(e.message, new RegExp(`data folder ${location} is in use by another emulator \\(pid ${process.pid}\\).*--location`));
      return true;
    });
    await first.stop();
    assert.equal(existsSync(join(location, 'emulator.lock')), false, 'stop() releases the lock');
    const again = new Emulator({ location, port: 0 });
    await again.stop();
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});

test('a lock left by a process that is gone (kill -9) is stale and taken over', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-emu-stale-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(location, 'emulator.lock'), `${dead}\n`);
    const emu = new Emulator({ location, port: 0 });
    assert.equal(readFileSync(join(location, 'emulator.lock'), 'utf8').trim(), String(process.pid));
    await emu.stop();
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});
