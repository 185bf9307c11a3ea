// The SDK's storage-account client (StorageManagementClient) against the in-process emulator: real HTTPS, real
// tokens, the create's long-running operation in both the realistic and the immediate modes, typed errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import {
  AccessDeniedError, ConflictError, InvalidArgumentError, NotFoundError, ResourceManagementClient, StorageManagementClient, collect, type TokenCredential,
} from 'adls-gen1';

const ARM_AUDIENCE = 'https://management.core.windows.net/';

async function credentialFor(t: TestEmulator, upn: string): Promise<TokenCredential> {
  const token = await mintToken(t.emu, { upn, audience: ARM_AUDIENCE });
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
}

for (const lroMode of ['realistic', 'immediate'] as const) {
  describe(`storage accounts through the SDK (lroMode ${lroMode})`, () => {
    let t: TestEmulator;
    let client: StorageManagementClient;
    let bobClient: StorageManagementClient;
    let groups: ResourceManagementClient;
    const rg = 'adls-emulator';
    const name = `sdkgen2${lroMode.slice(0, 4)}`;

    before(async () => {
      t = await startTestEmulator({ lroMode });
      const info = t.emu.info();
      const owner = info.users.find((u) => u.subscriptionOwner)!;
      const other = info.users.find((u) => !u.subscriptionOwner)!;
      const options = { endpoint: t.base, ca: t.emu.core.ca.caCertPem, pollIntervalMs: 50 };
      const cred = await credentialFor(t, owner.username);
      client = new StorageManagementClient(cred, info.subscriptionId, options);
      groups = new ResourceManagementClient(cred, info.subscriptionId, options);
      bobClient = new StorageManagementClient(await credentialFor(t, other.username), info.subscriptionId, options);
    });
    after(async () => {
      await client?.close();
      await bobClient?.close();
      await groups?.close();
      await t?.stop();
    });

    it('create (hierarchical namespace) → get → list → keys → update → delete', async () => {
      const sa = client.storageAccounts;
      assert.deepEqual(await sa.checkNameAvailability(name), { nameAvailable: true });
      const poller = await sa.beginCreate(rg, name, { location: 'East US 2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { isHnsEnabled: true } });
      assert.equal(poller.getOperationState().mode, lroMode === 'realistic' ? 'location' : 'none');
      const created = await poller.pollUntilDone();
      assert.deepEqual([created.name, created.location, created.properties.provisioningState, created.properties.isHnsEnabled], [name, 'eastus2', 'Succeeded', true]);
      assert.match(created.properties.primaryEndpoints.dfs!, new RegExp(`^https://${name}\\.dfs\\.`));
      assert.equal((await sa.get(rg, name)).id, created.id);
      assert.ok((await collect(sa.list())).some((a) => a.name === name));
      assert.deepEqual((await collect(sa.listByResourceGroup(rg))).map((a) => a.name).sort(), ['devstoreaccount1', name]);

      const keys = await sa.listKeys(rg, name);
      assert.deepEqual(keys.map((k) => [k.keyName, k.permissions]), [['key1', 'FULL'], ['key2', 'FULL']]);
      assert.deepEqual(keys.map((k) => k.value), t.emu.core.storageAccounts.get(name)!.keys);
      const after = await sa.regenerateKey(rg, name, 'key1');
      assert.notEqual(after[0].value, keys[0].value);
      assert.equal(after[1].value, keys[1].value);
      assert.equal(t.emu.core.storageAccounts.get(name)!.keys[0], after[0].value);

      const updated = await sa.update(rg, name, { tags: { env: 'test' }, properties: { allowSharedKeyAccess: false } });
      assert.deepEqual([updated.tags, updated.properties.allowSharedKeyAccess], [{ env: 'test' }, false]);
      assert.equal(await sa.delete(rg, name), true);
      assert.equal(await sa.delete(rg, name), false);
      await assert.rejects(sa.get(rg, name), (e: unknown) => e instanceof NotFoundError && e.remoteCode === 'ResourceNotFound');
    });

    it('typed errors: bad names before any request, taken names, missing accounts, other users', async () => {
      const sa = client.storageAccounts;
      await assert.rejects(sa.get(rg, 'Bad_Name'), InvalidArgumentError);
      await assert.rejects(sa.regenerateKey(rg, 'devstoreaccount1', 'key3' as 'key1'), InvalidArgumentError);
      await assert.rejects(sa.beginCreate(rg, 'nosku', { location: 'eastus2', kind: 'StorageV2' } as never), InvalidArgumentError);
      await assert.rejects(
        sa.create('elsewhere', 'devstoreaccount1', { location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }),
        (e: unknown) => e instanceof NotFoundError && e.remoteCode === 'ResourceGroupNotFound',
      );
      await groups.resourceGroups.createOrUpdate('elsewhere', { location: 'eastus2' });
      await assert.rejects(
        sa.create('elsewhere', 'devstoreaccount1', { location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }),
        (e: unknown) => e instanceof ConflictError && e.remoteCode === 'StorageAccountAlreadyTaken' && /already taken/.test(e.message),
      );
      await assert.rejects(sa.listKeys(rg, 'nosuchaccount'), (e: unknown) => e instanceof NotFoundError && e.remoteCode === 'StorageAccountNotFound');
      await assert.rejects(bobClient.storageAccounts.listKeys(rg, 'devstoreaccount1'),
        (e: unknown) => e instanceof AccessDeniedError && e.remoteCode === 'AuthorizationFailed');
      assert.equal((await sa.checkNameAvailability('devstoreaccount1')).reason, 'AlreadyExists');
    });
  });
}
