// The emulator package loads only for the commands that run it (`emulator …`, `demo`): every other command
// starts without it. The built CLI runs with `adls-gen1-emulator` resolved to a module that throws
// (fixtures/refuse-emulator). Needs `npm run build` first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_MAIN, runNode, type Run } from './cli-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const REFUSE = pathToFileURL(join(here, 'fixtures/refuse-emulator/register.mjs')).href;
const scratch = mkdtempSync(join(tmpdir(), 'adls-cli-startup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function adls(args: string[]): Promise<Run> {
  return runNode(['--import', REFUSE, CLI_MAIN, ...args],
    { PATH: process.env.PATH ?? '', HOME: scratch, ADLS_CONFIG_DIR: join(scratch, 'config'), ADLS_EMULATOR: 'https://127.0.0.1:9' });
}

test('help, version and whoami run without loading the emulator', async () => {
  for (const args of [['--help'], ['--version'], ['fs', 'ls', '--help'], ['emulator', 'start', '--help'], ['demo', '--help']]) {
    const r = await adls(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /was loaded/);
  }
  // The emulator's defaults still show in help, read from its light `defaults` entry.
  assert.match((await adls(['emulator', 'start', '--help'])).stdout, /\(default:\s+8443\)/);
  // A command that runs (and fails: nothing listens there) without the emulator package.
  const whoami = await adls(['whoami']);
  assert.doesNotMatch(whoami.stderr, /was loaded/);
  assert.match(whoami.stderr, /^adls: no emulator is listening at https:\/\/127\.0\.0\.1:9/);
});

test('emulator commands do load it (the refusal is seen)', async () => {
  const r = await adls(['emulator', 'hosts', '--location', join(scratch, 'data')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^adls: adls-gen1-emulator was loaded$/m);
});
