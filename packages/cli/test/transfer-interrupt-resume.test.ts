// Ctrl-C during `adls fs put` and `--resume`, through the built binary as a user meets them: SIGINT once part
// of a multi-chunk upload is acknowledged exits 130 and keeps the resume state; the same command with --resume
// sends only what was not acknowledged, and the remote file is byte-identical to the local one.
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { loginAsMfaUser, runCli, type CliEnv } from './cli-process.js';

let t: TestEmulator;
let cli: CliEnv;
let dir: string;
before(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'adls-cli-resume-'));
  cli = { home: join(dir, 'home'), emulatorUrl: t.base };
  await loginAsMfaUser(t, cli);
});
after(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('Ctrl-C during a multi-chunk put exits 130 with its state kept; --resume completes it sending less', async () => {
  const size = 8 * 1024 * 1024;
  const local = join(dir, 'big.bin');
  const data = randomBytes(size);
  writeFileSync(local, data);
  const stateDir = join(dir, 'state');
  // 8 chunks of 1 MiB in 256 KiB blocks, 2 at a time: many acknowledged steps before the end.
  const put = ['fs', 'put', local, '/resume/big.bin', '--chunk-size', '1M', '--block-size', '256K', '-t', '2', '--state-dir', stateDir];

  // Each data-plane reply is delayed, so that the upload is still running when the first block is acknowledged.
  t.emu.core.options.faults.slowMs = 100;
  const ctrlC = new AbortController();
  const interrupted = await runCli(cli, put, {
    signal: ctrlC.signal,
    killSignal: 'SIGINT',
    // The first progress line comes with the first acknowledged block (lines mode: not a terminal).
    onStderr: (all) => { if (/^put: \d/m.test(all)) ctrlC.abort(); },
  });
  t.emu.core.options.faults.slowMs = 0;
  assert.equal(interrupted.code, 130, interrupted.stderr);
  assert.match(interrupted.stderr, /^adls: put interrupted; run the same command with --resume to continue\.$/m);
  assert.doesNotMatch(interrupted.stderr, /\n\s+at /);
  assert.equal(readdirSync(stateDir).filter((f) => f.endsWith('.json')).length, 1, 'one resume state file');
  assert.equal((await runCli(cli, ['fs', 'stat', '/resume/big.bin'])).code, 3, 'no target before the upload completes');

  const resumed = await runCli(cli, [...put, '--resume', '--verify', 'checksum', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const summary = JSON.parse(resumed.stdout);
  assert.equal(summary.bytes, size);
  assert.ok(summary.bytesResumed > 0, `bytes resumed: ${resumed.stdout}`);
  assert.ok(summary.bytesTransferred < size, `sent again: ${summary.bytesTransferred} of ${size}`);
  assert.equal(summary.bytesTransferred + summary.bytesResumed, size);
  assert.deepEqual(readdirSync(stateDir).filter((f) => f.endsWith('.json')), [], 'state removed after success');

  const copy = join(dir, 'copy.bin');
  const get = await runCli(cli, ['fs', 'get', '/resume/big.bin', copy]);
  assert.equal(get.code, 0, get.stderr);
  assert.equal(sha(readFileSync(copy)), sha(data));
});
