import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from 'adls-gen1-emulator';
import https from 'node:https';
import { mintToken } from './helpers.js';
import { ALICE, ARM_AUDIENCE, BOB, DLS, RES, SUB, startArm, type ArmTest } from './management-helpers.js';

/** The generic Resource Manager surface: subscriptions, tenants, locations, generic resources, providers, metadata. */

let t: ArmTest;
let bob: string;
before(async () => {
  t = await startArm({ lroMode: 'immediate' });
  bob = await mintToken(t.emu, { upn: BOB, audience: ARM_AUDIENCE });
  // Two accounts besides the default one, one tagged, in their own group.
  assert.equal((await t.call('PUT', `${t.groupPath('generic-rg')}?api-version=${RES}`, { location: 'westeurope' })).status, 201);
  for (const [name, tags] of [['genericone', { env: 'prod' }], ['generictwo', { env: 'dev', team: 'lake' }]] as const) {
    const r = await t.call('PUT', `${t.accountPath('generic-rg', name)}?api-version=${DLS}`, { location: 'westeurope', tags });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(() => t.stop());

describe('subscriptions and tenants', () => {
  for (const v of ['2016-06-01', '2019-11-01', '2020-01-01', '2022-12-01']) {
    test(`alice lists her subscription at ${v}`, async () => {
      const r = await t.call('GET', `/subscriptions?api-version=${v}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.value, [{
        id: `/subscriptions/${SUB}`, authorizationSource: 'RoleBased', managedByTenants: [], subscriptionId: SUB,
        tenantId: SEED.tenantId, displayName: 'ADLS Emulator Subscription', state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      }]);
      assert.match(r.headers.get('x-ms-ratelimit-remaining-tenant-reads') ?? '', /^\d+$/);
    });
  }

  test('bob holds no role: an empty list and 404 on get, never 403', async () => {
    const list = await t.call('GET', '/subscriptions?api-version=2022-12-01', undefined, bob);
    assert.deepEqual([list.status, list.body.value], [200, []]);
    const get = await t.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`, undefined, bob);
    assert.deepEqual([get.status, get.body.error.code], [404, 'SubscriptionNotFound']);
  });

  test('get a subscription; a malformed id is 400 InvalidSubscriptionId', async () => {
    const r = await t.call('GET', `/subscriptions/${SUB}?api-version=2020-01-01`);
    assert.deepEqual([r.status, r.body.subscriptionId, r.body.state], [200, SUB, 'Enabled']);
    const bad = await t.call('GET', '/subscriptions/not-a-guid?api-version=2020-01-01');
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'InvalidSubscriptionId']);
  });

  test('tenants: the caller\'s tenant with its domains', async () => {
    for (const v of ['2016-06-01', '2022-12-01']) {
      const r = await t.call('GET', `/tenants?api-version=${v}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.value, [{
        id: `/tenants/${SEED.tenantId}`, tenantId: SEED.tenantId, countryCode: 'US', displayName: SEED.tenantName,
        domains: [SEED.tenantDomain], tenantCategory: 'Home', defaultDomain: SEED.tenantDomain, tenantType: 'AAD',
      }]);
    }
    // bob is a member of the tenant too, even without a subscription.
    assert.equal((await t.call('GET', '/tenants?api-version=2022-12-01', undefined, bob)).body.value.length, 1);
  });

  test('locations: the Gen1 regions; bob is refused', async () => {
    const r = await t.call('GET', `/subscriptions/${SUB}/locations?api-version=2022-12-01`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.value.map((l: any) => l.name), ['centralus', 'eastus2', 'northeurope', 'westeurope']);
    assert.equal(r.body.value[1].displayName, 'East US 2');
    assert.equal((await t.call('GET', `/subscriptions/${SUB}/locations?api-version=2022-12-01`, undefined, bob)).status, 403);
  });

  test('api-version: missing, unknown, and a resources version on the subscriptions API', async () => {
    const missing = await t.call('GET', '/subscriptions');
    assert.deepEqual([missing.status, missing.body.error.code], [400, 'MissingApiVersionParameter']);
    for (const v of ['2099-01-01', '2025-04-01']) {
      const bad = await t.call('GET', `/tenants?api-version=${v}`);
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'InvalidApiVersionParameter']);
    }
  });

  test('unauthenticated calls get 401 with a Bearer challenge', async () => {
    const res = await t.fetch('/tenants?api-version=2022-12-01');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri=/);
    assert.equal(((await res.json()) as any).error.code, 'AuthenticationFailed');
  });
});

describe('generic resources', () => {
  const list = (query: string, token?: string) => t.call('GET', `/subscriptions/${SUB}/resources?api-version=${RES}${query}`, undefined, token);
  const names = (r: { body: any }) => r.body.value.map((x: any) => x.name).sort();
  const enc = encodeURIComponent;

  test('list by subscription: every account, generic shape', async () => {
    const r = await list('');
    assert.equal(r.status, 200);
    // The development storage account (devstoreaccount1) is listed like any other resource.
    assert.deepEqual(names(r), ['adlsemulator', 'devstoreaccount1', 'genericone', 'generictwo']);
    const one = r.body.value.find((x: any) => x.name === 'genericone');
    assert.deepEqual(one, {
      id: `/subscriptions/${SUB}/resourceGroups/generic-rg/providers/Microsoft.DataLakeStore/accounts/genericone`,
      name: 'genericone', type: 'Microsoft.DataLakeStore/accounts', location: 'westeurope', tags: { env: 'prod' },
    });
  });

  test('$filter: resourceType, name, substringof, tags, location, resourceGroup', async () => {
    assert.deepEqual(names(await list(`&$filter=${enc("resourceType eq 'Microsoft.DataLakeStore/accounts'")}`)), ['adlsemulator', 'genericone', 'generictwo']);
    assert.deepEqual(names(await list(`&$filter=${enc("resourceType eq 'Microsoft.Storage/storageAccounts'")}`)), ['devstoreaccount1']);
    assert.deepEqual(names(await list(`&$filter=${enc("name eq 'GENERICONE'")}`)), ['genericone']);
    assert.deepEqual(names(await list(`&$filter=${enc("substringof('generic', name)")}`)), ['genericone', 'generictwo']);
    assert.deepEqual(names(await list(`&$filter=${enc("tagName eq 'env'")}`)), ['genericone', 'generictwo']);
    assert.deepEqual(names(await list(`&$filter=${enc("tagName eq 'env' and tagValue eq 'dev'")}`)), ['generictwo']);
    assert.deepEqual(names(await list(`&$filter=${enc("location eq 'West Europe' and resourceType eq 'microsoft.datalakestore/accounts'")}`)), ['genericone', 'generictwo']);
    assert.deepEqual(names(await list(`&$filter=${enc("resourceGroup eq 'ADLS-EMULATOR'")}`)), ['adlsemulator', 'devstoreaccount1']);
  });

  test('a $filter outside the grammar is 400 InvalidFilterInQueryString', async () => {
    for (const f of ["foo eq 'x'", "tagValue eq 'x'", "name ne 'x'", 'name eq x', "substringof('x', type)"]) {
      const r = await list(`&$filter=${enc(f)}`);
      assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidFilterInQueryString'], f);
    }
  });

  test('$top, nextLink and $expand', async () => {
    const first = await list('&$top=2&$maxpagesize=1&$expand=createdTime,changedTime,provisioningState');
    assert.equal(first.body.value.length, 1);
    assert.match(first.body.value[0].createdTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.equal(first.body.value[0].provisioningState, 'Succeeded');
    assert.ok(first.body.nextLink.startsWith(`${t.base}/subscriptions/${SUB}/resources?`));
    const second = await t.call('GET', first.body.nextLink.slice(t.base.length));
    assert.equal(second.body.value.length, 1);
    assert.equal(second.body.nextLink, undefined, '$top caps the total at 2');
    // Resource Manager caps the generic lists' $top at 1000; out of range is InvalidTopInQueryString.
    for (const top of ['0', '1001', 'two']) {
      const bad = await list(`&$top=${top}`);
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'InvalidTopInQueryString'], top);
    }
  });

  test('list by resource group; an unknown group is 404 ResourceGroupNotFound; bob is 403', async () => {
    const r = await t.call('GET', `${t.groupPath('generic-rg')}/resources?api-version=${RES}&$filter=${enc("tagName eq 'team'")}`);
    assert.deepEqual([r.status, names(r)], [200, ['generictwo']]);
    const missing = await t.call('GET', `${t.groupPath('nosuchgroup')}/resources?api-version=${RES}`);
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'ResourceGroupNotFound']);
    const denied = await list('', bob);
    assert.deepEqual([denied.status, denied.body.error.code], [403, 'AuthorizationFailed']);
  });

  test('HEAD by id: 204 when present, 404 when absent, for groups, accounts and child resources', async () => {
    const head = async (path: string) => (await t.fetch(path, { method: 'HEAD', headers: { authorization: `Bearer ${t.token}` } })).status;
    assert.equal(await head(`${t.accountPath('generic-rg', 'genericone')}?api-version=${DLS}`), 204);
    assert.equal(await head(`${t.accountPath('generic-rg', 'nosuchacct')}?api-version=${DLS}`), 404);
    assert.equal(await head(`${t.accountPath('nosuchgroup', 'genericone')}?api-version=${DLS}`), 404);
    const rule = `${t.accountPath('generic-rg', 'genericone')}/firewallRules/office`;
    assert.equal(await head(`${rule}?api-version=${DLS}`), 404);
    assert.equal((await t.call('PUT', `${rule}?api-version=${DLS}`, { properties: { startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.2' } })).status, 200);
    assert.equal(await head(`${rule}?api-version=${DLS}`), 204);
    assert.equal(await head(`/${t.groupPath('generic-rg')}?api-version=${RES}`), 204, 'a by-id path joined with a leading //');
  });
});

describe('resource providers', () => {
  const ns = (p = 'Microsoft.DataLakeStore') => `/subscriptions/${SUB}/providers/${p}`;

  test('get: registered, with the resource types, locations and api-versions served', async () => {
    const r = await t.call('GET', `${ns()}?api-version=${RES}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.id, ns());
    assert.deepEqual([r.body.namespace, r.body.registrationState, r.body.registrationPolicy], ['Microsoft.DataLakeStore', 'Registered', 'RegistrationRequired']);
    const accounts = r.body.resourceTypes.find((x: any) => x.resourceType === 'accounts');
    assert.deepEqual(accounts.apiVersions, ['2016-11-01', '2015-10-01-preview']);
    assert.deepEqual(accounts.locations, ['Central US', 'East US 2', 'North Europe', 'West Europe']);
    // Lower case works too, as Resource Manager matches namespaces case-insensitively.
    assert.equal((await t.call('GET', `${ns('microsoft.datalakestore')}?api-version=${RES}`)).body.namespace, 'Microsoft.DataLakeStore');
  });

  test('list, and the tenant-level catalogue', async () => {
    const r = await t.call('GET', `/subscriptions/${SUB}/providers?api-version=${RES}`);
    assert.deepEqual(r.body.value.map((p: any) => p.namespace), ['Microsoft.DataLakeStore', 'Microsoft.Storage', 'Microsoft.Resources']);
    const tenant = await t.call('GET', `/providers/Microsoft.DataLakeStore?api-version=${RES}`);
    assert.deepEqual([tenant.status, tenant.body.id, tenant.body.registrationState], [200, '/providers/Microsoft.DataLakeStore', undefined]);
  });

  test('register and unregister are idempotent and persist', async () => {
    for (const [action, state] of [['unregister', 'Unregistered'], ['unregister', 'Unregistered'], ['register', 'Registered'], ['register', 'Registered']]) {
      const r = await t.call('POST', `${ns()}/${action}?api-version=2016-02-01`);
      assert.deepEqual([r.status, r.body.registrationState], [200, state], action);
      assert.equal((await t.call('GET', `${ns()}?api-version=${RES}`)).body.registrationState, state);
    }
    // RegistrationFree providers stay Registered.
    assert.equal((await t.call('POST', `${ns('Microsoft.Resources')}/unregister?api-version=${RES}`)).body.registrationState, 'Registered');
  });

  test('creating under an unregistered provider is 409 MissingSubscriptionRegistration; existing resources stay readable', async () => {
    const storagePath = `/subscriptions/${SUB}/resourceGroups/generic-rg/providers/Microsoft.Storage/storageAccounts/unregstore?api-version=2023-05-01`;
    const storageBody = { location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { isHnsEnabled: true } };
    try {
      for (const p of ['Microsoft.DataLakeStore', 'Microsoft.Storage']) assert.equal((await t.call('POST', `${ns(p)}/unregister?api-version=${RES}`)).status, 200);
      const dls = await t.call('PUT', `${t.accountPath('generic-rg', 'unregacct')}?api-version=${DLS}`, { location: 'westeurope' });
      assert.deepEqual([dls.status, dls.body.error.code], [409, 'MissingSubscriptionRegistration']);
      assert.match(dls.body.error.message, /not registered to use namespace 'Microsoft\.DataLakeStore'/);
      const st = await t.call('PUT', storagePath, storageBody);
      assert.deepEqual([st.status, st.body.error.code], [409, 'MissingSubscriptionRegistration']);
      assert.equal((await t.call('GET', `${t.accountPath('generic-rg', 'genericone')}?api-version=${DLS}`)).status, 200);
    } finally {
      for (const p of ['Microsoft.DataLakeStore', 'Microsoft.Storage']) await t.call('POST', `${ns(p)}/register?api-version=${RES}`);
    }
    const again = await t.call('PUT', `${t.accountPath('generic-rg', 'unregacct')}?api-version=${DLS}`, { location: 'westeurope' });
    assert.ok([200, 201].includes(again.status), JSON.stringify(again.body));
    assert.ok([200, 204].includes((await t.call('DELETE', `${t.accountPath('generic-rg', 'unregacct')}?api-version=${DLS}`)).status));
  });

  test('an unknown namespace is 404 InvalidResourceNamespace; bob may not register', async () => {
    const r = await t.call('GET', `${ns('Microsoft.Nope')}?api-version=${RES}`);
    assert.deepEqual([r.status, r.body.error.code], [404, 'InvalidResourceNamespace']);
    const denied = await t.call('POST', `${ns()}/register?api-version=${RES}`, undefined, bob);
    assert.deepEqual([denied.status, denied.body.error.code], [403, 'AuthorizationFailed']);
    const get = await t.call('GET', `${ns()}/register?api-version=${RES}`);
    assert.deepEqual([get.status, get.body.error.code], [405, 'MethodNotAllowed']);
  });
});

describe('cloud metadata', () => {
  const get = (query: string, host?: string) => t.fetch(`/metadata/endpoints${query}`, host ? { host } : {});

  test('2015-01-01: what az cloud register reads, pointing at the host the client used', async () => {
    const res = await get('?api-version=2015-01-01');
    assert.equal(res.status, 200);
    const body = await res.json() as any;
    assert.deepEqual(body.authentication, { loginEndpoint: `${t.base}/`, audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'] });
    assert.equal(body.graphEndpoint, 'https://graph.windows.net/');
    const other = await (await get('?api-version=2015-01-01', 'localhost')).json() as any;
    assert.equal(other.authentication.loginEndpoint, `https://localhost:${t.emu.port}/`);
  });

  test('2019-05-01+: resource manager and the Data Lake suffix with our port', async () => {
    for (const v of ['2019-05-01', '2022-09-01']) {
      const body = await (await get(`?api-version=${v}`)).json() as any;
      assert.equal(body.length, 1);
      assert.equal(body[0].resourceManager, `${t.base}/`);
      assert.equal(body[0].authentication.loginEndpoint, `${t.base}/`);
      assert.equal(body[0].suffixes.azureDataLakeStoreFileSystem, `adls.localhost:${t.emu.port}`);
      assert.equal(body[0].activeDirectoryDataLake, 'https://datalake.azure.net/');
    }
  });

  test('public host names get the public endpoints', async () => {
    // Sent to our address with the public name in Host, as the transparent proxy mode delivers it.
    const body = await new Promise<any>((resolve, reject) => {
      https.get({
        host: '127.0.0.1', port: t.emu.port, path: '/metadata/endpoints?api-version=2022-09-01', servername: 'localhost',
        ca: t.emu.core.ca.caCertPem, headers: { host: 'management.azure.com' },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve(JSON.parse(text)));
      }).on('error', reject);
    });
    assert.equal(body[0].resourceManager, 'https://management.azure.com/');
    assert.equal(body[0].authentication.loginEndpoint, 'https://login.microsoftonline.com/');
    assert.equal(body[0].suffixes.azureDataLakeStoreFileSystem, 'azuredatalakestore.net');
  });

  test('bad api-version and method get Resource Manager errors', async () => {
    const missing = await get('');
    assert.deepEqual([missing.status, ((await missing.json()) as any).error.code], [400, 'MissingApiVersionParameter']);
    const bad = await get('?api-version=2016-11-01');
    assert.deepEqual([bad.status, ((await bad.json()) as any).error.code], [400, 'InvalidApiVersionParameter']);
    const post = await t.fetch('/metadata/endpoints?api-version=2015-01-01', { method: 'POST' });
    assert.deepEqual([post.status, ((await post.json()) as any).error.code], [405, 'MethodNotAllowed']);
  });
});

test('ALICE is the subscription owner in the seed', () => assert.equal(ALICE, SEED.users[0].upn));
