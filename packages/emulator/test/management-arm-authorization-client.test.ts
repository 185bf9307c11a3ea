// @azure/arm-authorization (current from npm, unmodified) grants bob "Storage Blob Data Reader" on the development
// storage account: the Gen2 data plane lets him read a file its ACLs keep from him, and refuses again once the
// client has deleted the assignment.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { lastJsonLine, runNodeScript } from 'adls-gen1-test-support';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, ARM_AUDIENCE, BOB, SUB } from './management-helpers.js';

const READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
let t: TestEmulator;
before(async () => { t = await startTestEmulator({ inMemory: true }); });
after(() => t.stop());

test('@azure/arm-authorization: role definitions, create / get / list / delete a role assignment; Gen2 follows it', { timeout: 90_000 }, async () => {
  const bobOid = t.emu.info().users.find((u) => u.username === BOB)!.oid;
  const storage = (upn: string) => mintToken(t.emu, { upn, audience: 'https://storage.azure.com/' });
  const [alice, bob] = [await storage(ALICE), await storage(BOB)];
  const dfs = (token: string, method: string, path: string, body?: string) => t.fetch(`/${DEV_STORAGE_ACCOUNT.name}/armauthz${path}`, {
    method, body, headers: { authorization: `Bearer ${token}`, 'x-ms-version': '2025-01-05' },
  });
  assert.equal((await dfs(alice, 'PUT', '?resource=filesystem')).status, 201);
  assert.equal((await dfs(alice, 'PUT', '/report.txt?resource=file')).status, 201);
  assert.equal((await dfs(alice, 'PATCH', '/report.txt?action=append&position=0', 'numbers')).status, 202);
  assert.equal((await dfs(alice, 'PATCH', '/report.txt?action=flush&position=7')).status, 200);
  assert.equal((await dfs(bob, 'GET', '/report.txt')).status, 403);

  const run = async (step: string) => lastJsonLine<any>(await runNodeScript(fileURLToPath(new URL('./fixtures/arm-authorization-client.ts', import.meta.url)), {
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath, ARM_BASE: `https://127.0.0.1:${t.emu.port}`, ARM_SUB: SUB, STEP: step,
    ARM_TOKEN: await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE }), ACCOUNT: DEV_STORAGE_ACCOUNT.name, PRINCIPAL: bobOid,
  }));
  const scope = `/subscriptions/${SUB}/resourceGroups/adls-emulator/providers/Microsoft.Storage/storageAccounts/${DEV_STORAGE_ACCOUNT.name}`;
  const name = '5d4c3b2a-1f0e-4d9c-8b7a-695847362514';
  const granted = await run('grant');
  assert.deepEqual(granted.role, {
    id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, name: READER, roleName: 'Storage Blob Data Reader',
    roleType: 'BuiltInRole', dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
  });
  assert.equal(granted.byId, 'Storage Blob Data Reader');
  assert.deepEqual(granted.created, {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, principalId: bobOid, principalType: 'User',
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
  });
  assert.equal(granted.gotById, name);
  for (const list of ['forScope', 'forGroup', 'forResource', 'forSubscription']) assert.deepEqual(granted[list], [name], list);
  assert.deepEqual(granted.duplicate, { statusCode: 409, code: 'RoleAssignmentExists' });

  const read = await dfs(bob, 'GET', '/report.txt');
  assert.equal(read.status, 200);
  assert.equal(await read.text(), 'numbers');
  assert.equal((await dfs(bob, 'PUT', '/bob.txt?resource=file')).status, 403, 'a Reader writes nothing the ACLs do not allow');

  const revoked = await run('revoke');
  assert.deepEqual(revoked, { deleted: name, left: [], missing: { statusCode: 404, code: 'RoleAssignmentNotFound' } });
  assert.equal((await dfs(bob, 'GET', '/report.txt')).status, 403);
});
