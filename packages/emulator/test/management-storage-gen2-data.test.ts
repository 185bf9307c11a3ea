// Resource Manager and the Gen2 data plane together: a storage account created through ARM serves file systems at
// once; deleting it (or its resource group) removes its file systems with their bytes, so a new account of the
// same name starts empty.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FileSystemRegistry } from '../src/gen2/filesystems/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, ARM_AUDIENCE, RES, SUB } from './management-helpers.js';

const STORAGE = '2023-05-01';
const accountPath = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}?api-version=${STORAGE}`;

describe('storage accounts: Resource Manager and the Gen2 data plane', () => {
  let t: TestEmulator;
  let arm: string;
  let storage: string;
  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await t.fetch(path, {
      method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    const text = method === 'HEAD' ? '' : await r.text();
    return { status: r.status, code: r.headers.get('x-ms-error-code'), text };
  };
  const dfs = (method: string, path: string, body?: string) => call(method, path, storage, body, { 'x-ms-version': '2025-01-05' });
  const create = async (rg: string, name: string) =>
    assert.equal((await call('PUT', accountPath(rg, name), arm, { location: 'eastus2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { isHnsEnabled: true } })).status, 200);

  before(async () => {
    t = await startTestEmulator({ lroMode: 'immediate', inMemory: true });
    arm = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
    storage = await mintToken(t.emu, { upn: ALICE, audience: 'https://storage.azure.com/' });
    assert.equal((await call('PUT', `/subscriptions/${SUB}/resourcegroups/gen2data?api-version=${RES}`, arm, { location: 'eastus2' })).status, 201);
  });
  after(() => t.stop());

  test('an account created through ARM serves file systems; deleting it removes them and their bytes', async () => {
    await create('gen2data', 'armdata1');
    assert.equal((await dfs('PUT', '/armdata1/fs1?resource=filesystem')).status, 201);
    assert.equal((await dfs('PUT', '/armdata1/fs1/dir/hello.txt?resource=file')).status, 201);
    assert.equal((await dfs('PATCH', '/armdata1/fs1/dir/hello.txt?action=append&position=0', 'hello')).status, 202);
    assert.equal((await dfs('PATCH', '/armdata1/fs1/dir/hello.txt?action=flush&position=5')).status, 200);
    assert.equal((await dfs('GET', '/armdata1/fs1/dir/hello.txt')).text, 'hello');

    assert.equal((await call('DELETE', accountPath('gen2data', 'armdata1'), arm)).status, 200);
    assert.deepEqual(new FileSystemRegistry(t.emu.core.db).list('armdata1', { limit: 10 }), []);
    await create('gen2data', 'armdata1');
    const listed = await dfs('GET', '/armdata1?resource=account');
    assert.equal(listed.status, 200);
    assert.deepEqual(JSON.parse(listed.text).filesystems, []);
    assert.equal((await dfs('GET', '/armdata1/fs1/dir/hello.txt')).status, 404);
  });

  test('a resource group delete takes its storage accounts\' file systems too', async () => {
    await create('gen2data', 'armdata2');
    assert.equal((await dfs('PUT', '/armdata2/fs2?resource=filesystem')).status, 201);
    assert.equal((await call('DELETE', `/subscriptions/${SUB}/resourcegroups/gen2data?api-version=${RES}`, arm)).status, 202);
    assert.equal(t.emu.core.storageAccounts.get('armdata2'), undefined);
    assert.deepEqual(new FileSystemRegistry(t.emu.core.db).list('armdata2', { limit: 10 }), []);
  });
});
