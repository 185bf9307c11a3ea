// Soft delete is off on the emulator's accounts: deletes are permanent, List Deleted Paths is empty even beside live
// files, and Path_Undelete has nothing to restore (404), over raw HTTP and through @azure/storage-file-datalake.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataLakeServiceClient, type StoragePipelineOptions } from '@azure/storage-file-datalake';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { storageCredential } from './gen2-blob-helpers.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

const A = `/${DEV_STORAGE_ACCOUNT.name}`;

describe('gen2 without soft delete', () => {
  let t: TestEmulator;
  let auth: Record<string, string>;
  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const r = await t.fetch(`${A}${path}`, { method, headers: { 'x-ms-version': '2025-01-05', ...auth, ...headers } });
    return { status: r.status, code: r.headers.get('x-ms-error-code'), h: r.headers, text: await r.text() };
  };
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    auth = { Authorization: `Bearer ${(await storageCredential(t)).token}` };
    await call('PUT', '/softfs?resource=filesystem');
  });
  after(() => t.stop());

  test('deletes are permanent; no deleted paths listed; undelete finds nothing; bad sources are 400', async () => {
    await call('PUT', '/softfs/live.txt?resource=file');
    await call('PUT', '/softfs/gone.txt?resource=file');
    assert.equal((await call('DELETE', '/softfs/gone.txt')).h.get('x-ms-delete-type-permanent'), 'true');
    const listed = await call('GET', '/softfs?restype=container&comp=list&showonly=deleted');
    assert.equal(listed.status, 200);
    assert.match(listed.text, /<Blobs\s*\/>|<Blobs><\/Blobs>/);
    assert.doesNotMatch(listed.text, /live\.txt/, 'live files are not deleted ones');
    const undo = await call('PUT', '/softfs/gone.txt?comp=undelete', { 'x-ms-undelete-source': '?deletionid=133226937944199600' });
    assert.deepEqual([undo.status, undo.code], [404, 'BlobNotFound']);
    assert.equal((await call('PUT', '/softfs/gone.txt?comp=undelete')).code, 'MissingRequiredHeader');
    assert.equal((await call('PUT', '/softfs/gone.txt?comp=undelete', { 'x-ms-undelete-source': 'yesterday' })).code, 'InvalidHeaderValue');
  });

  test('@azure/storage-file-datalake: listDeletedPaths is empty, undeletePath is refused with 404', async () => {
    const { credential } = await storageCredential(t);
    const fs = new DataLakeServiceClient(`https://127.0.0.1:${t.emu.port}${A}`, credential, { tlsOptions: { ca: t.emu.core.ca.caCertPem }, retryOptions: { maxTries: 1 } } as StoragePipelineOptions).getFileSystemClient('softfs');
    const deleted = [];
    for await (const p of fs.listDeletedPaths()) deleted.push(p);
    assert.deepEqual(deleted, []);
    await assert.rejects(fs.undeletePath('gone.txt', '133226937944199600'), (e: { statusCode: number }) => e.statusCode === 404);
  });
});
