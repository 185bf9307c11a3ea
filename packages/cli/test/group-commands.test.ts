import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { cliFor, unique, type CliResult } from './management-cli-harness.js';

describe('adls group (in-process against the emulator)', () => {
  let t: TestEmulator;
  let adls: (...args: string[]) => Promise<CliResult>;
  let bob: (...args: string[]) => Promise<CliResult>;

  before(async () => {
    t = await startTestEmulator();
    const users = t.emu.info().users;
    adls = await cliFor(t, users.find((u) => u.subscriptionOwner)!.username);
    bob = await cliFor(t, users.find((u) => !u.subscriptionOwner)!.username);
  });
  after(async () => { await t?.stop(); });

  it('create → show → list → exists → delete', async () => {
    const rg = unique('rg-');
    const created = await adls('group', 'create', rg, '--location', 'West Europe', '--tag', 'env=test', '--json');
    assert.equal(created.code, 0, created.err);
    assert.equal(JSON.parse(created.out).location, 'westeurope');

    const shown = await adls('group', 'show', rg);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /location:\s+westeurope/);
    assert.match(shown.out, /tags:\s+env=test/);

    const listed = await adls('group', 'list', '--json');
    assert.ok((JSON.parse(listed.out) as { name: string }[]).some((g) => g.name === rg));
    assert.match((await adls('group', 'list', '--tag', 'env=test')).out, new RegExp(rg));

    assert.equal((await adls('group', 'exists', rg)).code, 0);
    const deleted = await adls('group', 'delete', rg, '--json');
    assert.deepEqual(JSON.parse(deleted.out), { name: rg, status: 'succeeded' });
    assert.equal((await adls('group', 'exists', rg)).code, 3);
  });

  it('delete asks first: a "no" keeps the group (exit 130), --yes skips the question', async () => {
    const rg = unique('rg-');
    const asked: string[] = [];
    let answer = false;
    const owner = t.emu.info().users.find((u) => u.subscriptionOwner)!.username;
    const asking = await cliFor(t, owner, async (q) => { asked.push(q); return answer; });
    assert.equal((await asking('group', 'create', rg)).code, 0);
    const declined = await asking('group', 'delete', rg);
    assert.equal(declined.code, 130, declined.err);
    assert.match(declined.err, /Not deleted: resource group '.+' and every account in it \(pass --yes/);
    assert.match(asked[0], new RegExp(`Delete resource group '${rg}'`));
    assert.equal((await asking('group', 'exists', rg)).code, 0, 'still there');
    const skipped = await asking('group', 'delete', rg, '--yes');
    assert.equal(skipped.code, 0, skipped.err);
    assert.equal(asked.length, 1, '--yes does not ask');
    assert.equal((await asking('group', 'exists', rg)).code, 3);
    answer = true;
    assert.equal((await asking('group', 'create', rg)).code, 0);
    assert.equal((await asking('group', 'delete', rg)).code, 0);
    assert.equal(asked.length, 2);
  });

  it('defaults the location to eastus2 and maps errors to exit codes', async () => {
    const rg = unique('rg-');
    assert.match((await adls('group', 'create', rg)).out, /eastus2/);
    const missing = await adls('group', 'show', unique('nope-'));
    assert.equal(missing.code, 3);
    assert.match(missing.err, /ResourceGroupNotFound/);
    assert.equal((await adls('group', 'create', 'bad/name')).code, 2);
    const denied = await bob('group', 'create', unique('rg-'));
    assert.equal(denied.code, 4);
    assert.match(denied.err, /AuthorizationFailed/);
    const noWait = await adls('group', 'delete', rg, '--no-wait', '--json');
    assert.equal(noWait.code, 0, noWait.err);
    assert.equal(JSON.parse(noWait.out).name, rg);
  });
});
