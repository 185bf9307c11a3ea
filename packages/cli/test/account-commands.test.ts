import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { cliFor, unique, type CliResult } from './management-cli-harness.js';

describe('adls account (in-process against the emulator)', () => {
  let t: TestEmulator;
  let adls: (...args: string[]) => Promise<CliResult>;
  let bob: (...args: string[]) => Promise<CliResult>;
  let rg: string;

  before(async () => {
    t = await startTestEmulator({ lroMode: 'realistic' });
    const users = t.emu.info().users;
    adls = await cliFor(t, users.find((u) => u.subscriptionOwner)!.username);
    bob = await cliFor(t, users.find((u) => !u.subscriptionOwner)!.username);
    rg = unique('rg-');
    assert.equal((await adls('group', 'create', rg)).code, 0);
  });
  after(async () => { await t?.stop(); });

  it('create → show → list → update → check-name → delete', async () => {
    const name = unique('acct');
    assert.equal((await adls('account', 'check-name', name)).code, 0);
    const created = await adls('account', 'create', name, '-g', rg, '--tag', 'tag1=value1', '--json');
    assert.equal(created.code, 0, created.err);
    const acct = JSON.parse(created.out);
    assert.equal(acct.properties.provisioningState, 'Succeeded');
    assert.deepEqual(acct.tags, { tag1: 'value1' });
    assert.equal(created.err, '', 'no spinner when stderr is not a terminal');

    const shown = await adls('account', 'show', name); // resource group found by name
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, new RegExp(`resource group:\\s+${rg}`));
    assert.match(shown.out, /provisioning:\s+Succeeded/);

    const listed = await adls('account', 'list', '-g', rg);
    assert.match(listed.out, /NAME\s+RESOURCE GROUP\s+LOCATION\s+STATE\s+ENDPOINT/);
    assert.match(listed.out, new RegExp(`${name}\\s+${rg}\\s+eastus2\\s+Succeeded`));
    assert.ok((JSON.parse((await adls('account', 'list', '--json')).out) as { name: string }[]).some((a) => a.name === name));

    const updated = await adls('account', 'update', name, '-g', rg, '--tag', 'tag1=changed', '--firewall', 'on', '--json');
    assert.equal(updated.code, 0, updated.err);
    assert.deepEqual(JSON.parse(updated.out).tags, { tag1: 'changed' });
    assert.equal(JSON.parse(updated.out).properties.firewallState, 'Enabled');
    assert.equal((await adls('account', 'update', name)).code, 2, 'nothing to update');

    const taken = await adls('account', 'check-name', name, '--json');
    assert.equal(taken.code, 6);
    assert.equal(JSON.parse(taken.out).reason, 'AlreadyExists');

    const deleted = await adls('account', 'delete', name, '--json');
    assert.deepEqual(JSON.parse(deleted.out), { name, resourceGroup: rg, status: 'succeeded' });
    assert.equal((await adls('account', 'show', name, '-g', rg)).code, 3);
    assert.equal((await adls('account', 'show', name)).code, 3);
  });

  it('--no-wait returns while the account is still being created', async () => {
    const name = unique('acct');
    const started = await adls('account', 'create', name, '-g', rg, '--no-wait', '--json');
    assert.equal(started.code, 0, started.err);
    assert.deepEqual(JSON.parse(started.out), { name, resourceGroup: rg, status: 'running' });
    const deleting = await adls('account', 'delete', name, '-g', rg, '--json');
    assert.equal(deleting.code, 0, deleting.err);
  });

  it('firewall, trusted-idp and vnet-rule commands', async () => {
    const name = unique('acct');
    assert.equal((await adls('account', 'create', name, '-g', rg)).code, 0);

    const fw = await adls('account', 'firewall', 'create', name, 'office', '--start-ip', '10.0.0.1', '--end-ip', '10.0.0.9', '--json');
    assert.equal(fw.code, 0, fw.err);
    assert.equal(JSON.parse(fw.out).properties.endIpAddress, '10.0.0.9');
    assert.equal((await adls('account', 'firewall', 'create', name, 'half', '--start-ip', '10.0.0.1')).code, 2, 'missing --end-ip');
    assert.equal((await adls('account', 'firewall', 'update', name, 'office', '-g', rg, '--end-ip', '10.0.0.99')).code, 0);
    const list = await adls('account', 'firewall', 'list', name);
    assert.match(list.out, /NAME\s+STARTIPADDRESS\s+ENDIPADDRESS/);
    assert.match(list.out, /office\s+10\.0\.0\.1\s+10\.0\.0\.99/);
    assert.match((await adls('account', 'firewall', 'show', name, 'office')).out, /office/);
    assert.match((await adls('account', 'firewall', 'delete', name, 'office')).out, /Deleted firewall rule 'office'/);
    assert.equal((await adls('account', 'firewall', 'show', name, 'office')).code, 3);

    const idp = await adls('account', 'trusted-idp', 'create', name, 'contoso', '--id-provider', 'https://sts.windows.net/contoso/', '--json');
    assert.equal(JSON.parse(idp.out).properties.idProvider, 'https://sts.windows.net/contoso/');
    assert.equal(JSON.parse((await adls('account', 'trusted-idp', 'list', name, '--json')).out).length, 1);
    assert.equal((await adls('account', 'trusted-idp', 'delete', name, 'contoso')).code, 0);

    const subnet = `/subscriptions/${t.emu.info().subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/default`;
    const vnet = await adls('account', 'vnet-rule', 'create', name, 'vnet1', '--subnet-id', subnet, '--json');
    assert.equal(vnet.code, 0, vnet.err);
    assert.equal(JSON.parse(vnet.out).properties.subnetId, subnet);
    assert.match((await adls('account', 'vnet-rule', 'list', name)).out, /vnet1/);
    assert.equal((await adls('account', 'vnet-rule', 'delete', name, 'vnet1', '--json')).code, 0);
    assert.equal((await adls('account', 'delete', name)).code, 0);
  });

  it('exit codes: bad name 2, taken 6, missing group 3, not an owner 4', async () => {
    assert.equal((await adls('account', 'create', 'Bad_Name', '-g', rg)).code, 2);
    assert.equal((await adls('account', 'check-name', 'x')).code, 2);
    assert.equal((await adls('account', 'create', unique('acct'))).code, 2, '-g is required');
    assert.equal((await adls('account', 'create', unique('acct'), '-g', unique('nogroup-'))).code, 3);

    const name = unique('acct');
    assert.equal((await adls('account', 'create', name, '-g', rg)).code, 0);
    const other = unique('rg-');
    await adls('group', 'create', other);
    const dup = await adls('account', 'create', name, '-g', other);
    assert.equal(dup.code, 6, dup.err);

    const denied = await bob('account', 'list');
    assert.equal(denied.code, 4);
    // Answering "no" to the delete question keeps the account (exit 130).
    const declining = await cliFor(t, t.emu.info().users.find((u) => u.subscriptionOwner)!.username, async () => false);
    const kept = await declining('account', 'delete', name, '-g', rg);
    assert.equal(kept.code, 130, kept.err);
    assert.match(kept.err, /Not deleted: account '.+' and all its data/);
    assert.equal((await adls('account', 'show', name, '-g', rg)).code, 0);
    assert.equal((await declining('account', 'delete', name, '-g', rg, '-y')).code, 0);
  });
});
