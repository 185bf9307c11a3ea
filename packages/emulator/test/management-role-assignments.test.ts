// Azure RBAC for Gen2 data: role assignments served by Resource Manager (Microsoft.Authorization, raw REST as
// @azure/arm-authorization and azure-cli send it), and the Gen2 data plane granting access by them before the ACLs:
// "Storage Blob Data Reader" reads, "Contributor" reads and writes but cannot change ACLs, "Owner" is a super-user.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ContainerSASPermissions, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, ARM_AUDIENCE, BOB, RES, SUB } from './management-helpers.js';

const AUTHZ = '2022-04-01';
const ROLES = { owner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', contributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', reader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' };
const GROUP_SCOPE = `/subscriptions/${SUB}/resourceGroups/${DEV_STORAGE_ACCOUNT.resourceGroup}`;
const ACCOUNT_SCOPE = `${GROUP_SCOPE}/providers/Microsoft.Storage/storageAccounts/${DEV_STORAGE_ACCOUNT.name}`;
const CONTAINER_SCOPE = `${ACCOUNT_SCOPE}/blobServices/default/containers/rbacfs`;
const assignmentPath = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${AUTHZ}`;
const definitionId = (role: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`;

describe('role assignments (Microsoft.Authorization) and Gen2 data access by RBAC', () => {
  let t: TestEmulator;
  let arm: string;
  let bobArm: string;
  let aliceData: string;
  let bobData: string;
  let bobOid: string;
  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await t.fetch(path, {
      method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    const text = await r.text();
    let json: any;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: r.status, code: r.headers.get('x-ms-error-code') ?? json?.error?.code, json, text };
  };
  const dfs = (token: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    call(method, `/${DEV_STORAGE_ACCOUNT.name}/rbacfs${path}`, token, body, { 'x-ms-version': '2025-01-05', ...headers });
  const assign = (scope: string, name: string, role: string, principalId = bobOid, token = arm) =>
    call('PUT', assignmentPath(scope, name), token, { properties: { roleDefinitionId: definitionId(role), principalId, principalType: 'User' } });
  /** What bob can do on the data: read alice's file, create a file, change the ACL of alice's file, create a file system. */
  const bobCan = async () => ({
    read: (await dfs(bobData, 'GET', '/secret.txt')).status,
    create: (await dfs(bobData, 'PUT', `/bob-${Math.random().toString(36).slice(2)}.txt?resource=file`)).status,
    setAcl: (await dfs(bobData, 'PATCH', '/secret.txt?action=setAccessControl', undefined, { 'x-ms-acl': 'user::rw-,group::r--,other::---' })).status,
    createFs: (await call('PUT', `/${DEV_STORAGE_ACCOUNT.name}/bobfs${Math.random().toString(36).slice(2, 8)}?resource=filesystem`, bobData, undefined, { 'x-ms-version': '2025-01-05' })).status,
  });
  const REFUSED = { read: 403, create: 403, setAcl: 403, createFs: 403 };

  before(async () => {
    t = await startTestEmulator({ inMemory: true, lroMode: 'immediate' });
    arm = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
    bobArm = await mintToken(t.emu, { upn: BOB, audience: ARM_AUDIENCE });
    aliceData = await mintToken(t.emu, { upn: ALICE, audience: 'https://storage.azure.com/' });
    bobData = await mintToken(t.emu, { upn: BOB, audience: 'https://storage.azure.com/' });
    bobOid = t.emu.info().users.find((u) => u.username === BOB)!.oid;
    assert.equal((await call('PUT', `/${DEV_STORAGE_ACCOUNT.name}/rbacfs?resource=filesystem`, aliceData, undefined, { 'x-ms-version': '2025-01-05' })).status, 201);
    assert.equal((await dfs(aliceData, 'PUT', '/secret.txt?resource=file')).status, 201);
    assert.equal((await dfs(aliceData, 'PATCH', '/secret.txt?action=append&position=0', 'for alice')).status, 202);
    assert.equal((await dfs(aliceData, 'PATCH', '/secret.txt?action=flush&position=9')).status, 200);
  });
  after(() => t.stop());

  test('role definitions: the three Blob data roles, by id and by name (how az resolves --role)', async () => {
    const byName = await call('GET', `${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleDefinitions?$filter=${encodeURIComponent("roleName eq 'Storage Blob Data Owner'")}&api-version=${AUTHZ}`, arm);
    assert.equal(byName.status, 200);
    assert.deepEqual(byName.json.value.map((d: any) => [d.name, d.id, d.type, d.properties.type]),
      [[ROLES.owner, definitionId(ROLES.owner), 'Microsoft.Authorization/roleDefinitions', 'BuiltInRole']]);
    assert.ok(byName.json.value[0].properties.permissions[0].dataActions.includes('Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'));
    const all = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?api-version=${AUTHZ}`, arm);
    assert.deepEqual(all.json.value.map((d: any) => d.properties.roleName).sort(), ['Storage Blob Data Contributor', 'Storage Blob Data Owner', 'Storage Blob Data Reader']);
    const one = await call('GET', `${GROUP_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader}?api-version=${AUTHZ}`, arm);
    assert.equal(one.json.properties.roleName, 'Storage Blob Data Reader');
    assert.equal((await call('GET', `${GROUP_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000?api-version=${AUTHZ}`, arm)).code, 'RoleDefinitionDoesNotExist');
  });

  test('bob is refused by the ACLs, granted by a role assignment, refused again once it is deleted', async () => {
    assert.deepEqual(await bobCan(), REFUSED);

    const name = '8f1e2d3c-4b5a-4697-8877-665544332211';
    const put = await assign(ACCOUNT_SCOPE, name, ROLES.reader);
    assert.equal(put.status, 201, put.text);
    assert.deepEqual(put.json, {
      properties: {
        roleDefinitionId: definitionId(ROLES.reader), principalId: bobOid, principalType: 'User', scope: ACCOUNT_SCOPE, condition: null, conditionVersion: null,
        createdOn: put.json.properties.createdOn, updatedOn: put.json.properties.updatedOn, createdBy: put.json.properties.createdBy, updatedBy: put.json.properties.updatedBy,
        delegatedManagedIdentityResourceId: null, description: null,
      },
      id: `${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${name}`, type: 'Microsoft.Authorization/roleAssignments', name,
    });
    assert.deepEqual(await bobCan(), { read: 200, create: 403, setAcl: 403, createFs: 403 }, 'Reader: reads only');
    assert.equal((await dfs(bobData, 'GET', '/secret.txt')).text, 'for alice');

    const deleted = await call('DELETE', assignmentPath(ACCOUNT_SCOPE, name), arm);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.json.name, name);
    assert.equal((await call('DELETE', assignmentPath(ACCOUNT_SCOPE, name), arm)).status, 204);
    assert.deepEqual(await bobCan(), REFUSED);

    // Contributor on the container: reads and writes whatever the ACLs say, but changes no ACL it does not own.
    const c = '8f1e2d3c-4b5a-4697-8877-665544332212';
    assert.equal((await assign(CONTAINER_SCOPE, c, ROLES.contributor)).status, 201);
    assert.deepEqual(await bobCan(), { read: 200, create: 201, setAcl: 403, createFs: 403 }, 'Contributor on one container');
    assert.equal((await call('DELETE', assignmentPath(CONTAINER_SCOPE, c), arm)).status, 200);

    // Contributor on the account may create file systems too.
    const c2 = '8f1e2d3c-4b5a-4697-8877-665544332213';
    assert.equal((await assign(ACCOUNT_SCOPE, c2, ROLES.contributor)).status, 201);
    assert.deepEqual(await bobCan(), { read: 200, create: 201, setAcl: 403, createFs: 201 }, 'Contributor on the account');
    assert.equal((await call('DELETE', assignmentPath(ACCOUNT_SCOPE, c2), arm)).status, 200);

    // Owner, inherited from the resource group: a super-user over the ACLs.
    const o = '8f1e2d3c-4b5a-4697-8877-665544332214';
    assert.equal((await assign(GROUP_SCOPE, o, ROLES.owner)).status, 201);
    assert.deepEqual(await bobCan(), { read: 200, create: 201, setAcl: 200, createFs: 201 }, 'Owner (inherited)');
    assert.equal((await call('DELETE', assignmentPath(GROUP_SCOPE, o), arm)).status, 200);
    assert.deepEqual(await bobCan(), REFUSED);
  });

  test('a user delegation SAS of bob\'s is worth what bob is: refused by the ACLs, then a super-user\'s with the Owner role', async () => {
    const now = Date.now();
    const keyReply = await t.fetch(`/${DEV_STORAGE_ACCOUNT.name}?restype=service&comp=userdelegationkey`, {
      method: 'POST', headers: { authorization: `Bearer ${bobData}`, 'x-ms-version': '2025-01-05', 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="utf-8"?><KeyInfo><Start>${new Date(now - 60_000).toISOString()}</Start><Expiry>${new Date(now + 3600_000).toISOString()}</Expiry></KeyInfo>`,
    });
    const xml = await keyReply.text();
    assert.equal(keyReply.status, 200, xml);
    const node = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(xml)?.[1] ?? '';
    const key = {
      signedObjectId: node('SignedOid'), signedTenantId: node('SignedTid'), signedStartsOn: new Date(node('SignedStart')),
      signedExpiresOn: new Date(node('SignedExpiry')), signedService: node('SignedService'), signedVersion: node('SignedVersion'), value: node('Value'),
    };
    const sas = generateBlobSASQueryParameters({ containerName: 'rbacfs', permissions: ContainerSASPermissions.parse('racwdl'), expiresOn: new Date(now + 1800_000) }, key, DEV_STORAGE_ACCOUNT.name).toString();
    const read = () => t.fetch(`/${DEV_STORAGE_ACCOUNT.name}/rbacfs/secret.txt?${sas}`, { headers: { 'x-ms-version': '2025-01-05' } });
    assert.equal((await read()).status, 403);
    const o = '8f1e2d3c-4b5a-4697-8877-665544332215';
    assert.equal((await assign(ACCOUNT_SCOPE, o, ROLES.owner)).status, 201);
    const granted = await read();
    assert.equal(granted.status, 200);
    assert.equal(await granted.text(), 'for alice');
    assert.equal((await call('DELETE', assignmentPath(ACCOUNT_SCOPE, o), arm)).status, 200);
    assert.equal((await read()).status, 403);
  });

  test('get, list with atScope() and principalId filters, inherited assignments', async () => {
    const sub = '11111111-2222-4333-8444-555555555551';
    const acc = '11111111-2222-4333-8444-555555555552';
    assert.equal((await assign(`/subscriptions/${SUB}`, sub, ROLES.reader)).status, 201);
    assert.equal((await assign(ACCOUNT_SCOPE, acc, ROLES.contributor)).status, 201);
    const list = async (scope: string, filter?: string) => {
      const q = filter ? `$filter=${encodeURIComponent(filter)}&` : '';
      const r = await call('GET', `${scope}/providers/Microsoft.Authorization/roleAssignments?${q}api-version=${AUTHZ}`, arm);
      assert.equal(r.status, 200, r.text);
      return r.json.value.map((a: any) => a.name).sort();
    };
    assert.deepEqual(await list(`/subscriptions/${SUB}`), [sub, acc], 'the subscription and everything below it');
    assert.deepEqual(await list(`/subscriptions/${SUB}`, 'atScope()'), [sub]);
    assert.deepEqual(await list(ACCOUNT_SCOPE, 'atScope()'), [sub, acc], 'at the account: its own and the inherited');
    assert.deepEqual(await list(GROUP_SCOPE, 'atScope()'), [sub]);
    assert.deepEqual(await list(GROUP_SCOPE, `principalId eq '${bobOid}'`), [sub, acc]);
    assert.deepEqual(await list(GROUP_SCOPE, "assignedTo('00000000-0000-4000-8000-000000000000')"), []);
    assert.equal((await call('GET', `${GROUP_SCOPE}/providers/Microsoft.Authorization/roleAssignments?$filter=bogus&api-version=${AUTHZ}`, arm)).status, 400);
    const got = await call('GET', assignmentPath(ACCOUNT_SCOPE, acc), arm);
    assert.equal(got.json.properties.roleDefinitionId, definitionId(ROLES.contributor));
    assert.equal((await call('GET', assignmentPath(GROUP_SCOPE, acc), arm)).code, 'RoleAssignmentNotFound', 'an assignment is found at its own scope only');
    for (const n of [sub, acc]) assert.equal((await call('DELETE', assignmentPath(n === sub ? `/subscriptions/${SUB}` : ACCOUNT_SCOPE, n), arm)).status, 200);
  });

  test('errors: duplicates, unknown roles and principals, bad ids, callers who do not own the subscription, api-version', async () => {
    const a = '22222222-3333-4444-8555-666666666661';
    assert.equal((await assign(ACCOUNT_SCOPE, a, ROLES.reader)).status, 201);
    assert.equal((await assign(ACCOUNT_SCOPE, a, ROLES.reader)).status, 201, 'the same PUT again is idempotent');
    assert.equal((await assign(ACCOUNT_SCOPE, '22222222-3333-4444-8555-666666666662', ROLES.reader)).code, 'RoleAssignmentExists');
    assert.equal((await assign(ACCOUNT_SCOPE, a, ROLES.owner)).code, 'RoleAssignmentUpdateNotPermitted');
    assert.equal((await assign(ACCOUNT_SCOPE, 'not-a-guid', ROLES.reader)).code, 'InvalidRoleAssignmentId');
    const badRole = await assign(ACCOUNT_SCOPE, '22222222-3333-4444-8555-666666666663', '00000000-0000-4000-8000-000000000000');
    assert.deepEqual([badRole.status, badRole.code], [400, 'RoleDefinitionDoesNotExist']);
    const nobody = await assign(ACCOUNT_SCOPE, '22222222-3333-4444-8555-666666666664', ROLES.reader, '00000000-0000-4000-8000-0000000000aa');
    assert.deepEqual([nobody.status, nobody.code], [400, 'PrincipalNotFound']);
    const notOwner = await assign(ACCOUNT_SCOPE, '22222222-3333-4444-8555-666666666665', ROLES.owner, bobOid, bobArm);
    assert.deepEqual([notOwner.status, notOwner.code], [403, 'AuthorizationFailed'], 'bob cannot grant himself a role');
    assert.match(notOwner.json.error.message, /Microsoft\.Authorization\/roleAssignments\/write/);
    const noAccount = await assign(`${GROUP_SCOPE}/providers/Microsoft.Storage/storageAccounts/nosuchaccount`, '22222222-3333-4444-8555-666666666666', ROLES.reader);
    assert.equal(noAccount.status, 404);
    const badVersion = await call('GET', `${GROUP_SCOPE}/providers/Microsoft.Authorization/roleAssignments?api-version=2099-01-01`, arm);
    assert.deepEqual([badVersion.status, badVersion.code], [400, 'NoRegisteredProviderFound']);
    assert.equal((await call('DELETE', assignmentPath(ACCOUNT_SCOPE, a), arm)).status, 200);
  });

  test('deleting a storage account or a resource group removes the role assignments at and below it', async () => {
    assert.equal((await call('PUT', `/subscriptions/${SUB}/resourcegroups/rbacgroup?api-version=${RES}`, arm, { location: 'eastus2' })).status, 201);
    const accountPath = `/subscriptions/${SUB}/resourceGroups/rbacgroup/providers/Microsoft.Storage/storageAccounts/rbacacct`;
    const created = await call('PUT', `${accountPath}?api-version=2023-05-01`, arm, { location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { isHnsEnabled: true } });
    assert.equal(created.status, 200, created.text);
    assert.equal((await assign(accountPath, '33333333-4444-4555-8666-777777777771', ROLES.owner)).status, 201);
    assert.equal((await assign(`${accountPath}/blobServices/default/containers/c1`, '33333333-4444-4555-8666-777777777772', ROLES.reader)).status, 201);
    assert.equal((await call('DELETE', `${accountPath}?api-version=2023-05-01`, arm)).status, 200);
    assert.equal(t.emu.core.roleAssignments.all().filter((a) => a.scope.includes('rbacacct')).length, 0);
    assert.equal((await assign(`/subscriptions/${SUB}/resourceGroups/rbacgroup`, '33333333-4444-4555-8666-777777777773', ROLES.reader)).status, 201);
    assert.equal((await call('DELETE', `/subscriptions/${SUB}/resourcegroups/rbacgroup?api-version=${RES}`, arm)).status, 202);
    assert.deepEqual(t.emu.core.roleAssignments.all().filter((a) => a.scope.toLowerCase().includes('rbacgroup')), [], 'a group delete takes its assignments');
  });
});
