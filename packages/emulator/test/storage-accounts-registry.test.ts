// The storage-account registry (Gen2): the seeded development account, keys, and persistence across restarts.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

describe('storage-account registry', () => {
  let t: TestEmulator;
  before(async () => { t = await startTestEmulator(); });
  after(async () => { await t.stop(); });

  it('seeds the development account with the published key, hierarchical namespace on', () => {
    const dev = t.emu.core.storageAccounts.get(DEV_STORAGE_ACCOUNT.name.toUpperCase());
    assert.ok(dev);
    assert.equal(dev.isHnsEnabled, true);
    assert.equal(dev.keys[0], DEV_STORAGE_ACCOUNT.key);
    assert.equal(Buffer.from(dev.keys[0], 'base64').length, 64);
  });

  it('creates accounts with two fresh keys, regenerates one at a time, and removes them', () => {
    const r = t.emu.core.storageAccounts;
    const sub = t.emu.core.directory.defaultSubscriptionId();
    const a = r.insert({
      name: 'Gen2Test', subscriptionId: sub, resourceGroup: 'rg', location: 'westus', ownerOid: 'o', kind: 'StorageV2',
      sku: 'Standard_LRS', isHnsEnabled: true, provisioningState: 'Succeeded', tags: {}, properties: {},
    }, 1000);
    assert.equal(a.name, 'gen2test');
    assert.notEqual(a.keys[0], a.keys[1]);
    assert.equal(Buffer.from(a.keys[1], 'base64').length, 64);
    const b = r.regenerateKey('gen2test', 'key2', 2000)!;
    assert.equal(b.keys[0], a.keys[0]);
    assert.notEqual(b.keys[1], a.keys[1]);
    assert.deepEqual(r.list({ subscriptionId: sub.toUpperCase(), resourceGroup: 'RG' }).map((x) => x.name), ['gen2test']);
    assert.equal(r.remove('GEN2TEST'), true);
    assert.equal(r.get('gen2test'), undefined);
  });

  it('keeps accounts and keys across a restart of the same data folder', async () => {
    const r = t.emu.core.storageAccounts;
    const made = r.insert({
      name: 'durable1', subscriptionId: 's', resourceGroup: 'rg', location: 'westus', ownerOid: 'o', kind: 'StorageV2',
      sku: 'Standard_LRS', isHnsEnabled: false, provisioningState: 'Succeeded', tags: { a: 'b' }, properties: {},
    }, 1000);
    const location = t.location;
    await t.emu.stop();
    const again = await startTestEmulator({ location });
    try {
      const got = again.emu.core.storageAccounts.get('durable1');
      assert.deepEqual(got?.keys, made.keys);
      assert.equal(got?.isHnsEnabled, false);
      assert.deepEqual(got?.tags, { a: 'b' });
    } finally {
      await again.stop();
      rmSync(location, { recursive: true, force: true });
      t = await startTestEmulator();
    }
  });
});
