// Spawns the built `adls` binary (packages/cli/dist/main.js) against an in-process emulator: real sign-in
// (device code approved through the emulator's test API), real token cache, real exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { CLI_MAIN, runNode } from './cli-process.js';
import { unique } from './management-cli-harness.js';

/** Runs the built CLI with exactly `env`, asynchronously (spawnSync would block the in-process emulator). */
const adls = (env: NodeJS.ProcessEnv, args: string[], onStderr?: (all: string) => void) => runNode([CLI_MAIN, ...args], env, { onStderr });

describe('adls group/account: the built binary', () => {
  let t: TestEmulator;
  let env: NodeJS.ProcessEnv;
  let bobEnv: NodeJS.ProcessEnv;
  const dirs: string[] = [];

  const envFor = () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-cli-cfg-'));
    dirs.push(dir);
    return { ...process.env, ADLS_EMULATOR: t.base, ADLS_CA_FILE: t.emu.info().caCertPath, ADLS_CONFIG_DIR: dir, ADLS_SUBSCRIPTION: '' };
  };

  before(async () => {
    t = await startTestEmulator();
    const users = t.emu.info().users;
    const owner = users.find((u) => u.subscriptionOwner)!;
    const bob = users.find((u) => !u.subscriptionOwner && u.password && !u.mfa)!;
    env = envFor();
    bobEnv = envFor();

    let approved = false;
    const login = await adls(env, ['login'], (stderr) => {
      const code = /enter the code (\S+)/.exec(stderr)?.[1];
      if (!code || approved) return;
      approved = true;
      void t.fetch('/_emulator/device/approve', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: code, username: owner.username }),
      }).then((r) => r.text());
    });
    assert.equal(login.code, 0, login.stderr);
    const bobLogin = await adls({ ...bobEnv, ADLS_PASSWORD: bob.password! }, ['login', '--username', bob.username]);
    assert.equal(bobLogin.code, 0, bobLogin.stderr);
  });
  after(async () => {
    await t?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  // Kept short (each spawn starts Node): option coverage lives in the in-process account/group command tests.
  it('group and account lifecycle with exit codes', async () => {
    const rg = unique('rg-');
    const name = unique('acct');
    const g = await adls(env, ['group', 'create', rg, '--json']);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(JSON.parse(g.stdout).location, 'eastus2');

    const created = await adls(env, ['account', 'create', name, '-g', rg, '--tag', 'env=test', '--json']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).properties.provisioningState, 'Succeeded');

    const shown = await adls(env, ['account', 'show', name]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /provisioning:\s+Succeeded/);
    assert.match((await adls(env, ['account', 'list'])).stdout, new RegExp(`${name}\\s+${rg}`));
    assert.equal((await adls(env, ['account', 'check-name', name])).code, 6);

    const denied = await adls(bobEnv, ['account', 'list']);
    assert.equal(denied.code, 4, denied.stderr);

    assert.equal((await adls(env, ['account', 'delete', name])).code, 0);
    const gone = await adls(env, ['account', 'show', name, '-g', rg]);
    assert.equal(gone.code, 3);
    assert.match(gone.stderr, /ResourceNotFound/);
    assert.equal((await adls(env, ['group', 'delete', rg])).code, 0);
    assert.equal((await adls(env, ['group', 'show', rg])).code, 3);
  });

  it('firewall on with no rules: fs ls names the firewall and the rule to add; the rule lets the owner back in', async () => {
    const rg = unique('rg-');
    const name = unique('fw');
    assert.equal((await adls(env, ['group', 'create', rg])).code, 0);
    assert.equal((await adls(env, ['account', 'create', name, '-g', rg])).code, 0);
    try {
      assert.equal((await adls(env, ['account', 'update', name, '--firewall', 'on'])).code, 0);
      const blocked = await adls(env, ['fs', 'ls', '/', '--account', name]);
      assert.equal(blocked.code, 4, blocked.stderr);
      assert.match(blocked.stderr, /AccessDeniedByFirewall: The client IP '127\.0\.0\.1' is not allowed/);
      assert.doesNotMatch(blocked.stderr, /ACL verification|owner must grant/);
      const rule = /adls (account firewall create .*)$/m.exec(blocked.stderr)?.[1];
      assert.equal(rule, `account firewall create ${name} allow-127-0-0-1 --start-ip 127.0.0.1 --end-ip 127.0.0.1`);
      const added = await adls(env, rule!.split(' '));
      assert.equal(added.code, 0, added.stderr);
      const listed = await adls(env, ['fs', 'ls', '/', '--account', name]);
      assert.equal(listed.code, 0, listed.stderr);
    } finally {
      await adls(env, ['account', 'delete', name, '-y']);
      await adls(env, ['group', 'delete', rg, '-y']);
    }
  });
});
