// `adls storage account …` in-process against the emulator: create (long-running), show, list, keys (hidden
// unless asked), regenerate, check-name, delete; exit codes as for `adls account`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { cliFor, unique, type CliResult } from './management-cli-harness.js';

describe('adls storage account (in-process against the emulator)', () => {
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

  it('create → show → list → check-name → delete', async () => {
    const name = unique('gen2');
    assert.equal((await adls('storage', 'account', 'check-name', name)).code, 0);
    const created = await adls('storage', 'account', 'create', name, '-g', rg, '--tag', 'team=data', '--json');
    assert.equal(created.code, 0, created.err);
    const acct = JSON.parse(created.out);
    assert.deepEqual([acct.properties.provisioningState, acct.properties.isHnsEnabled, acct.kind, acct.sku.name, acct.tags],
      ['Succeeded', true, 'StorageV2', 'Standard_LRS', { team: 'data' }]);

    const shown = await adls('storage', 'account', 'show', name); // resource group found by name
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, new RegExp(`resource group:\\s+${rg}`));
    assert.match(shown.out, /hierarchical namespace:\s+yes \(ADLS Gen2\)/);
    assert.match(shown.out, new RegExp(`dfs endpoint:\\s+https://${name}\\.dfs\\.`));

    const listed = await adls('storage', 'account', 'list');
    assert.match(listed.out, /NAME\s+RESOURCE GROUP\s+LOCATION\s+KIND\s+SKU\s+HNS\s+STATE/);
    assert.match(listed.out, new RegExp(`${name}\\s+${rg}\\s+eastus2\\s+StorageV2\\s+Standard_LRS\\s+yes\\s+Succeeded`));
    assert.match(listed.out, /devstoreaccount1\s+adls-emulator/);
    assert.deepEqual((JSON.parse((await adls('storage', 'account', 'list', '-g', rg, '--json')).out) as { name: string }[]).map((a) => a.name), [name]);

    const plain = await adls('storage', 'account', 'create', unique('blob'), '-g', rg, '--no-hns', '--kind', 'BlobStorage', '--json');
    assert.equal(JSON.parse(plain.out).properties.isHnsEnabled, false);

    const taken = await adls('storage', 'account', 'check-name', name, '--json');
    assert.deepEqual([taken.code, JSON.parse(taken.out).reason], [6, 'AlreadyExists']);
    assert.equal((await adls('storage', 'account', 'check-name', 'Bad_Name')).code, 2);

    const deleted = await adls('storage', 'account', 'delete', name, '--json');
    assert.deepEqual(JSON.parse(deleted.out), { name, resourceGroup: rg, status: 'deleted' });
    assert.equal((await adls('storage', 'account', 'show', name, '-g', rg)).code, 3);
    assert.equal((await adls('storage', 'account', 'show', name)).code, 3);
  });

  it('keys: values only with --show-values; --regenerate replaces one key', async () => {
    const name = unique('keys');
    assert.equal((await adls('storage', 'account', 'create', name, '-g', rg)).code, 0);
    const [key1, key2] = t.emu.core.storageAccounts.get(name)!.keys;

    const hidden = await adls('storage', 'account', 'keys', name);
    assert.equal(hidden.code, 0, hidden.err);
    assert.match(hidden.out, /key1\s+FULL\s+\S+\s+\(hidden: add --show-values\)/);
    assert.ok(!hidden.out.includes(key1) && !hidden.out.includes(key2), 'no key value without --show-values');
    const hiddenJson = JSON.parse((await adls('storage', 'account', 'keys', name, '--json')).out);
    assert.deepEqual(hiddenJson.map((k: Record<string, unknown>) => [k.keyName, k.permissions, 'value' in k]), [['key1', 'FULL', false], ['key2', 'FULL', false]]);

    const shown = JSON.parse((await adls('storage', 'account', 'keys', name, '--show-values', '--json')).out);
    assert.deepEqual(shown.map((k: { value: string }) => k.value), [key1, key2]);
    const text = await adls('storage', 'account', 'keys', name, '--show-values');
    assert.ok(text.out.includes(key1) && text.out.includes(key2));

    const renewed = await adls('storage', 'account', 'keys', name, '--regenerate', 'key2', '--show-values', '--json');
    assert.equal(renewed.code, 0, renewed.err);
    const [n1, n2] = JSON.parse(renewed.out).map((k: { value: string }) => k.value);
    assert.deepEqual([n1 === key1, n2 === key2], [true, false]);
    assert.equal(t.emu.core.storageAccounts.get(name)!.keys[1], n2);
    assert.equal((await adls('storage', 'account', 'keys', name, '--regenerate', 'key3')).code, 2);
    assert.ok(!renewed.err.includes(n2), 'nothing secret on stderr');
  });

  it('errors: taken names (6), unknown accounts (3), other users (4), nothing deleted without consent (130)', async () => {
    const other = unique('rg-');
    assert.equal((await adls('group', 'create', other)).code, 0);
    const taken = await adls('storage', 'account', 'create', 'devstoreaccount1', '-g', other);
    assert.equal(taken.code, 6, taken.err);
    assert.match(taken.err, /StorageAccountAlreadyTaken/);
    assert.equal((await adls('storage', 'account', 'keys', 'nosuchaccount', '-g', rg)).code, 3);
    assert.equal((await adls('storage', 'account', 'create', 'Bad-Name', '-g', rg)).code, 2);
    const denied = await bob('storage', 'account', 'keys', 'devstoreaccount1', '-g', 'adls-emulator', '--show-values');
    assert.equal(denied.code, 4, denied.err);

    const refusing = await cliFor(t, t.emu.info().users.find((u) => u.subscriptionOwner)!.username, async () => false);
    assert.equal((await refusing('storage', 'account', 'delete', 'devstoreaccount1')).code, 130);
    assert.ok(t.emu.core.storageAccounts.get('devstoreaccount1'));
  });
});
