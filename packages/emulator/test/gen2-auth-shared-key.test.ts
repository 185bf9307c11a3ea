// Gen2 Shared Key: requests signed by the real SDKs (@azure/storage-blob, @azure/storage-file-datalake, Python
// azure-storage-blob/-file-datalake) verify; every tampered part of a signed request is refused as the service
// refuses it, without revealing the signature it expected.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { BlobServiceClient, StorageSharedKeyCredential, type HttpOperationResponse, type WebResource } from '@azure/storage-blob';
import { DataLakeServiceClient, StorageSharedKeyCredential as DataLakeKeyCredential } from '@azure/storage-file-datalake';
import { verifySharedKey } from '../src/gen2/auth/shared-key.js';
import type { AuthCheck, SignedRequest } from '../src/gen2/auth/signed-request.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { failures, startSigningServer } from './gen2-auth-support.js';

const ACCOUNT = DEV_STORAGE_ACCOUNT.name;
const KEY1 = DEV_STORAGE_ACCOUNT.key;
const KEY2 = Buffer.alloc(64, 7).toString('base64');
const KEYS = [KEY1, KEY2] as const;

const server = await startSigningServer((req) => verifySharedKey(req, KEYS, req.query.has('resource') || req.query.has('action') ? 'dfs' : 'blob'));
after(() => server.close());
const noRetry = { retryOptions: { maxTries: 1 } };

function clone(req: SignedRequest, change: (r: SignedRequest) => void): SignedRequest {
  const copy = { ...req, headers: { ...req.headers }, query: new URLSearchParams(req.query) };
  change(copy);
  return copy;
}

function assertRefused(check: AuthCheck, code = 'AuthenticationFailed', detail?: RegExp): void {
  assert.equal(check.ok, false, 'a tampered request must be refused');
  if (check.ok) return;
  assert.equal(check.code, code);
  assert.equal(check.status, code === 'AuthenticationFailed' ? 403 : 400);
  if (detail) assert.match(check.detail ?? '', detail);
}

test('@azure/storage-blob with StorageSharedKeyCredential (path-style, both keys): container, metadata in service order, upload, conditional and ranged reads, encoded names and queries', async () => {
  for (const key of KEYS) {
    server.seen.length = 0;
    const service = new BlobServiceClient(`${server.origin}/${ACCOUNT}`, new StorageSharedKeyCredential(ACCOUNT, key), noRetry);
    const container = service.getContainerClient('auth-c');
    await container.create({ metadata: { owner: 'x' } });
    // a_b < a1 < ab in the service's culture-aware order, ordinal would put a1 first.
    await container.setMetadata({ a_b: '1', a1: '2', ab: 'spaced  value' });
    const blob = container.getBlockBlobClient('dir one/ä+b (1)!\'*.txt');
    await blob.upload('hello world', 11, { metadata: { hdi_isfolder: 'false' }, blobHTTPHeaders: { blobContentType: 'text/plain' } });
    await blob.getProperties({ conditions: { ifMatch: '"0x1"', ifModifiedSince: new Date(0) } });
    await blob.download(1, 4).then((r) => r.readableStreamBody?.resume());
    await container.listBlobsFlat({ prefix: 'dir one/ä & b=c' }).byPage({ maxPageSize: 5 }).next();
    assert.deepEqual(failures(server), []);
    assert.ok(server.seen.length >= 6, `expected every call to reach the server, saw ${server.seen.length}`);
  }
});

test('@azure/storage-file-datalake with its StorageSharedKeyCredential: file system, directory, file create/append/flush, ACL, metadata', async () => {
  server.seen.length = 0;
  const service = new DataLakeServiceClient(`${server.origin}/${ACCOUNT}`, new DataLakeKeyCredential(ACCOUNT, KEY1), noRetry);
  const fs = service.getFileSystemClient('auth-fs');
  await fs.create();
  await fs.getDirectoryClient('a dir/b').create({ permissions: '0750', umask: '0027' });
  const file = fs.getFileClient('a dir/b/c %.bin');
  await file.create();
  const body = Buffer.from('0123456789');
  await file.append(body, 0, body.length);
  await file.flush(body.length, { close: true });
  await file.setAccessControl([{ accessControlType: 'user', entityId: '', defaultScope: false, permissions: { read: true, write: true, execute: false } }]);
  await file.setMetadata({ k: 'v' });
  assert.deepEqual(failures(server), []);
  assert.ok(server.seen.some((s) => s.req.query.get('action') === 'append' && s.req.headers['content-length'] === '10'));
});

test('host-style URL: the SDK signs /{account}/{path} without the account segment in the path', async () => {
  // The pipeline's transport is replaced, so the signed request is captured without a name to resolve.
  const captured: WebResource[] = [];
  const httpClient = {
    sendRequest: async (request: WebResource): Promise<HttpOperationResponse> => {
      captured.push(request);
      return { request, status: 201, headers: request.headers.clone() };
    },
  };
  const service = new BlobServiceClient(`https://${ACCOUNT}.blob.core.windows.net`, new StorageSharedKeyCredential(ACCOUNT, KEY2), { httpClient, ...noRetry });
  await service.getContainerClient('hosted').getBlockBlobClient('x/y z.txt').upload('abc', 3);
  const request = captured[0]!;
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const { name, value } of request.headers.headersArray()) headers[name.toLowerCase()] = value;
  const req: SignedRequest = { method: request.method, rawPath: url.pathname, query: url.searchParams, headers, account: ACCOUNT };
  assert.deepEqual(verifySharedKey(req, KEYS, 'blob'), { ok: true });
  // The same request addressed path-style is a different resource: refused.
  assertRefused(verifySharedKey({ ...req, rawPath: `/${ACCOUNT}${url.pathname}` }, KEYS, 'blob'));
});

test('Python azure-storage-blob and azure-storage-file-datalake (Debian) sign requests that verify, %2F inside paths included', async () => {
  assert.ok(existsSync('/usr/bin/python3'), 'apt-get install python3-azure-storage');
  server.seen.length = 0;
  const script = `
import sys
from azure.storage.blob import BlobServiceClient
from azure.storage.filedatalake import DataLakeServiceClient
url, account, key = sys.argv[1], sys.argv[2], sys.argv[3]
cred = {"account_name": account, "account_key": key}
blob = BlobServiceClient(account_url=url, credential=cred, retry_total=0)
c = blob.get_container_client("pyc")
c.create_container(metadata={"a_b": "1", "a1": "2"})
c.get_blob_client("py dir/ü b.txt").upload_blob(b"hello", overwrite=True, metadata={"k": "v"})
dl = DataLakeServiceClient(account_url=url, credential=cred, retry_total=0)
f = dl.get_file_system_client("pyfs").get_file_client("pydir/py.bin")
f.create_file()
f.append_data(b"abc", offset=0, length=3)
f.flush_data(3)
print("done")
`;
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/python3', ['-c', script, `${server.origin}/${ACCOUNT}`, ACCOUNT, KEY1], { env: { ...process.env, NO_PROXY: '*' } });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /done/);
  assert.deepEqual(failures(server), []);
  assert.ok(server.seen.some((s) => /pydir%2Fpy\.bin/i.test(s.req.rawPath)), `Python sends / inside a path as %2F: ${server.seen.map((s) => s.req.rawPath).join(' ')}`);
});

test('every tampered part of a signed request is refused; the expected signature is never revealed', async () => {
  server.seen.length = 0;
  const service = new BlobServiceClient(`${server.origin}/${ACCOUNT}`, new StorageSharedKeyCredential(ACCOUNT, KEY1), noRetry);
  await service.getContainerClient('t').getBlockBlobClient('f.txt').upload('twelve bytes', 12, { metadata: { a: '1' }, conditions: { ifNoneMatch: '*' } });
  const signed = server.seen.find((s) => s.req.method === 'PUT')!.req;
  const at = Date.parse(String(signed.headers['x-ms-date']));
  assert.deepEqual(verifySharedKey(signed, KEYS, 'blob', at), { ok: true });

  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers['x-ms-meta-a'] = '2'; }), KEYS, 'blob', at), 'AuthenticationFailed', /MAC signature/);
  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers['x-ms-meta-added'] = 'x'; }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers['if-none-match'] = '"0x2"'; }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers['content-type'] = 'text/html'; }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.query.set('comp', 'metadata'); }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.query.set('timeout', '30'); }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.rawPath = r.rawPath.replace('f.txt', 'g.txt'); }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers['content-length'] = '13'; }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(clone(signed, (r) => { r.method = 'POST'; }), KEYS, 'blob', at));
  assertRefused(verifySharedKey(signed, [Buffer.alloc(64, 1).toString('base64')], 'blob', at));
  // Same signature, another account being accessed (the header names devstoreaccount1).
  assertRefused(verifySharedKey(clone(signed, (r) => { r.account = 'otheraccount'; }), KEYS, 'blob', at), 'AuthenticationFailed', /account/);
  // The date: required, and at most 15 minutes away from the service's clock either way.
  assertRefused(verifySharedKey(clone(signed, (r) => { delete r.headers['x-ms-date']; }), KEYS, 'blob', at), 'AuthenticationFailed', /not specified/);
  assertRefused(verifySharedKey(signed, KEYS, 'blob', at + 16 * 60_000), 'AuthenticationFailed', /too old/);
  assertRefused(verifySharedKey(signed, KEYS, 'blob', at - 16 * 60_000), 'AuthenticationFailed', /future/);
  assert.deepEqual(verifySharedKey(signed, KEYS, 'blob', at + 14 * 60_000), { ok: true });
  // An Authorization header that is not 'SharedKey account:signature'.
  assertRefused(verifySharedKey(clone(signed, (r) => { r.headers.authorization = 'SharedKey nocolon'; }), KEYS, 'blob', at), 'InvalidAuthenticationInfo');

  // The detail echoes the sent signature and the string to sign, never the signature the server computed.
  const tampered = clone(signed, (r) => { r.headers['x-ms-meta-a'] = '2'; });
  const check = verifySharedKey(tampered, KEYS, 'blob', at);
  assert.ok(!check.ok);
  const stringToSign = /Server used following string to sign: '([\s\S]*)'\.$/.exec(check.detail ?? '')?.[1];
  assert.ok(stringToSign?.includes('x-ms-meta-a:2\n'), check.detail);
  for (const key of KEYS) {
    const expected = createHmac('sha256', Buffer.from(key, 'base64')).update(stringToSign!, 'utf8').digest('base64');
    assert.ok(!JSON.stringify(check).includes(expected));
  }
});

test('Shared Key Lite: the documented short string to sign (verb, Content-MD5, Content-Type, Date, x-ms headers, resource with ?comp)', () => {
  const xmsDate = new Date().toUTCString();
  const headers = { 'x-ms-date': xmsDate, 'x-ms-version': '2026-02-06', 'content-type': 'text/plain' };
  const stringToSign = `PUT\n\ntext/plain\n\nx-ms-date:${xmsDate}\nx-ms-version:2026-02-06\n/${ACCOUNT}/c/b.txt?comp=metadata`;
  const sig = createHmac('sha256', Buffer.from(KEY2, 'base64')).update(stringToSign).digest('base64');
  const req: SignedRequest = {
    method: 'PUT', rawPath: '/c/b.txt', query: new URLSearchParams('comp=metadata&timeout=5'), account: ACCOUNT,
    headers: { ...headers, authorization: `SharedKeyLite ${ACCOUNT}:${sig}` },
  };
  assert.deepEqual(verifySharedKey(req, KEYS, 'blob'), { ok: true });
  assertRefused(verifySharedKey({ ...req, query: new URLSearchParams('comp=lease') }, KEYS, 'blob'));
});

test('failures answer through the SDK as the service does: 403 AuthenticationFailed with the detail', async () => {
  const service = new BlobServiceClient(`${server.origin}/${ACCOUNT}`, new StorageSharedKeyCredential(ACCOUNT, Buffer.alloc(64, 9).toString('base64')), noRetry);
  await assert.rejects(service.getContainerClient('denied').create(), (e: any) => {
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, 'AuthenticationFailed');
    return true;
  });
});
