import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LRO_DURATION_MS } from '../src/management/lro.js';
import { DLS, RES, startArm, SUB, type ArmTest } from './management-helpers.js';

const dls = (p: string) => `${p}?api-version=${DLS}`;
/** Path + query of an absolute URL handed out by the emulator, after checking it points back at it. */
const local = (t: ArmTest, url: string | null) => {
  assert.ok(url?.startsWith(`${t.base}/`), `absolute emulator URL expected, got ${url}`);
  const u = new URL(url!);
  return u.pathname + u.search;
};

describe('long-running operations, driven by the injectable clock', () => {
  let t: ArmTest;
  const provisioned: string[] = [];
  const destroyed: string[] = [];
  before(async () => {
    t = await startArm();
    t.emu.core.namespaces = {
      provision: (account) => { provisioned.push(account); },
      destroy: async (account) => { destroyed.push(account); },
    };
    await t.call('PUT', `${t.groupPath('lro')}?api-version=${RES}`, { location: 'eastus2' });
  });
  after(() => t.stop());

  test('realistic: 201 Creating + Azure-AsyncOperation/Location/Retry-After, InProgress until the clock moves', async () => {
    t.emu.options.lroMode = 'realistic';
    let r = await t.call('PUT', dls(t.accountPath('lro', 'lroreal')), { location: 'eastus2' });
    assert.equal(r.status, 201);
    assert.deepEqual([r.body.properties.provisioningState, r.body.properties.state, r.body.properties.endpoint], ['Creating', null, null]);
    const accountId = r.body.properties.accountId;
    assert.equal(r.headers.get('retry-after'), '1');
    const status = local(t, r.headers.get('azure-asyncoperation'));
    assert.equal(status, `/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/locations/eastus2/operationResults/${accountId}_0?api-version=2016-11-01`);
    const location = local(t, r.headers.get('location'));
    assert.match(location, /\/resourcegroups\/lro\/providers\/Microsoft\.DataLakeStore\/accounts\/lroreal\/operationresults\/0\?api-version=2016-11-01$/);
    assert.equal(provisioned.includes('lroreal'), false, 'no namespace while Creating');

    r = await t.call('GET', status);
    assert.deepEqual([r.status, r.body, r.headers.get('retry-after')], [200, { status: 'InProgress' }, '1']);
    assert.equal((await t.call('GET', location)).status, 202);
    r = await t.call('GET', dls(t.accountPath('lro', 'lroreal')));
    assert.equal(r.body.properties.provisioningState, 'Creating');
    r = await t.call('GET', dls(`/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/accounts`));
    assert.equal(r.body.value.find((a: any) => a.name === 'lroreal').properties.provisioningState, 'Creating');

    t.tick(LRO_DURATION_MS);
    r = await t.call('GET', status);
    assert.deepEqual([r.status, r.body, r.headers.get('retry-after')], [200, { status: 'Succeeded' }, null]);
    r = await t.call('GET', dls(t.accountPath('lro', 'lroreal')));
    assert.deepEqual([r.body.properties.provisioningState, r.body.properties.state], ['Succeeded', 'Active']);
    assert.equal(r.body.properties.endpoint, `lroreal.${t.emu.options.dataPlaneSuffix}`);
    assert.deepEqual(provisioned.filter((n) => n === 'lroreal'), ['lroreal']);
    r = await t.call('GET', location);
    assert.deepEqual([r.status, r.body.name], [200, 'lroreal']);

    r = await t.call('DELETE', dls(t.accountPath('lro', 'lroreal')));
    assert.deepEqual([r.status, r.headers.get('retry-after')], [202, '1']);
    const delStatus = local(t, r.headers.get('azure-asyncoperation'));
    assert.match(delStatus, new RegExp(`/operationResults/${accountId}_1\\?`));
    const delLocation = local(t, r.headers.get('location'));
    assert.deepEqual((await t.call('GET', delStatus)).body, { status: 'InProgress' });
    assert.equal((await t.call('GET', dls(t.accountPath('lro', 'lroreal')))).body.properties.provisioningState, 'Deleting');
    assert.equal((await t.call('DELETE', dls(t.accountPath('lro', 'lroreal')))).status, 202, 'a repeated DELETE reports the running operation');
    assert.equal((await t.call('GET', delLocation)).status, 202);

    t.tick(LRO_DURATION_MS);
    assert.deepEqual((await t.call('GET', delStatus)).body, { status: 'Succeeded' });
    assert.equal((await t.call('GET', dls(t.accountPath('lro', 'lroreal')))).status, 404);
    assert.ok(destroyed.includes('lroreal'));
    // Status resources outlive the account: pollers never see a 404.
    assert.deepEqual((await t.call('GET', status)).body, { status: 'Succeeded' });
    assert.equal((await t.call('GET', delLocation)).status, 204);
    assert.equal((await t.call('GET', location)).status, 204);
  });

  test('realistic: the real-time timer settles an operation nobody polls', async () => {
    t.emu.options.lroMode = 'realistic';
    await t.call('PUT', dls(t.accountPath('lro', 'lrotimer')), { location: 'eastus2' });
    t.tick(LRO_DURATION_MS);
    await new Promise((r) => setTimeout(r, LRO_DURATION_MS + 150));
    assert.equal(t.emu.core.accounts.get('lrotimer')?.provisioningState, 'Succeeded');
  });

  test('poll-resource: 201 Creating without status headers; the resource itself turns Succeeded', async () => {
    t.emu.options.lroMode = 'poll-resource';
    let r = await t.call('PUT', dls(t.accountPath('lro', 'lrobody')), { location: 'eastus2' });
    assert.deepEqual([r.status, r.body.properties.provisioningState], [201, 'Creating']);
    assert.equal(r.headers.get('azure-asyncoperation'), null);
    assert.equal(r.headers.get('location'), null);
    assert.equal(r.headers.get('retry-after'), '1');
    r = await t.call('GET', dls(t.accountPath('lro', 'lrobody')));
    assert.deepEqual([r.body.properties.provisioningState, r.headers.get('retry-after')], ['Creating', '1']);
    t.tick(LRO_DURATION_MS);
    r = await t.call('GET', dls(t.accountPath('lro', 'lrobody')));
    assert.deepEqual([r.body.properties.provisioningState, r.body.properties.state], ['Succeeded', 'Active']);
    r = await t.call('DELETE', dls(t.accountPath('lro', 'lrobody')));
    assert.equal(r.status, 200);
  });

  test('immediate: 201 Succeeded with no LRO headers, DELETE 200', async () => {
    t.emu.options.lroMode = 'immediate';
    let r = await t.call('PUT', dls(t.accountPath('lro', 'lronow')), { location: 'eastus2' });
    assert.deepEqual([r.status, r.body.properties.provisioningState], [201, 'Succeeded']);
    for (const h of ['azure-asyncoperation', 'location', 'retry-after']) assert.equal(r.headers.get(h), null, h);
    r = await t.call('DELETE', dls(t.accountPath('lro', 'lronow')));
    assert.equal(r.status, 200);
  });

  test('busy accounts: PATCH and re-PUT while Creating get 409; unknown operation ids 404', async () => {
    t.emu.options.lroMode = 'realistic';
    await t.call('PUT', dls(t.accountPath('lro', 'lrobusy')), { location: 'eastus2' });
    let r = await t.call('PATCH', dls(t.accountPath('lro', 'lrobusy')), { tags: { a: 'b' } });
    assert.deepEqual([r.status, r.body.error.code], [409, 'Conflict']);
    r = await t.call('PUT', dls(t.accountPath('lro', 'lrobusy')), { location: 'eastus2' });
    assert.equal(r.status, 409);
    t.tick(LRO_DURATION_MS);
    assert.equal((await t.call('PATCH', dls(t.accountPath('lro', 'lrobusy')), { tags: { a: 'b' } })).status, 200);
    r = await t.call('GET', dls(`/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/locations/eastus2/operationResults/nope_0`));
    assert.deepEqual([r.status, r.body.error.code], [404, 'OperationNotFound']);
  });
});
