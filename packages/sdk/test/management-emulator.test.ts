// SDK management clients against the in-process emulator (real HTTPS, real tokens, real LRO behaviour).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import {
  AccessDeniedError, ConflictError, DataLakeStoreAccountManagementClient, NotFoundError, ResourceManagementClient, collect,
  type TokenCredential,
} from 'adls-gen1';

const ARM_AUDIENCE = 'https://management.core.windows.net/';

async function credentialFor(t: TestEmulator, upn: string): Promise<TokenCredential> {
  const token = await mintToken(t.emu, { upn, audience: ARM_AUDIENCE });
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
}

/** Unique lower-case names so tests never collide (account names are global). */
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 24);

for (const lroMode of ['realistic', 'immediate'] as const) {
  describe(`management clients against the emulator (lroMode ${lroMode})`, () => {
    let t: TestEmulator;
    let rc: ResourceManagementClient;
    let dc: DataLakeStoreAccountManagementClient;
    let sub: string;

    before(async () => {
      t = await startTestEmulator({ lroMode });
      const info = t.emu.info();
      sub = info.subscriptionId;
      const owner = info.users.find((u) => u.subscriptionOwner)!;
      const cred = await credentialFor(t, owner.username);
      const options = { endpoint: t.base, ca: t.emu.core.ca.caCertPem, pollIntervalMs: 50 };
      rc = new ResourceManagementClient(cred, sub, options);
      dc = new DataLakeStoreAccountManagementClient(cred, sub, options);
    });
    after(async () => {
      await rc?.close();
      await dc?.close();
      await t?.stop();
    });

    it('resource groups: create, exists, get, update, list, delete', async () => {
      const rg = unique('rg-');
      assert.equal(await rc.resourceGroups.exists(rg), false);
      const created = await rc.resourceGroups.createOrUpdate(rg, { location: 'East US 2', tags: { env: 'test' } });
      assert.equal(created.name, rg);
      assert.equal(created.location, 'eastus2');
      assert.equal(await rc.resourceGroups.exists(rg), true);
      assert.deepEqual((await rc.resourceGroups.get(rg)).tags, { env: 'test' });
      assert.deepEqual((await rc.resourceGroups.update(rg, { tags: { env: 'prod' } })).tags, { env: 'prod' });
      assert.ok((await collect(rc.resourceGroups.list())).some((g) => g.name === rg));
      await rc.resourceGroups.delete(rg);
      assert.equal(await rc.resourceGroups.exists(rg), false);
      await assert.rejects(rc.resourceGroups.get(rg), (e: unknown) => e instanceof NotFoundError && e.remoteCode === 'ResourceGroupNotFound');
    });

    it('accounts: create → get → list → update → delete', async () => {
      const rg = unique('rg-');
      const name = unique('acct');
      await rc.resourceGroups.createOrUpdate(rg, { location: 'eastus2' });
      const poller = await dc.accounts.beginCreate(rg, name, { location: 'eastus2', tags: { tag1: 'value1' } });
      const states: string[] = [];
      poller.onProgress((s) => states.push(s.status));
      const acct = await poller.pollUntilDone();
      assert.equal(acct.name, name);
      assert.equal(acct.properties.provisioningState, 'Succeeded');
      assert.ok(acct.properties.endpoint);
      assert.deepEqual(acct.tags, { tag1: 'value1' });

      assert.equal((await dc.accounts.get(rg, name)).properties.accountId, acct.properties.accountId);
      assert.ok((await collect(dc.accounts.list())).some((a) => a.name === name));
      const inGroup = await collect(dc.accounts.listByResourceGroup(rg));
      assert.deepEqual(inGroup.map((a) => a.name), [name]);

      const updated = await dc.accounts.update(rg, name, { tags: { tag1: 'changed' }, properties: { firewallState: 'Enabled' } });
      assert.deepEqual(updated.tags, { tag1: 'changed' });
      assert.equal(updated.properties.firewallState, 'Enabled');

      await dc.accounts.delete(rg, name);
      await assert.rejects(dc.accounts.get(rg, name), NotFoundError);
      await dc.accounts.delete(rg, name); // absent: 204, no error
      await rc.resourceGroups.delete(rg);
    });

    it('check-name, conflicts and missing groups', async () => {
      const rg = unique('rg-');
      const name = unique('acct');
      await rc.resourceGroups.createOrUpdate(rg, { location: 'eastus2' });
      assert.equal((await dc.accounts.checkNameAvailability('eastus2', name)).nameAvailable, true);
      await dc.accounts.create(rg, name, { location: 'eastus2' });
      const taken = await dc.accounts.checkNameAvailability('East US 2', name);
      assert.equal(taken.nameAvailable, false);
      assert.equal(taken.reason, 'AlreadyExists');

      const other = unique('rg-');
      await rc.resourceGroups.createOrUpdate(other, { location: 'eastus2' });
      await assert.rejects(dc.accounts.create(other, name, { location: 'eastus2' }), ConflictError);
      await assert.rejects(dc.accounts.create(unique('nogroup-'), unique('acct'), { location: 'eastus2' }),
        (e: unknown) => e instanceof NotFoundError && e.remoteCode === 'ResourceGroupNotFound');
      await rc.resourceGroups.delete(rg);
      await rc.resourceGroups.delete(other);
      assert.equal((await dc.accounts.checkNameAvailability('eastus2', name)).nameAvailable, true, 'deleting the group deleted its account');
    });

    it('firewall rules, virtual network rules and trusted identity providers', async () => {
      const rg = unique('rg-');
      const name = unique('acct');
      await rc.resourceGroups.createOrUpdate(rg, { location: 'eastus2' });
      await dc.accounts.create(rg, name, { location: 'eastus2' });

      const fw = await dc.firewallRules.createOrUpdate(rg, name, 'office', { properties: { startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.9' } });
      assert.equal(fw.name, 'office');
      assert.equal(fw.properties?.endIpAddress, '10.0.0.9');
      assert.equal((await dc.firewallRules.update(rg, name, 'office', { properties: { endIpAddress: '10.0.0.20' } })).properties?.endIpAddress, '10.0.0.20');
      assert.equal((await dc.firewallRules.get(rg, name, 'office')).properties?.startIpAddress, '10.0.0.1');
      assert.deepEqual((await collect(dc.firewallRules.listByAccount(rg, name))).map((r) => r.name), ['office']);
      assert.deepEqual((await dc.accounts.get(rg, name)).properties.firewallRules?.map((r) => r.name), ['office']);
      assert.equal(await dc.firewallRules.delete(rg, name, 'office'), true);
      assert.equal(await dc.firewallRules.delete(rg, name, 'office'), false);
      await assert.rejects(dc.firewallRules.get(rg, name, 'office'), NotFoundError);

      const subnet = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default`;
      const vnet = await dc.virtualNetworkRules.createOrUpdate(rg, name, 'vnet1', { properties: { subnetId: subnet } });
      assert.equal(vnet.properties?.subnetId, subnet);
      assert.equal((await collect(dc.virtualNetworkRules.listByAccount(rg, name))).length, 1);
      assert.equal(await dc.virtualNetworkRules.delete(rg, name, 'vnet1'), true);

      const idp = await dc.trustedIdProviders.createOrUpdate(rg, name, 'contoso', { properties: { idProvider: 'https://sts.windows.net/contoso/' } });
      assert.equal(idp.properties?.idProvider, 'https://sts.windows.net/contoso/');
      const patched = await dc.trustedIdProviders.update(rg, name, 'contoso', { properties: { idProvider: 'https://sts.windows.net/fabrikam/' } });
      assert.equal(patched.properties?.idProvider, 'https://sts.windows.net/fabrikam/');
      assert.equal((await collect(dc.trustedIdProviders.listByAccount(rg, name))).length, 1);
      assert.equal(await dc.trustedIdProviders.delete(rg, name, 'contoso'), true);
      await rc.resourceGroups.delete(rg);
    });

    it('a user who does not own the subscription gets 403', async () => {
      const bob = t.emu.info().users.find((u) => !u.subscriptionOwner)!;
      const cred = await credentialFor(t, bob.username);
      const bobRc = new ResourceManagementClient(cred, sub, { endpoint: t.base, ca: t.emu.core.ca.caCertPem });
      const bobDc = new DataLakeStoreAccountManagementClient(cred, sub, { endpoint: t.base, ca: t.emu.core.ca.caCertPem });
      try {
        await assert.rejects(bobRc.resourceGroups.createOrUpdate(unique('rg-'), { location: 'eastus2' }),
          (e: unknown) => e instanceof AccessDeniedError && e.status === 403 && e.remoteCode === 'AuthorizationFailed' && !!e.requestId);
        await assert.rejects(collect(bobDc.accounts.list()), AccessDeniedError);
      } finally {
        await bobRc.close();
        await bobDc.close();
      }
    });
  });
}

describe('management clients against the emulator (lroMode poll-resource)', () => {
  it('creates and deletes an account by polling its provisioningState', async () => {
    const t = await startTestEmulator({ lroMode: 'poll-resource' });
    const info = t.emu.info();
    const cred = await credentialFor(t, info.users.find((u) => u.subscriptionOwner)!.username);
    const options = { endpoint: t.base, ca: t.emu.core.ca.caCertPem, pollIntervalMs: 50 };
    const rc = new ResourceManagementClient(cred, info.subscriptionId, options);
    const dc = new DataLakeStoreAccountManagementClient(cred, info.subscriptionId, options);
    try {
      const rg = unique('rg-');
      const name = unique('acct');
      await rc.resourceGroups.createOrUpdate(rg, { location: 'eastus2' });
      const poller = await dc.accounts.beginCreate(rg, name, { location: 'eastus2' });
      assert.equal(poller.getOperationState().mode, 'body');
      const acct = await poller.pollUntilDone();
      assert.equal(acct.properties.provisioningState, 'Succeeded');
      assert.ok(poller.getOperationState().polls >= 1);
      await dc.accounts.delete(rg, name);
      await assert.rejects(dc.accounts.get(rg, name), NotFoundError);
    } finally {
      await rc.close();
      await dc.close();
      await t.stop();
    }
  });
});
