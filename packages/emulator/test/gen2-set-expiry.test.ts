// Gen2 Set Expiry (`PUT ?comp=expiry`) over the store's expiry: the options over raw HTTP with the service's 400s,
// x-ms-expiry-time on HEAD (both APIs), expiry on create, expired files gone, and DataLakeFileClient.setExpiry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataLakeServiceClient, type StoragePipelineOptions } from '@azure/storage-file-datalake';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { storageCredential } from './gen2-blob-helpers.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

const A = `/${DEV_STORAGE_ACCOUNT.name}`;
const DAY = 86_400_000;

describe('gen2 set expiry', () => {
  let t: TestEmulator;
  let auth: Record<string, string>;
  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const r = await t.fetch(`${A}${path}`, { method, headers: { ...auth, ...headers } });
    if (method !== 'HEAD') await r.arrayBuffer();
    return { status: r.status, code: r.headers.get('x-ms-error-code'), h: r.headers };
  };
  const expiry = (path: string, option?: string, time?: string) =>
    call('PUT', `${path}?comp=expiry`, { ...(option ? { 'x-ms-expiry-option': option } : {}), ...(time !== undefined ? { 'x-ms-expiry-time': time } : {}) });
  const said = async (p: Promise<{ status: number; code: string | null }>) => { const r = await p; return `${r.status} ${r.code}`; };
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    auth = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${(await storageCredential(t)).token}` };
    await call('PUT', '/xfs?resource=filesystem');
  });
  after(() => t.stop());

  test('options, bad input, and the expiry shown on HEAD through both APIs', async () => {
    await call('PUT', '/xfs/d/f.txt?resource=file');
    assert.equal(await said(expiry('/xfs/d/f.txt')), '400 MissingRequiredHeader');
    assert.equal(await said(expiry('/xfs/d/f.txt', 'Sometime', '5')), '400 InvalidHeaderValue');
    assert.equal(await said(expiry('/xfs/d/f.txt', 'RelativeToNow')), '400 MissingRequiredHeader');
    assert.equal(await said(expiry('/xfs/d/f.txt', 'RelativeToNow', 'soon')), '400 InvalidHeaderValue');
    assert.equal(await said(expiry('/xfs/d/f.txt', 'Absolute', '12345')), '400 InvalidHeaderValue');
    assert.equal(await said(expiry('/xfs/d/f.txt', 'NeverExpire', '5')), '400 InvalidHeaderValue');
    assert.equal(await said(expiry('/xfs/d', 'RelativeToNow', '5000')), '400 InvalidInput', 'directories do not expire');
    assert.equal(await said(expiry('/xfs/d/none.txt', 'RelativeToNow', '5000')), '404 BlobNotFound');
    const before = Date.now();
    const set = await expiry('/xfs/d/f.txt', 'RelativeToNow', String(DAY));
    assert.equal(set.status, 200);
    assert.ok(set.h.get('etag'));
    // HEAD is the Blob API's Get Blob Properties here; Accept: application/json makes it DFS Path_GetProperties.
    for (const accept of ['application/xml', 'application/json']) {
      const shown = Date.parse((await call('HEAD', '/xfs/d/f.txt', { accept })).h.get('x-ms-expiry-time')!);
      assert.ok(shown >= Math.floor(before / 1000) * 1000 + DAY && shown <= Date.now() + DAY, `about a day from now (${accept})`);
    }
    const absolute = new Date(Date.now() + 2 * DAY).toUTCString();
    assert.equal((await expiry('/xfs/d/f.txt', 'Absolute', absolute)).status, 200);
    assert.equal((await call('HEAD', '/xfs/d/f.txt')).h.get('x-ms-expiry-time'), absolute);
    assert.equal((await expiry('/xfs/d/f.txt', 'NeverExpire')).status, 200);
    assert.equal((await call('HEAD', '/xfs/d/f.txt')).h.get('x-ms-expiry-time'), null);
  });

  test('an expired file disappears; expiry on create', async () => {
    await call('PUT', '/xfs/gone.txt?resource=file');
    assert.equal((await expiry('/xfs/gone.txt', 'Absolute', new Date(Date.now() - 1000).toUTCString())).status, 200);
    assert.equal((await call('HEAD', '/xfs/gone.txt')).status, 404);
    await call('PUT', '/xfs/born.txt?resource=file');
    assert.equal((await expiry('/xfs/born.txt', 'RelativeToCreation', '0')).status, 200);
    assert.equal((await call('HEAD', '/xfs/born.txt')).status, 404, 'created + 0 ms is already past');
    const made = await call('PUT', '/xfs/made.txt?resource=file', { 'x-ms-expiry-option': 'RelativeToNow', 'x-ms-expiry-time': String(DAY) });
    assert.equal(made.status, 201);
    assert.ok((await call('HEAD', '/xfs/made.txt')).h.get('x-ms-expiry-time'));
    assert.equal(await said(call('PUT', '/xfs/bad.txt?resource=file', { 'x-ms-expiry-option': 'RelativeToNow' })), '400 MissingRequiredHeader');
    assert.equal((await call('HEAD', '/xfs/bad.txt')).status, 404, 'a refused create writes nothing');
  });

  test('DataLakeFileClient.setExpiry and getProperties().expiresOn', async () => {
    const { credential } = await storageCredential(t);
    const fs = new DataLakeServiceClient(`https://127.0.0.1:${t.emu.port}${A}`, credential, { tlsOptions: { ca: t.emu.core.ca.caCertPem }, retryOptions: { maxTries: 1 } } as StoragePipelineOptions).getFileSystemClient('xfs');
    const file = fs.getFileClient('sdk.txt');
    await file.create();
    const on = new Date(Math.ceil((Date.now() + 3 * DAY) / 1000) * 1000);
    await file.setExpiry('Absolute', { expiresOn: on });
    assert.equal((await file.getProperties()).expiresOn?.getTime(), on.getTime());
    await file.setExpiry('RelativeToNow', { timeToExpireInMs: DAY });
    assert.ok((await file.getProperties()).expiresOn!.getTime() > Date.now() + DAY - 60_000);
    await file.setExpiry('NeverExpire');
    assert.equal((await file.getProperties()).expiresOn, undefined);
    await file.setExpiry('RelativeToCreation', { timeToExpireInMs: 1 }); // long past: created several calls ago
    assert.equal(await file.exists(), false);
  });
});
