import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken } from './helpers.js';
import { ARM_AUDIENCE, BOB, DLS, RES, startArm, SUB, type ArmTest } from './management-helpers.js';

const dls = (p: string) => `${p}?api-version=${DLS}`;
const res = (p: string) => `${p}?api-version=${RES}`;

describe('management plane (immediate mode)', () => {
  let t: ArmTest;
  const provisioned: string[] = [];
  const destroyed: string[] = [];
  before(async () => {
    t = await startArm({ lroMode: 'immediate' });
    t.emu.core.namespaces = {
      provision: (account) => { provisioned.push(account); },
      destroy: async (account) => { destroyed.push(account); },
    };
  });
  after(() => t.stop());

  test('resource groups: create, get, HEAD, patch, list, case-insensitive paths, delete with a Location poll', async () => {
    let r = await t.call('PUT', res(t.groupPath('RgOne')), { location: 'East US 2', tags: { env: 'test' } });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body, {
      id: `/subscriptions/${SUB}/resourceGroups/RgOne`, name: 'RgOne', type: 'Microsoft.Resources/resourceGroups',
      location: 'eastus2', tags: { env: 'test' }, properties: { provisioningState: 'Succeeded' },
    });
    assert.equal((await t.call('PUT', res(t.groupPath('rgone')), { location: 'eastus2' })).status, 200);
    r = await t.call('GET', `/SUBSCRIPTIONS/${SUB}/ResourceGroups/RGONE?api-version=2025-04-01`);
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'RgOne');
    assert.equal(r.body.tags, undefined, 'a PUT replaces tags; empty tags are omitted');
    assert.equal((await t.call('HEAD', res(t.groupPath('rgone')))).status, 204);
    assert.equal((await t.call('HEAD', res(t.groupPath('nothere')))).status, 404);
    r = await t.call('PATCH', res(t.groupPath('rgone')), { tags: { a: '1' } });
    assert.deepEqual([r.status, r.body.tags], [200, { a: '1' }]);
    r = await t.call('PUT', res(t.groupPath('rgone')), { location: 'westus' });
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidResourceGroupLocation']);
    r = await t.call('GET', res(`/subscriptions/${SUB}/resourcegroups`));
    assert.deepEqual(r.body.value.map((g: any) => g.name).sort(), ['RgOne', 'adls-emulator']);

    await t.call('PUT', dls(t.accountPath('rgone', 'inrgone')), { location: 'eastus2' });
    r = await t.call('DELETE', res(t.groupPath('rgone')));
    assert.equal(r.status, 202);
    assert.equal(r.headers.get('retry-after'), '1');
    const location = r.headers.get('location')!;
    assert.ok(location.startsWith(`${t.base}/subscriptions/${SUB}/operationresults/`), location);
    const poll = await t.fetch(new URL(location).pathname + new URL(location).search, { headers: { authorization: `Bearer ${t.token}` } });
    assert.equal(poll.status, 200);
    r = await t.call('GET', res(t.groupPath('rgone')));
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceGroupNotFound']);
    assert.equal(t.emu.core.accounts.get('inrgone'), undefined, 'deleting a group deletes its accounts');
    assert.ok(destroyed.includes('inrgone'));
  });

  test('accounts: create provisions the namespace, get, update, list, delete destroys it', async () => {
    await t.call('PUT', res(t.groupPath('rg1')), { location: 'eastus2' });
    let r = await t.call('PUT', dls(t.accountPath('rg1', 'adlsdemo01')), { location: 'eastus2', tags: { tag1: 'value1' } });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('azure-asyncoperation'), null);
    const p = r.body.properties;
    assert.equal(r.body.id, `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.DataLakeStore/accounts/adlsdemo01`);
    assert.equal(r.body.type, 'Microsoft.DataLakeStore/accounts');
    assert.deepEqual(r.body.tags, { tag1: 'value1' });
    assert.equal(p.provisioningState, 'Succeeded');
    assert.equal(p.state, 'Active');
    assert.equal(p.endpoint, `adlsdemo01.${t.emu.options.dataPlaneSuffix}`);
    assert.match(p.accountId, /^[0-9a-f-]{36}$/);
    assert.match(p.creationTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.deepEqual(
      [p.firewallState, p.firewallAllowAzureIps, p.trustedIdProviderState, p.encryptionState, p.currentTier, p.newTier],
      ['Disabled', 'Disabled', 'Disabled', 'Enabled', 'Consumption', 'Consumption']);
    assert.deepEqual(p.encryptionConfig, { type: 'ServiceManaged' });
    assert.deepEqual([p.firewallRules, p.virtualNetworkRules, p.trustedIdProviders], [[], [], []]);
    assert.ok(provisioned.includes('adlsdemo01'));
    assert.equal(t.emu.core.accounts.get('adlsdemo01')?.ownerOid, t.emu.info().users.find((u) => u.subscriptionOwner)!.oid);

    r = await t.call('GET', dls(t.accountPath('RG1', 'adlsdemo01')));
    assert.deepEqual([r.status, r.body.name], [200, 'adlsdemo01']);
    r = await t.call('PATCH', dls(t.accountPath('rg1', 'adlsdemo01')), { tags: { x: 'y' }, properties: { newTier: 'Commitment_1TB', firewallState: 'Enabled' } });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.tags, r.body.properties.newTier, r.body.properties.currentTier], [{ x: 'y' }, 'Commitment_1TB', 'Consumption']);
    assert.equal(t.emu.core.accounts.get('adlsdemo01')!.properties.firewallState, 'Enabled', 'the data plane reads firewallState from the registry');

    r = await t.call('GET', dls(`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.DataLakeStore/accounts`));
    assert.deepEqual(r.body.value.map((a: any) => a.name), ['adlsdemo01']);
    assert.deepEqual(Object.keys(r.body.value[0].properties).sort(), ['accountId', 'creationTime', 'endpoint', 'lastModifiedTime', 'provisioningState', 'state']);
    assert.equal(r.body.nextLink, undefined);

    r = await t.call('DELETE', dls(t.accountPath('rg1', 'adlsdemo01')));
    assert.deepEqual([r.status, r.body], [200, undefined]);
    assert.ok(destroyed.includes('adlsdemo01'));
    r = await t.call('GET', dls(t.accountPath('rg1', 'adlsdemo01')));
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceNotFound']);
    assert.equal((await t.call('DELETE', dls(t.accountPath('rg1', 'adlsdemo01')))).status, 204);
    r = await t.call('GET', dls(t.accountPath('norg', 'adlsdemo01')));
    assert.deepEqual([r.status, r.body.error.code], [404, 'ResourceGroupNotFound']);
  });

  test('account names: rules, global uniqueness, checkNameAvailability, idempotent re-PUT', async () => {
    await t.call('PUT', res(t.groupPath('names')), { location: 'eastus2' });
    await t.call('PUT', res(t.groupPath('names2')), { location: 'eastus2' });
    for (const bad of ['ab', 'UPPER1', 'has-dash', 'a'.repeat(25)]) {
      const r = await t.call('PUT', dls(t.accountPath('names', bad)), { location: 'eastus2' });
      assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidAccountName'], bad);
    }
    let r = await t.call('PUT', dls(t.accountPath('names', 'taken1')), { location: 'eastus2' });
    assert.equal(r.status, 201);
    const accountId = r.body.properties.accountId;
    r = await t.call('PUT', dls(t.accountPath('names2', 'taken1')), { location: 'eastus2' });
    assert.deepEqual([r.status, r.body.error.code], [409, 'AccountNameAlreadyTaken']);
    r = await t.call('PUT', dls(t.accountPath('names', 'taken1')), { location: 'eastus2', tags: { again: 'yes' } });
    assert.deepEqual([r.status, r.body.properties.accountId, r.body.tags], [200, accountId, { again: 'yes' }]);
    r = await t.call('PUT', dls(t.accountPath('names', 'adlsemulator')), { location: 'eastus2' });
    assert.equal(r.status, 409, 'the default account holds its name');

    const check = (name: string) => t.call('POST', dls(`/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/locations/EastUS2/checkNameAvailability`),
      { name, type: 'Microsoft.DataLakeStore/accounts' });
    assert.deepEqual((await check('freename1')).body, { nameAvailable: true });
    r = await check('taken1');
    assert.deepEqual([r.body.nameAvailable, r.body.reason, r.body.message], [false, 'AlreadyExists', "An account named 'taken1' already exists."]);
    r = await check('Bad_Name');
    assert.deepEqual([r.body.nameAvailable, r.body.reason], [false, 'InvalidName']);
  });

  test('paging: nextLink is absolute, keeps the query and is followed to the end', async () => {
    await t.call('PUT', res(t.groupPath('paging')), { location: 'eastus2' });
    const names = ['pg1', 'pg2', 'pg3', 'pg4', 'pg5'];
    for (const n of names) assert.equal((await t.call('PUT', dls(t.accountPath('paging', n)), { location: 'eastus2' })).status, 201);
    let url: string | undefined = `/subscriptions/${SUB}/resourceGroups/paging/providers/Microsoft.DataLakeStore/accounts?api-version=${DLS}&$maxpagesize=2`;
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const r = await t.call('GET', url);
      assert.equal(r.status, 200);
      seen.push(...r.body.value.map((a: any) => a.name));
      pages++;
      if (r.body.nextLink) {
        assert.ok(r.body.nextLink.startsWith(`${t.base}/subscriptions/`), r.body.nextLink);
        assert.match(r.body.nextLink, /api-version=2016-11-01/);
        assert.match(r.body.nextLink, /\$skiptoken=/);
        url = r.body.nextLink.slice(t.base.length);
      } else url = undefined;
    }
    assert.deepEqual([seen, pages], [names, 3]);
    const r = await t.call('GET', `/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/accounts?api-version=${DLS}&$skip=1&$top=2`);
    assert.equal(r.body.value.length, 2);
    assert.equal((await t.call('GET', `/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/accounts?api-version=${DLS}&$top=0`)).status, 400);
  });

  test('child resources: firewall rules keep the registry fields the data plane reads; vnet rules and trusted IdPs', async () => {
    await t.call('PUT', res(t.groupPath('kids')), { location: 'eastus2' });
    const acct = t.accountPath('kids', 'kids1');
    let r = await t.call('PUT', dls(acct), {
      location: 'eastus2',
      properties: { firewallState: 'Enabled', firewallRules: [{ name: 'office', properties: { startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.9' } }] },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.properties.firewallRules, [{
      id: `${r.body.id}/firewallRules/office`, name: 'office', type: 'Microsoft.DataLakeStore/accounts/firewallRules',
      properties: { startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.9' },
    }]);
    r = await t.call('PUT', dls(`${acct}/firewallRules/loopback`), { properties: { startIpAddress: '127.0.0.1', endIpAddress: '127.0.0.1' } });
    assert.deepEqual([r.status, r.body.name, r.body.type], [200, 'loopback', 'Microsoft.DataLakeStore/accounts/firewallRules']);
    r = await t.call('PATCH', dls(`${acct}/firewallRules/office`), { properties: { endIpAddress: '10.0.0.20' } });
    assert.deepEqual(r.body.properties, { startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.20' });
    const stored = t.emu.core.accounts.get('kids1')!.properties;
    assert.equal(stored.firewallState, 'Enabled');
    assert.deepEqual(stored.firewallRules, [
      { name: 'office', startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.20' },
      { name: 'loopback', startIpAddress: '127.0.0.1', endIpAddress: '127.0.0.1' },
    ]);
    r = await t.call('GET', dls(`${acct}/firewallrules`));
    assert.deepEqual(r.body.value.map((c: any) => c.name), ['office', 'loopback']);
    r = await t.call('PUT', dls(`${acct}/firewallRules/bad`), { properties: { startIpAddress: '10.0.0.1', endIpAddress: 'nope' } });
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    // IPv6 ranges are refused: the data plane matches IPv4 callers only (Gen1 firewall rules are IPv4).
    r = await t.call('PUT', dls(`${acct}/firewallRules/ipv6range`), { properties: { startIpAddress: '::1', endIpAddress: '::ffff' } });
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    r = await t.call('PUT', dls(`${acct}/firewallRules/bad`), { properties: { startIpAddress: '10.0.0.9', endIpAddress: '10.0.0.1' } });
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    assert.equal((await t.call('DELETE', dls(`${acct}/firewallRules/loopback`))).status, 200);
    assert.equal((await t.call('DELETE', dls(`${acct}/firewallRules/loopback`))).status, 204);
    r = await t.call('GET', dls(`${acct}/firewallRules/loopback`));
    assert.deepEqual([r.status, r.body.error.code], [404, 'NotFound']);

    r = await t.call('PUT', dls(`${acct}/virtualNetworkRules/vnet1`), { properties: { subnetId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v/subnets/s' } });
    assert.equal(r.status, 200);
    r = await t.call('PUT', dls(`${acct}/trustedIdProviders/idp1`), { properties: { idProvider: 'https://sts.windows.net/ea9ec534-a3e3-4e45-ad36-3afc5bb291c1' } });
    assert.equal(r.status, 200);
    r = await t.call('GET', dls(acct));
    assert.deepEqual([r.body.properties.virtualNetworkRules.length, r.body.properties.trustedIdProviders.length], [1, 1]);
    r = await t.call('PATCH', dls(`${acct}/trustedIdProviders/missing`), { properties: { idProvider: 'https://x' } });
    assert.equal(r.status, 404);
  });

  test('bad bodies get ARM 400s', async () => {
    await t.call('PUT', res(t.groupPath('bodies')), { location: 'eastus2' });
    const acct = dls(t.accountPath('bodies', 'bodies1'));
    const cases: [unknown, string][] = [
      [{}, 'LocationRequired'],
      [{ tags: { a: 'b' } }, 'LocationRequired'],
      ['{not json', 'InvalidRequestContent'],
      ['[1,2]', 'InvalidRequestContent'],
      [{ location: 42 }, 'InvalidRequestContent'],
      [{ location: 'eastus2', tags: { a: 1 } }, 'InvalidRequestContent'],
      [{ location: 'eastus2', properties: { firewallState: 'Sometimes' } }, 'InvalidRequestContent'],
      [{ location: 'eastus2', properties: { newTier: 'Huge' } }, 'InvalidRequestContent'],
      [{ location: 'eastus2', properties: { encryptionConfig: { type: 'UserManaged' } } }, 'InvalidRequestContent'],
      [{ location: 'eastus2', properties: { firewallRules: [{ name: 'rule1', properties: {} }] } }, 'InvalidRequestContent'],
      [{ location: 'eastus2', properties: { firewallRules: 'all' } }, 'InvalidRequestContent'],
    ];
    for (const [body, code] of cases) {
      const r = await t.call('PUT', acct, body);
      assert.deepEqual([r.status, r.body.error.code, typeof r.body.error.message], [400, code, 'string'], JSON.stringify(body));
    }
    assert.equal(t.emu.core.accounts.get('bodies1'), undefined);
    const r = await t.call('PUT', res(t.groupPath('bodies')), '{');
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidRequestContent']);
    assert.equal((await t.call('PUT', res(t.groupPath('bad/name')), { location: 'x' })).status, 404);
    assert.equal((await t.call('PUT', res(t.groupPath('endsdot.')), { location: 'eastus2' })).body.error.code, 'InvalidResourceGroupName');
  });

  test('api-versions, unknown paths and methods', async () => {
    let r = await t.call('GET', t.groupPath('adls-emulator'));
    assert.deepEqual([r.status, r.body.error.code], [400, 'MissingApiVersionParameter']);
    r = await t.call('GET', `${t.groupPath('adls-emulator')}?api-version=1999-01-01`);
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidApiVersionParameter']);
    for (const v of ['2016-11-01', '2021-04-01', '2022-09-01', '2025-04-01']) {
      assert.equal((await t.call('GET', `${t.groupPath('adls-emulator')}?api-version=${v}`)).status, v === '2016-11-01' ? 400 : 200, v);
    }
    r = await t.call('GET', `${t.accountPath('adls-emulator', 'adlsemulator')}?api-version=2022-09-01`);
    assert.deepEqual([r.status, r.body.error.code], [400, 'NoRegisteredProviderFound']);
    r = await t.call('GET', dls(`/subscriptions/${SUB}/providers/Microsoft.Unknown/things`));
    assert.deepEqual([r.status, r.body.error.code], [404, 'NotFound']);
    r = await t.call('POST', dls(t.accountPath('adls-emulator', 'adlsemulator')));
    assert.deepEqual([r.status, r.body.error.code], [405, 'MethodNotAllowed']);
    r = await t.call('GET', dls('/providers/Microsoft.DataLakeStore/operations'));
    assert.equal(r.status, 200);
    assert.ok(r.body.value.some((o: any) => o.name === 'Microsoft.DataLakeStore/accounts/write'));
    r = await t.call('GET', dls(`/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/locations/eastus2/capability`));
    assert.deepEqual([r.status, r.body.state, r.body.subscriptionId], [200, 'Registered', SUB]);
  });

  test('ARM headers on every response', async () => {
    const r = await t.fetch(res(t.groupPath('adls-emulator')), {
      headers: { authorization: `Bearer ${t.token}`, 'x-ms-client-request-id': 'client-1', 'x-ms-correlation-request-id': 'corr-1' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('x-ms-request-id')!, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.get('x-ms-client-request-id'), 'client-1');
    assert.equal(r.headers.get('x-ms-correlation-request-id'), 'corr-1');
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    const e = await t.fetch(t.groupPath('adls-emulator'));
    await e.text();
    assert.match(e.headers.get('x-ms-correlation-request-id')!, /^[0-9a-f-]{36}$/);
  });

  test('security: audiences, missing token, non-owner, unknown subscription', async () => {
    const path = res(t.groupPath('adls-emulator'));
    let r = await t.call('GET', path, undefined, await mintToken(t.emu, { audience: 'https://management.azure.com/' }));
    assert.equal(r.status, 200, 'the management.azure.com audience is accepted');
    r = await t.call('GET', path, undefined, await mintToken(t.emu, { audience: 'https://datalake.azure.net/' }));
    assert.deepEqual([r.status, r.body.error.code], [401, 'InvalidAuthenticationTokenAudience']);
    const challenge = r.headers.get('www-authenticate')!;
    assert.match(challenge, /^Bearer authorization_uri="[^"]+", error="invalid_token", error_description="[^"]+"$/);
    assert.doesNotMatch(challenge, /claims=/);
    const none = await t.fetch(path);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as any).error.code, 'AuthenticationFailed');
    assert.match(none.headers.get('www-authenticate')!, /missing 'Authorization' header/);
    r = await t.call('GET', path, undefined, 'not-a-jwt');
    assert.deepEqual([r.status, r.body.error.code], [401, 'InvalidAuthenticationToken']);
    const basic = await t.fetch(path, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.deepEqual([basic.status, ((await basic.json()) as any).error.code], [401, 'AuthenticationFailedInvalidHeader']);
    r = await t.call('GET', path, undefined, await mintToken(t.emu, { audience: ARM_AUDIENCE, expiresIn: -3600 }));
    assert.deepEqual([r.status, r.body.error.code], [401, 'ExpiredAuthenticationToken']);

    const bob = await mintToken(t.emu, { upn: BOB, audience: ARM_AUDIENCE });
    for (const [method, p, body] of [
      ['GET', path, undefined], ['PUT', res(t.groupPath('bobs')), { location: 'eastus2' }],
      ['GET', dls(t.accountPath('adls-emulator', 'adlsemulator')), undefined],
      ['DELETE', dls(t.accountPath('adls-emulator', 'adlsemulator')), undefined],
    ] as const) {
      r = await t.call(method, p, body, bob);
      assert.deepEqual([r.status, r.body.error.code], [403, 'AuthorizationFailed'], `${method} ${p}`);
      assert.equal(r.headers.get('www-authenticate'), null);
    }
    assert.ok(t.emu.core.accounts.get('adlsemulator'), 'bob could not delete it');
    r = await t.call('GET', res('/subscriptions/00000000-0000-0000-0000-000000000009/resourcegroups'));
    assert.deepEqual([r.status, r.body.error.code], [404, 'SubscriptionNotFound']);
    r = await t.call('GET', res('/subscriptions/not-a-guid/resourcegroups'));
    assert.deepEqual([r.status, r.body.error.code], [400, 'InvalidSubscriptionId']);
  });
});
