// Microsoft.Storage/storageAccounts in Resource Manager: create as a long-running operation, keys, names, lists,
// update, delete (with the Gen2 data-plane hook), RBAC, api-versions, and the generic listings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken } from './helpers.js';
import { LRO_DURATION_MS } from '../src/management/lro.js';
import { primaryEndpoints } from '../src/management/storage/model.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { ARM_AUDIENCE, BOB, RES, startArm, SUB, type ArmTest } from './management-helpers.js';

const STORAGE = '2023-05-01';
const st = (p: string, v = STORAGE) => `${p}?api-version=${v}`;
const accountPath = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}`;
const createBody = (extra: Record<string, unknown> = {}) =>
  ({ location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { isHnsEnabled: true }, ...extra });

describe('storage accounts in Resource Manager', () => {
  let t: ArmTest;
  const provisioned: string[] = [];
  const destroyed: string[] = [];
  before(async () => {
    t = await startArm();
    t.emu.core.storageNamespaces = {
      provision: (account) => { provisioned.push(account); },
      destroy: async (account) => { destroyed.push(account); },
    };
    for (const rg of ['st', 'st2']) await t.call('PUT', `${t.groupPath(rg)}?api-version=${RES}`, { location: 'eastus2' });
  });
  after(() => t.stop());

  test('create: 202 + Location + Retry-After, 202 while running, then 200 with the ready account', async () => {
    t.emu.options.lroMode = 'realistic';
    let r = await t.call('PUT', st(accountPath('st', 'gen2real')), createBody({ tags: { team: 'data' } }));
    assert.equal(r.status, 202);
    assert.equal(r.body, undefined);
    assert.equal(r.headers.get('retry-after'), '1');
    const location = new URL(r.headers.get('location')!);
    assert.equal(location.origin, t.base);
    assert.match(location.pathname, new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Storage/locations/eastus2/asyncoperations/[0-9a-f-]{36}$`));
    assert.equal(location.searchParams.get('api-version'), STORAGE);
    const poll = location.pathname + location.search;

    r = await t.call('GET', poll);
    assert.equal(r.status, 202);
    r = await t.call('GET', st(accountPath('st', 'gen2real')));
    assert.equal(r.body.properties.provisioningState, 'Creating');
    assert.equal(provisioned.includes('gen2real'), false);

    t.tick(LRO_DURATION_MS);
    r = await t.call('GET', poll);
    assert.equal(r.status, 200);
    assert.equal(r.body.properties.provisioningState, 'Succeeded');
    assert.deepEqual(provisioned, ['gen2real']);
    assert.equal(r.body.id, accountPath('st', 'gen2real'));
    assert.equal(r.body.type, 'Microsoft.Storage/storageAccounts');
    assert.deepEqual([r.body.kind, r.body.sku, r.body.tags], ['StorageV2', { name: 'Standard_LRS', tier: 'Standard' }, { team: 'data' }]);
    assert.equal(r.body.properties.isHnsEnabled, true);
    const suffix = t.emu.options.dataPlaneSuffix;
    assert.deepEqual(r.body.properties.primaryEndpoints, {
      dfs: `https://gen2real.dfs.${suffix}:${t.emu.port}/`, blob: `https://gen2real.blob.${suffix}:${t.emu.port}/`,
    });
    assert.equal(t.emu.core.storageAccounts.get('gen2real')?.ownerOid, t.emu.core.directory.listUsers()[0].oid);
  });

  test('immediate: 200 with the ready account; a re-PUT in the same group updates it; other groups cannot take the name', async () => {
    t.emu.options.lroMode = 'immediate';
    let r = await t.call('PUT', st(accountPath('st', 'gen2now')), createBody());
    assert.deepEqual([r.status, r.body.properties.provisioningState], [200, 'Succeeded']);
    r = await t.call('PUT', st(accountPath('st', 'gen2now')), createBody({ tags: { v: '2' }, properties: { isHnsEnabled: true, accessTier: 'cool' } }));
    assert.deepEqual([r.status, r.body.tags, r.body.properties.accessTier], [200, { v: '2' }, 'Cool']);
    r = await t.call('PUT', st(accountPath('st', 'gen2now')), createBody({ location: 'westus' }));
    assert.deepEqual([r.status, r.body.error.code], [409, 'InvalidResourceLocation']);
    r = await t.call('PUT', st(accountPath('st', 'gen2now')), createBody({ properties: { isHnsEnabled: false } }));
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestPropertyValue']);
    r = await t.call('PUT', st(accountPath('st2', 'gen2now')), createBody());
    assert.deepEqual([r.status, r.body.error.code], [409, 'StorageAccountAlreadyTaken']);
    r = await t.call('PUT', st(accountPath('st2', DEV_STORAGE_ACCOUNT.name)), createBody());
    assert.deepEqual([r.status, r.body.error.code], [409, 'StorageAccountAlreadyTaken']);
    t.emu.options.lroMode = 'realistic';
  });

  test('poll-resource: 201 with a Creating account and Retry-After; GET settles it once the clock moves', async () => {
    t.emu.options.lroMode = 'poll-resource';
    let r = await t.call('PUT', st(accountPath('st2', 'gen2poll')), createBody());
    assert.deepEqual([r.status, r.body.properties.provisioningState, r.headers.get('retry-after'), r.headers.get('location')], [201, 'Creating', '1', null]);
    r = await t.call('GET', st(accountPath('st2', 'gen2poll')));
    assert.deepEqual([r.body.properties.provisioningState, r.headers.get('retry-after')], ['Creating', '1']);
    r = await t.call('PUT', st(accountPath('st2', 'gen2poll')), createBody());
    assert.deepEqual([r.status, r.body.error.code], [409, 'StorageAccountOperationInProgress']);
    t.tick(LRO_DURATION_MS);
    r = await t.call('GET', st(accountPath('st2', 'gen2poll')));
    assert.deepEqual([r.body.properties.provisioningState, r.headers.get('retry-after')], ['Succeeded', null]);
    t.emu.options.lroMode = 'realistic';
  });

  test('bad input: the storage provider\'s codes', async () => {
    for (const name of ['ab', 'UpperCase1', 'with-dash', 'a'.repeat(25)]) {
      const r = await t.call('PUT', st(accountPath('st', name)), createBody());
      assert.deepEqual([r.status, r.body.error.code], [400, 'AccountNameInvalid'], name);
      assert.match(r.body.error.message, /between 3 and 24 characters/);
    }
    let r = await t.call('PUT', st(accountPath('st', 'nosku')), { location: 'eastus2', kind: 'StorageV2' });
    assert.deepEqual([r.status, r.body.error.code], [400, 'MissingRequiredProperty']);
    r = await t.call('PUT', st(accountPath('st', 'badsku')), createBody({ sku: { name: 'Ultra_LRS' } }));
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    r = await t.call('PUT', st(accountPath('st', 'nohns')), createBody({ kind: 'BlobStorage' }));
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestPropertyValue']);
    r = await t.call('PUT', st(accountPath('st', 'noloc')), { sku: { name: 'Standard_LRS' }, kind: 'StorageV2' });
    assert.deepEqual([r.status, r.body.error.code], [400, 'LocationRequired']);
    r = await t.call('PUT', st(accountPath('nosuchgroup', 'nogroup')), createBody());
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceGroupNotFound']);
    r = await t.call('GET', st(accountPath('st', 'gen2real'), '2016-11-01'));
    assert.deepEqual([r.status, r.body.error.code], [400, 'NoRegisteredProviderFound']);
    r = await t.call('GET', st(accountPath('st', 'nosuchacct')));
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceNotFound']);
    r = await t.call('PATCH', st(accountPath('st', 'nosuchacct')), { tags: {} });
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceNotFound']);
    r = await t.call('POST', st(`${accountPath('st', 'nosuchacct')}/listKeys`));
    assert.deepEqual([r.status, r.body.error.code], [404, 'StorageAccountNotFound']);
    assert.equal(t.emu.core.storageAccounts.get('nosku'), undefined);
  });

  test('checkNameAvailability: invalid, taken (globally), available', async () => {
    const check = async (name: string) =>
      (await t.call('POST', st(`/subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability`), { name, type: 'Microsoft.Storage/storageAccounts' })).body;
    assert.deepEqual((await check('No')).reason, 'AccountNameInvalid');
    assert.deepEqual(await check(DEV_STORAGE_ACCOUNT.name), {
      nameAvailable: false, reason: 'AlreadyExists', message: `The storage account named ${DEV_STORAGE_ACCOUNT.name} is already taken.`,
    });
    assert.deepEqual(await check('freename123'), { nameAvailable: true });
  });

  test('listKeys and regenerateKey: two 88-character keys; regenerating one leaves the other', async () => {
    const keysPath = st(`${accountPath('st', 'gen2real')}/listKeys`);
    const before = (await t.call('POST', keysPath)).body.keys;
    assert.deepEqual(before.map((k: any) => [k.keyName, k.permissions, k.value.length]), [['key1', 'FULL', 88], ['key2', 'FULL', 88]]);
    assert.deepEqual(before.map((k: any) => k.value), t.emu.core.storageAccounts.get('gen2real')!.keys);
    t.tick(5000);
    const r = await t.call('POST', st(`${accountPath('st', 'gen2real')}/regenerateKey`), { keyName: 'key1' });
    assert.equal(r.status, 200);
    const after = r.body.keys;
    assert.notEqual(after[0].value, before[0].value);
    assert.equal(after[1].value, before[1].value);
    assert.ok(Date.parse(after[0].creationTime) > Date.parse(before[0].creationTime));
    assert.equal(after[1].creationTime, before[1].creationTime);
    assert.deepEqual((await t.call('POST', keysPath)).body.keys, after);
    const bad = await t.call('POST', st(`${accountPath('st', 'gen2real')}/regenerateKey`), { keyName: 'key3' });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'InvalidValuesForRequestParameters']);
  });

  test('lists: by subscription (the development account included) and by group, paged with nextLink', async () => {
    let r = await t.call('GET', st(`/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`));
    const names = r.body.value.map((a: any) => a.name);
    assert.ok(names.includes(DEV_STORAGE_ACCOUNT.name) && names.includes('gen2real') && names.includes('gen2now'), names.join());
    const dev = r.body.value.find((a: any) => a.name === DEV_STORAGE_ACCOUNT.name);
    r = await t.call('GET', st(`/subscriptions/${SUB}/providers/Microsoft.Storage/locations/eastus2/usages`));
    assert.deepEqual(r.body.value[0].name.value, 'StorageAccounts');
    assert.deepEqual([r.body.value[0].currentValue, r.body.value[0].limit], [names.length, 250]);
    const head = await t.fetch(st(accountPath('st', 'gen2real')), { method: 'HEAD', headers: { authorization: `Bearer ${t.token}` } });
    const missing = await t.fetch(st(accountPath('st', 'nosuchacct')), { method: 'HEAD', headers: { authorization: `Bearer ${t.token}` } });
    assert.deepEqual([head.status, missing.status], [204, 404]);
    assert.equal(dev.id, accountPath(DEV_STORAGE_ACCOUNT.resourceGroup, DEV_STORAGE_ACCOUNT.name));
    r = await t.call('GET', `${accountPath('st', '').slice(0, -1)}?api-version=${STORAGE}&$maxpagesize=1`);
    assert.deepEqual(r.body.value.map((a: any) => a.name), ['gen2now']);
    const next = new URL(r.body.nextLink);
    r = await t.call('GET', next.pathname + next.search);
    assert.deepEqual([r.body.value.map((a: any) => a.name), r.body.nextLink], [['gen2real'], undefined]);
  });

  test('update (PATCH): tags replace, settings merge, synchronous 200', async () => {
    let r = await t.call('PATCH', st(accountPath('st', 'gen2real')), { tags: { env: 'test' }, properties: { minimumTlsVersion: 'TLS1_3', allowSharedKeyAccess: false } });
    assert.deepEqual([r.status, r.body.tags, r.body.properties.minimumTlsVersion, r.body.properties.allowSharedKeyAccess], [200, { env: 'test' }, 'TLS1_3', false]);
    r = await t.call('PATCH', st(accountPath('st', 'gen2real')), { properties: { allowSharedKeyAccess: 'no' } });
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    r = await t.call('GET', st(accountPath('st', 'gen2real')));
    assert.deepEqual([r.body.tags, r.body.properties.accessTier, r.body.properties.allowSharedKeyAccess], [{ env: 'test' }, 'Hot', false]);
  });

  test('generic listings and the provider catalogue include storage accounts', async () => {
    let r = await t.call('GET', `/subscriptions/${SUB}/resources?api-version=${RES}&$filter=${encodeURIComponent("resourceType eq 'Microsoft.Storage/storageAccounts'")}`);
    const got = r.body.value.find((x: any) => x.name === 'gen2real');
    assert.deepEqual(got, {
      id: accountPath('st', 'gen2real'), name: 'gen2real', type: 'Microsoft.Storage/storageAccounts',
      sku: { name: 'Standard_LRS', tier: 'Standard' }, kind: 'StorageV2', location: 'eastus2', tags: { env: 'test' },
    });
    assert.ok(r.body.value.every((x: any) => x.type === 'Microsoft.Storage/storageAccounts'));
    r = await t.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Storage?api-version=${RES}`);
    assert.equal(r.body.registrationState, 'Registered');
    assert.ok(r.body.resourceTypes.find((x: any) => x.resourceType === 'storageAccounts').apiVersions.includes(STORAGE));
  });

  test('only subscription owners: bob is refused, and nothing changes', async () => {
    const bob = await mintToken(t.emu, { upn: BOB, audience: ARM_AUDIENCE });
    for (const [method, p, action] of [
      ['GET', accountPath('st', 'gen2real'), 'Microsoft.Storage/storageAccounts/read'],
      ['POST', `${accountPath('st', 'gen2real')}/listKeys`, 'Microsoft.Storage/storageAccounts/listKeys/action'],
      ['DELETE', accountPath('st', 'gen2real'), 'Microsoft.Storage/storageAccounts/delete'],
    ] as const) {
      const r = await t.call(method, st(p), undefined, bob);
      assert.deepEqual([r.status, r.body.error.code], [403, 'AuthorizationFailed'], `${method} ${p}`);
      assert.ok(r.body.error.message.includes(`'${action}'`), r.body.error.message);
    }
    assert.ok(t.emu.core.storageAccounts.get('gen2real'));
  });

  test('delete: 200, then 204; the data plane hook removes its file systems; a group delete takes its accounts', async () => {
    let r = await t.call('DELETE', st(accountPath('st', 'gen2real')));
    assert.equal(r.status, 200);
    assert.deepEqual(destroyed, ['gen2real']);
    assert.equal(t.emu.core.storageAccounts.get('gen2real'), undefined);
    r = await t.call('DELETE', st(accountPath('st', 'gen2real')));
    assert.equal(r.status, 204);
    r = await t.call('DELETE', `${t.groupPath('st')}?api-version=${RES}`);
    assert.equal(r.status, 202);
    assert.deepEqual(destroyed, ['gen2real', 'gen2now']);
    assert.equal(t.emu.core.storageAccounts.get('gen2now'), undefined);
    assert.ok(t.emu.core.storageAccounts.get(DEV_STORAGE_ACCOUNT.name), 'other groups keep theirs');
  });
});

test('primaryEndpoints: the emulator\'s host names, or Azure\'s when Resource Manager was reached by its public name', () => {
  assert.deepEqual(primaryEndpoints('acct', { managementHost: '127.0.0.1', dataPlaneSuffix: 'adls.localhost', port: 8443 }),
    { dfs: 'https://acct.dfs.adls.localhost:8443/', blob: 'https://acct.blob.adls.localhost:8443/' });
  assert.deepEqual(primaryEndpoints('acct', { managementHost: 'management.azure.com', dataPlaneSuffix: 'adls.localhost', port: 8443 }),
    { dfs: 'https://acct.dfs.core.windows.net/', blob: 'https://acct.blob.core.windows.net/' });
});
