// Gen2 front end: error replies (DFS JSON, Blob XML), authentication refusals, unknown accounts, routing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

const V = '2025-01-05';
const DFS_HOST = `${DEV_STORAGE_ACCOUNT.name}.dfs.adls.localhost`;
const BLOB_HOST = `${DEV_STORAGE_ACCOUNT.name}.blob.adls.localhost`;

describe('gen2 errors and authentication', () => {
  let t: TestEmulator;
  before(async () => { t = await startTestEmulator({ inMemory: true }); });
  after(async () => { await t.stop(); });

  it('answers a DFS call without credentials with 401, the JSON StorageError and the Bearer challenge', async () => {
    const r = await t.fetch('/fs1?resource=filesystem', { method: 'PUT', host: DFS_HOST, headers: { 'x-ms-version': V, 'x-ms-client-request-id': 'abc-1' } });
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('x-ms-error-code'), 'NoAuthenticationInformation');
    assert.equal(r.headers.get('x-ms-version'), V);
    assert.equal(r.headers.get('x-ms-client-request-id'), 'abc-1');
    assert.match(r.headers.get('x-ms-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri=https:\/\/.+\/oauth2\/authorize resource_id=https:\/\/storage\.azure\.com$/);
    const body = await r.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'NoAuthenticationInformation');
    assert.match(body.error.message, /\nRequestId:[0-9a-f-]{36}\nTime:\d{4}-/);
  });

  it('answers Blob calls with the XML error body, and HEAD with no body', async () => {
    const r = await t.fetch('/fs1?restype=container', { method: 'PUT', host: BLOB_HOST, headers: { 'x-ms-version': V } });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type') ?? '', /application\/xml/);
    const text = await r.text();
    assert.match(text, /^\uFEFF?<\?xml version="1\.0" encoding="utf-8"\?><Error><Code>NoAuthenticationInformation<\/Code><Message>Server failed/);
    const h = await t.fetch('/fs1/file', { method: 'HEAD', host: BLOB_HOST, headers: { 'x-ms-version': V } });
    assert.equal(h.status, 401);
    assert.equal(h.headers.get('x-ms-error-code'), 'NoAuthenticationInformation');
    assert.equal((await h.arrayBuffer()).byteLength, 0);
  });

  it('refuses tokens for another audience and expired tokens (401 InvalidAuthenticationInfo)', async () => {
    for (const token of [await mintToken(t.emu), await mintToken(t.emu, { audience: 'https://storage.azure.com/', expiresIn: -3600 })]) {
      const r = await t.fetch('/fs1?resource=filesystem', { method: 'PUT', host: DFS_HOST, headers: { 'x-ms-version': V, Authorization: `Bearer ${token}` } });
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('x-ms-error-code'), 'InvalidAuthenticationInfo');
    }
  });

  it('accepts storage tokens (https://storage.azure.com/ and the account endpoint) and routes them', async () => {
    for (const audience of ['https://storage.azure.com/', 'https://storage.azure.com', `https://${DEV_STORAGE_ACCOUNT.name}.dfs.core.windows.net`]) {
      const token = await mintToken(t.emu, { audience });
      const r = await t.fetch(`/${DEV_STORAGE_ACCOUNT.name}/fs1?comp=nosuchop`, { method: 'PUT', headers: { 'x-ms-version': V, Authorization: `Bearer ${token}` } });
      assert.notEqual(r.status, 401, audience);
      assert.notEqual(r.status, 403, audience);
    }
  });

  it('refuses an unknown account on path style as Azurite does (400 InvalidOperation)', async () => {
    const r = await t.fetch('/nosuchaccount1/fs?restype=container', { method: 'PUT', headers: { 'x-ms-version': V } });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-ms-error-code'), 'InvalidOperation');
  });

  it('answers malformed percent-encoding with 400 InvalidUri, never a crash', async () => {
    const r = await t.fetch(`/${DEV_STORAGE_ACCOUNT.name}/fs/bad%zzname`, { method: 'GET', headers: { 'x-ms-version': V } });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-ms-error-code'), 'InvalidUri');
  });

  it('leaves the Gen1 data plane, identity and /_emulator/info where they were', async () => {
    assert.equal((await t.fetch('/_emulator/info')).status, 200);
    const r = await t.fetch('/webhdfs/v1/?op=LISTSTATUS');
    assert.equal(r.status, 401);
    assert.equal((await r.json() as { RemoteException?: unknown }).RemoteException !== undefined, true);
  });
});
