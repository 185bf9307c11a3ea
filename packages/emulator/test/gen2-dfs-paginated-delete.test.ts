// Paginated recursive delete (DFS Path_Delete `paginated=true`): a non-super-user's delete of a directory larger than
// a page answers x-ms-continuation (nothing deleted yet) until the walk completes, then deletes atomically; forged
// tokens are refused; super-users delete at once; @azure/storage-file-datalake's delete loop (token credential).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataLakeServiceClient, type StoragePipelineOptions } from '@azure/storage-file-datalake';
import type { Caller } from '../src/store/access.js';
import { DELETE_PAGE } from '../src/gen2/dfs/delete-pages.js';
import { namespaceKey } from '../src/gen2/filesystems/registry.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

const A = `/${DEV_STORAGE_ACCOUNT.name}`;
const STORAGE = 'https://storage.azure.com/';

describe('gen2 paginated delete', () => {
  let t: TestEmulator;
  let owner: Record<string, string>;
  let other: Record<string, string>;
  let otherCaller: Caller;
  let otherUpn: string;
  const call = async (method: string, path: string, headers: Record<string, string>) => {
    const r = await t.fetch(`${A}${path}`, { method, headers: { 'x-ms-version': '2025-01-05', ...headers } });
    if (method !== 'HEAD') await r.arrayBuffer();
    return { status: r.status, code: r.headers.get('x-ms-error-code'), h: r.headers };
  };
  /** A directory owned by the other user holding `files` files and a subdirectory, written through the store. */
  const bigDir = async (name: string, files: number) => {
    assert.equal((await call('PUT', `/pdel/${name}?resource=directory`, { ...owner, 'x-ms-owner': otherCaller.oid, 'x-ms-permissions': '0700' })).status, 201);
    const ns = namespaceKey(DEV_STORAGE_ACCOUNT.name, 'pdel');
    const store = t.emu.core.store;
    store.mkdirs(ns, [name, 'sub'], otherCaller, 0o700, { umask: 0 });
    await store.createFile(ns, [name, 'sub', 'inner.txt'], otherCaller, { overwrite: false, createParent: false });
    for (let i = 0; i < files; i++) await store.createFile(ns, [name, `f${String(i).padStart(5, '0')}`], otherCaller, { overwrite: false, createParent: false });
  };
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    const account = t.emu.core.storageAccounts.get(DEV_STORAGE_ACCOUNT.name)!;
    const users = t.emu.info().users;
    const someone = users.find((u) => u.oid !== account.ownerOid)!;
    const ownerUpn = users.find((u) => u.oid === account.ownerOid)!.username;
    otherUpn = someone.username;
    otherCaller = { oid: someone.oid, groups: [someone.oid], superUser: false };
    owner = { Authorization: `Bearer ${await mintToken(t.emu, { upn: ownerUpn, audience: STORAGE })}` };
    other = { Authorization: `Bearer ${await mintToken(t.emu, { upn: otherUpn, audience: STORAGE })}` };
    const made = await call('PUT', '/pdel?resource=filesystem', owner);
    assert.equal(made.status, 201, String(made.code));
    assert.equal((await call('PATCH', '/pdel/?action=setAccessControl', { ...owner, 'x-ms-acl': 'user::rwx,group::r-x,other::rwx' })).status, 200);
  });
  after(() => t.stop());

  test('pages with x-ms-continuation, nothing deleted until the last; forged and foreign tokens refused', async () => {
    await bigDir('big', DELETE_PAGE + 10);
    const first = await call('DELETE', '/pdel/big?recursive=true&paginated=true', other);
    assert.equal(first.status, 200);
    const token = first.h.get('x-ms-continuation');
    assert.ok(token, 'a continuation while the walk is not done');
    assert.equal(first.h.get('x-ms-delete-type-permanent'), null);
    assert.equal((await call('HEAD', '/pdel/big/f00000', owner)).status, 200, 'nothing deleted yet');
    assert.equal((await call('DELETE', '/pdel/big?recursive=true&paginated=true&continuation=bm9wZQ', other)).code, 'InvalidQueryParameterValue');
    assert.equal((await call('DELETE', '/pdel/big?recursive=true&paginated=maybe', other)).code, 'InvalidQueryParameterValue');
    await bigDir('other', 1);
    assert.equal((await call('DELETE', `/pdel/other?recursive=true&paginated=true&continuation=${encodeURIComponent(token)}`, other)).code, 'InvalidQueryParameterValue', 'a token of another delete');
    const last = await call('DELETE', `/pdel/big?recursive=true&paginated=true&continuation=${encodeURIComponent(token)}`, other);
    assert.deepEqual([last.status, last.h.get('x-ms-continuation'), last.h.get('x-ms-delete-type-permanent')], [200, null, 'true']);
    assert.equal((await call('HEAD', '/pdel/big', owner)).status, 404);
  });

  test('super-users delete at once; a page the caller may not walk is 403; small trees need one call', async () => {
    await bigDir('huge', DELETE_PAGE + 1);
    const once = await call('DELETE', '/pdel/huge?recursive=true&paginated=true', owner);
    assert.deepEqual([once.status, once.h.get('x-ms-continuation')], [200, null]);
    assert.equal((await call('HEAD', '/pdel/huge', owner)).status, 404);
    assert.equal((await call('PUT', '/pdel/closed/x/y.txt?resource=file', owner)).status, 201);
    assert.equal((await call('PATCH', '/pdel/closed?action=setAccessControl', { ...owner, 'x-ms-acl': 'user::rwx,group::---,other::---' })).status, 200);
    assert.equal((await call('DELETE', '/pdel/closed?recursive=true&paginated=true', other)).status, 403);
    assert.equal((await call('HEAD', '/pdel/closed/x/y.txt', owner)).status, 200);
    const small = await call('DELETE', '/pdel/other?recursive=true&paginated=true', other);
    assert.deepEqual([small.status, small.h.get('x-ms-continuation')], [200, null]);
  });

  test('@azure/storage-file-datalake follows the continuation (token credential) until the directory is gone', async () => {
    await bigDir('sdk', DELETE_PAGE + 5);
    const token = await mintToken(t.emu, { upn: otherUpn, audience: STORAGE });
    const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const fs = new DataLakeServiceClient(`https://127.0.0.1:${t.emu.port}${A}`, credential, { tlsOptions: { ca: t.emu.core.ca.caCertPem }, retryOptions: { maxTries: 1 } } as StoragePipelineOptions).getFileSystemClient('pdel');
    await fs.getDirectoryClient('sdk').delete(true);
    assert.equal(await fs.getDirectoryClient('sdk').exists(), false);
  });
});
