// /_emulator/info lists Gen2 storage accounts with endpoints and a connection string; only the published key shows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

let t: TestEmulator;
before(async () => { t = await startTestEmulator({ inMemory: true, testApi: false }); });
after(() => t.stop());

test('storage accounts in /_emulator/info: endpoints and connection string; other accounts\' keys stay private', async () => {
  const core = t.emu.core;
  core.storageAccounts.insert({
    name: 'privateacct', subscriptionId: core.directory.defaultSubscriptionId(), resourceGroup: 'rg', location: 'eastus2', ownerOid: 'o',
    kind: 'StorageV2', sku: 'Standard_LRS', isHnsEnabled: true, provisioningState: 'Succeeded', tags: {}, properties: {},
  }, 0);
  const info = await (await t.fetch('/_emulator/info')).json() as { storageAccounts: { name: string; key: string | null; blobEndpoint: string; dfsEndpoint: string; connectionString: string | null }[] };
  const dev = info.storageAccounts.find((a) => a.name === DEV_STORAGE_ACCOUNT.name)!;
  const base = `https://localhost:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`;
  assert.deepEqual(dev, {
    name: DEV_STORAGE_ACCOUNT.name, key: DEV_STORAGE_ACCOUNT.key, blobEndpoint: base, dfsEndpoint: base,
    connectionString: `DefaultEndpointsProtocol=https;AccountName=${DEV_STORAGE_ACCOUNT.name};AccountKey=${DEV_STORAGE_ACCOUNT.key};BlobEndpoint=${base};DfsEndpoint=${base};`,
  });
  const other = info.storageAccounts.find((a) => a.name === 'privateacct')!;
  assert.equal(other.key, null);
  assert.equal(other.connectionString, null);
  assert.equal(t.emu.info().storageAccounts.find((a) => a.name === 'privateacct')!.key, core.storageAccounts.get('privateacct')!.keys[0], 'in process: whole');
});
