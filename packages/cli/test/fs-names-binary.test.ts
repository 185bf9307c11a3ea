// User names through the built `adls` binary against an in-process emulator: `chown` and `acl modify` take a
// short name that the emulator's directory resolves to one user's object id; listings show that user's UPN
// (`-n/--numeric-ids` and --json keep the id); an unknown short name is refused before anything changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { loginAsMfaUser, runCli, type CliEnv } from './cli-process.js';

let t: TestEmulator;
let cli: CliEnv;
before(async () => {
  t = await startTestEmulator();
  cli = { home: mkdtempSync(join(tmpdir(), 'adls-cli-names-')), emulatorUrl: t.base };
  await loginAsMfaUser(t, cli);
});
after(async () => {
  await t?.stop();
  rmSync(cli.home, { recursive: true, force: true });
});

const bob = () => t.emu.info().users.find((u) => u.username.startsWith('bob@'))!;
const fs = (...args: string[]) => runCli(cli, ['fs', ...args]);

test('chown bob and acl modify user:bob:rwx store bob\'s object id; stat and acl get show his UPN, -n the id', async () => {
  const { username, oid } = bob();
  assert.equal((await fs('touch', '/names-bin/f.txt')).code, 0);

  const chown = await fs('chown', 'bob', '/names-bin/f.txt');
  assert.equal(chown.code, 0, chown.stderr);
  assert.equal(JSON.parse((await fs('stat', '--json', '/names-bin/f.txt')).stdout).owner, oid);
  assert.match((await fs('stat', '/names-bin/f.txt')).stdout, new RegExp(`^owner +${username}$`, 'm'));
  const long = await fs('ls', '-l', '/names-bin');
  assert.match(long.stdout, new RegExp(`^-\\S+ +${username} .*/names-bin/f\\.txt$`, 'm'));
  assert.match((await fs('ls', '-l', '-n', '/names-bin')).stdout, new RegExp(`^-\\S+ +${oid} .*/names-bin/f\\.txt$`, 'm'));

  const modify = await fs('acl', 'modify', '/names-bin/f.txt', 'user:bob:rwx');
  assert.equal(modify.code, 0, modify.stderr);
  assert.match((await fs('acl', 'get', '/names-bin/f.txt')).stdout, new RegExp(`^user:${username}:rwx$`, 'm'));
  assert.match((await fs('acl', 'get', '-n', '/names-bin/f.txt')).stdout, new RegExp(`^user:${oid}:rwx$`, 'm'));
  assert.ok(JSON.parse((await fs('acl', 'get', '--json', '/names-bin/f.txt')).stdout).entries.includes(`user:${oid}:rwx`));
});

test('an unknown short name: one line naming it, exit 2 (bad input), nothing changed', async () => {
  assert.equal((await fs('touch', '/names-bin/g.txt')).code, 0);
  const before = JSON.parse((await fs('acl', 'get', '--json', '/names-bin/g.txt')).stdout);

  const chown = await fs('chown', 'nobody', '/names-bin/g.txt');
  assert.equal(chown.code, 2, chown.stderr);
  assert.match(chown.stderr, /^adls: .*No user 'nobody'.*\n$/);
  const acl = await fs('acl', 'modify', '/names-bin/g.txt', 'user:nobody:rwx');
  assert.equal(acl.code, 2, acl.stderr);
  assert.match(acl.stderr, /^adls: .*'nobody'.*\n$/);

  assert.deepEqual(JSON.parse((await fs('acl', 'get', '--json', '/names-bin/g.txt')).stdout), before);
});
