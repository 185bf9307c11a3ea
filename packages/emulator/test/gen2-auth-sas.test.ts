// Gen2 SAS: account, service (container, blob, DFS directory) and user delegation signatures made by the real
// SDK generators (@azure/storage-blob, @azure/storage-file-datalake, Python azure-storage-*) verify at every
// signed version they emit; scope, permissions, validity, IP and protocol are enforced as the service does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  AccountSASPermissions, BlobSASPermissions, BlobServiceClient, ContainerClient, ContainerSASPermissions,
  SASProtocol, StorageSharedKeyCredential, generateAccountSASQueryParameters, generateBlobSASQueryParameters,
  type UserDelegationKey,
} from '@azure/storage-blob';
import {
  DataLakeFileSystemClient, DirectorySASPermissions, StorageSharedKeyCredential as DataLakeKeyCredential,
  generateDataLakeSASQueryParameters,
} from '@azure/storage-file-datalake';
import { verifySas, sasPermissionsFor, type Gen2Operation, type SasTarget } from '../src/gen2/auth/sas.js';
import type { AuthCheck, SignedRequest } from '../src/gen2/auth/signed-request.js';
import { sasOperationOf } from '../src/gen2/auth/sas-operation.js';
import { getUserDelegationKey } from '../src/gen2/auth/user-delegation-key.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { failures, startSigningServer } from './gen2-auth-support.js';

const ACCOUNT = DEV_STORAGE_ACCOUNT.name;
const KEY1 = DEV_STORAGE_ACCOUNT.key;
const KEY2 = Buffer.alloc(64, 3).toString('base64');
const KEYS = [KEY1, KEY2] as const;
const credential = new StorageSharedKeyCredential(ACCOUNT, KEY2);
const noRetry = { retryOptions: { maxTries: 1 } };
const hour = 3600_000;

/** What the Gen2 router would make of a path-style request: the operation and its target. */
function classify(req: SignedRequest): { op: Gen2Operation; target: SasTarget } {
  const [, , container, ...rest] = req.rawPath.split('/');
  const path = rest.map(decodeURIComponent).join('/');
  const q = req.query;
  const dfs = q.has('resource') || q.has('action');
  const target: SasTarget = { service: dfs ? 'dfs' : 'blob', ...(container ? { container: decodeURIComponent(container) } : {}), ...(path ? { path } : {}) };
  const m = req.method;
  let op: Gen2Operation;
  if (!container) op = 'Service_ListContainersSegment';
  else if (!path) {
    op = q.get('resource') === 'filesystem' && m === 'GET' ? 'FileSystem_ListPaths'
      : q.get('comp') === 'list' ? 'Container_ListBlobFlatSegment'
        : m === 'PUT' ? (q.get('comp') === 'metadata' ? 'Container_SetMetadata' : 'Container_Create')
          : m === 'DELETE' ? 'Container_Delete' : 'Container_GetProperties';
  } else if (q.get('action') === 'append') op = 'Path_AppendData';
  else if (q.get('action') === 'flush') op = 'Path_FlushData';
  else if (q.get('action') === 'setAccessControl') op = 'Path_SetAccessControl';
  else if (q.has('resource')) op = 'Path_Create';
  else op = m === 'PUT' ? 'BlockBlob_Upload' : m === 'DELETE' ? (dfs ? 'Path_Delete' : 'Blob_Delete') : m === 'HEAD' ? 'Blob_GetProperties' : 'Blob_Download';
  return { op, target };
}

const server = await startSigningServer((req) => {
  const { op, target } = classify(req);
  const changes = { ownership: 'x-ms-owner' in req.headers || 'x-ms-group' in req.headers, permissions: 'x-ms-acl' in req.headers || 'x-ms-permissions' in req.headers };
  return verifySas(req, KEYS, target, sasPermissionsFor(op, changes), Date.now());
});
after(() => server.close());

async function refusedWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.statusCode, 403, String(e.message));
    assert.equal(e.code, code);
    return true;
  });
}

function accountSas(permissions: string, resourceTypes = 'sco', services = 'b', version?: string): string {
  return generateAccountSASQueryParameters({
    permissions: AccountSASPermissions.parse(permissions), services, resourceTypes,
    startsOn: new Date(Date.now() - hour), expiresOn: new Date(Date.now() + hour), protocol: SASProtocol.HttpsAndHttp,
    ...(version ? { version } : {}),
  }, credential).toString();
}

test('account SAS from generateAccountSASQueryParameters (current and pre-2020-12-06 versions): the whole blob flow', async () => {
  for (const version of [undefined, '2020-12-06', '2019-12-12']) {
    server.seen.length = 0;
    const service = new BlobServiceClient(`${server.origin}/${ACCOUNT}?${accountSas('rwdlac', 'sco', 'b', version)}`, undefined, noRetry);
    const container = service.getContainerClient(`acct${version ?? ''}`);
    await container.create();
    await container.getBlockBlobClient('dir/a b.txt').upload('hello', 5);
    await container.getBlockBlobClient('dir/a b.txt').download().then((r) => r.readableStreamBody?.resume());
    await container.listBlobsFlat().byPage().next();
    await container.getBlockBlobClient('dir/a b.txt').delete();
    assert.deepEqual(failures(server), [], `sv=${version ?? 'current'}`);
    assert.ok(server.seen.every((s) => s.req.query.get('sv') === (version ?? s.req.query.get('sv'))));
  }
});

test('account SAS limits: permission, resource type and service are each refused with the service\'s code', async () => {
  const readOnly = new BlobServiceClient(`${server.origin}/${ACCOUNT}?${accountSas('rl')}`, undefined, noRetry);
  await refusedWith(readOnly.getContainerClient('c').getBlockBlobClient('x').upload('a', 1), 'AuthorizationPermissionMismatch');
  const objectsOnly = new BlobServiceClient(`${server.origin}/${ACCOUNT}?${accountSas('rwdlac', 'o')}`, undefined, noRetry);
  await refusedWith(objectsOnly.getContainerClient('c').create(), 'AuthorizationResourceTypeMismatch');
  await objectsOnly.getContainerClient('c').getBlockBlobClient('x').upload('a', 1);
  const queueOnly = new BlobServiceClient(`${server.origin}/${ACCOUNT}?${accountSas('rwdlac', 'sco', 'q')}`, undefined, noRetry);
  await refusedWith(queueOnly.getContainerClient('c').create(), 'AuthorizationServiceMismatch');
});

test('service SAS for a container (sr=c) and a blob (sr=b), at the versions with and without sr/ses', async () => {
  for (const version of [undefined, '2018-11-09', '2015-04-05']) {
    server.seen.length = 0;
    const containerSas = generateBlobSASQueryParameters({
      containerName: 'svc', permissions: ContainerSASPermissions.parse('racwdl'), expiresOn: new Date(Date.now() + hour),
      ...(version ? { version } : {}),
    }, credential).toString();
    const container = new ContainerClient(`${server.origin}/${ACCOUNT}/svc?${containerSas}`, undefined, noRetry);
    await container.getBlockBlobClient('ä/b c.txt').upload('hello', 5);
    await container.listBlobsFlat().byPage().next();
    assert.deepEqual(failures(server), [], `sv=${version ?? 'current'}`);
    // Creating the container itself is not something a service SAS can do.
    await refusedWith(container.create(), 'AuthorizationPermissionMismatch');
    // The same SAS does not open another container (the signed resource differs).
    const other = new ContainerClient(`${server.origin}/${ACCOUNT}/other?${containerSas}`, undefined, noRetry);
    await refusedWith(other.getBlockBlobClient('x').upload('a', 1), 'AuthenticationFailed');
  }
  const blobSas = generateBlobSASQueryParameters({
    containerName: 'svc', blobName: 'ä/b c.txt', permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + hour),
  }, credential).toString();
  const blob = new ContainerClient(`${server.origin}/${ACCOUNT}/svc?${blobSas}`, undefined, noRetry);
  await blob.getBlobClient('ä/b c.txt').download().then((r) => r.readableStreamBody?.resume());
  await refusedWith(blob.getBlockBlobClient('ä/b c.txt').upload('x', 1), 'AuthorizationPermissionMismatch');
  await refusedWith(blob.getBlobClient('ä/other.txt').download(), 'AuthenticationFailed');
});

test('DFS directory SAS (sr=d, sdd) from generateDataLakeSASQueryParameters: paths below the directory only; ACL and ownership need p and o', async () => {
  const sasFor = (permissions: string) => generateDataLakeSASQueryParameters({
    fileSystemName: 'lake', pathName: 'top/sub', isDirectory: true, permissions: DirectorySASPermissions.parse(permissions),
    expiresOn: new Date(Date.now() + hour),
  }, new DataLakeKeyCredential(ACCOUNT, KEY1)).toString();
  server.seen.length = 0;
  const fs = new DataLakeFileSystemClient(`${server.origin}/${ACCOUNT}/lake?${sasFor('racwdlmep')}`, undefined, noRetry);
  const file = fs.getFileClient('top/sub/deeper/f.bin');
  await file.create();
  await file.append(Buffer.from('abc'), 0, 3);
  await file.flush(3);
  await file.setPermissions({ owner: { read: true, write: true, execute: false }, group: { read: true, write: false, execute: false }, other: { read: false, write: false, execute: false }, stickyBit: false, extendedAcls: false });
  assert.deepEqual(failures(server), []);
  assert.ok(server.seen.some((s) => s.req.query.get('sr') === 'd' && s.req.query.get('sdd') === '2'));
  await refusedWith(fs.getFileClient('top/elsewhere.bin').create(), 'AuthenticationFailed');
  await refusedWith(fs.getFileClient('top').create(), 'AuthorizationResourceTypeMismatch');
  // Changing the owner needs Ownership (o), which this SAS lacks.
  await refusedWith(file.setAccessControl([], { owner: 'someone' }), 'AuthorizationPermissionMismatch');
  const withOwnership = new DataLakeFileSystemClient(`${server.origin}/${ACCOUNT}/lake?${sasFor('racwdlmeop')}`, undefined, noRetry);
  await withOwnership.getFileClient('top/sub/f').setAccessControl([], { owner: 'someone' });
});

/** A key served by the Get User Delegation Key handler, as the SDK's UserDelegationKey. */
function delegationKey(now: number, oid = '11111111-2222-3333-4444-555555555555', expiresIn = 2 * hour, version = '2026-10-06'): UserDelegationKey {
  const reply = getUserDelegationKey({
    account: ACCOUNT, accountKey: KEY1, caller: { oid, tid: '99999999-0000-0000-0000-000000000001' }, version, now,
    body: `<?xml version="1.0" encoding="utf-8"?><KeyInfo><Start>${new Date(now - 60_000).toISOString()}</Start><Expiry>${new Date(now + expiresIn).toISOString()}</Expiry></KeyInfo>`,
  });
  assert.ok(reply.ok, JSON.stringify(reply));
  const node = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(reply.body)![1]!;
  return {
    signedObjectId: node('SignedOid'), signedTenantId: node('SignedTid'), signedStartsOn: new Date(node('SignedStart')),
    signedExpiresOn: new Date(node('SignedExpiry')), signedService: node('SignedService'), signedVersion: node('SignedVersion'), value: node('Value'),
  };
}

test('user delegation SAS at every string-to-sign version the SDKs emit (2018-11-09 … 2026-04-06+), blob and DFS generators', async () => {
  const udk = delegationKey(Date.now());
  for (const version of [undefined, '2026-04-06', '2025-07-05', '2020-12-06', '2020-02-10', '2018-11-09']) {
    server.seen.length = 0;
    const sas = generateBlobSASQueryParameters({
      containerName: 'udk', permissions: ContainerSASPermissions.parse('racwl'), expiresOn: new Date(Date.now() + hour),
      ...(version ? { version } : {}), ...(version === undefined || version >= '2020-02-10' ? { correlationId: 'corr-1', preauthorizedAgentObjectId: 'agent-1' } : {}),
    }, udk, ACCOUNT).toString();
    const container = new ContainerClient(`${server.origin}/${ACCOUNT}/udk?${sas}`, undefined, noRetry);
    await container.getBlockBlobClient('f.txt').upload('abc', 3);
    await container.getBlobClient('f.txt').download().then((r) => r.readableStreamBody?.resume());
    assert.deepEqual(failures(server), [], `sv=${version ?? 'current'}`);
  }
  const dfsSas = generateDataLakeSASQueryParameters({
    fileSystemName: 'udk', pathName: 'd', isDirectory: true, permissions: DirectorySASPermissions.parse('racwl'), expiresOn: new Date(Date.now() + hour),
  }, udk, ACCOUNT).toString();
  server.seen.length = 0;
  await new DataLakeFileSystemClient(`${server.origin}/${ACCOUNT}/udk?${dfsSas}`, undefined, noRetry).getFileClient('d/x').create();
  assert.deepEqual(failures(server), []);
  // A key the service did not issue (other object id, same value) does not verify.
  const forged = { ...udk, signedObjectId: '00000000-0000-0000-0000-000000000000' };
  const forgedSas = generateBlobSASQueryParameters({ containerName: 'udk', permissions: ContainerSASPermissions.parse('r'), expiresOn: new Date(Date.now() + hour) }, forged, ACCOUNT).toString();
  await refusedWith(new ContainerClient(`${server.origin}/${ACCOUNT}/udk?${forgedSas}`, undefined, noRetry).getBlobClient('f.txt').download(), 'AuthenticationFailed');
});

test('user delegation SAS: the key\'s own window, srh-bound header values, and the grant it yields', () => {
  const now = Date.now();
  const udk = delegationKey(now, 'aaaaaaaa-0000-0000-0000-00000000000a', hour);
  const sas = generateBlobSASQueryParameters({
    containerName: 'c', blobName: 'b', permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(now + 3 * hour),
    requestHeaders: { 'x-ms-range': 'bytes=0-9' },
  }, udk, ACCOUNT);
  const req = (headers: Record<string, string>): SignedRequest => ({ method: 'GET', rawPath: `/${ACCOUNT}/c/b`, query: new URLSearchParams(sas.toString()), headers, account: ACCOUNT, protocol: 'https' });
  const target: SasTarget = { service: 'blob', container: 'c', path: 'b' };
  const needs = sasPermissionsFor('Blob_Download');
  const ok = verifySas(req({ 'x-ms-range': 'bytes=0-9' }), KEYS, target, needs, now);
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(ok.grant.kind, 'user-delegation');
  assert.equal(ok.grant.signedOid, 'aaaaaaaa-0000-0000-0000-00000000000a');
  assertCode(verifySas(req({ 'x-ms-range': 'bytes=0-99' }), KEYS, target, needs, now), 'AuthenticationFailed', /Signature did not match/);
  // The SAS outlives the key: past the key's expiry it is refused.
  assertCode(verifySas(req({ 'x-ms-range': 'bytes=0-9' }), KEYS, target, needs, now + 2 * hour), 'AuthenticationFailed', /user delegation key/);
  // A different key1 (regenerated) revokes it.
  assertCode(verifySas(req({ 'x-ms-range': 'bytes=0-9' }), [KEY2], target, needs, now), 'AuthenticationFailed');
});

function assertCode(check: AuthCheck, code: string, detail?: RegExp): void {
  assert.equal(check.ok, false);
  if (check.ok) return;
  assert.equal(check.code, code, JSON.stringify(check));
  assert.equal(check.status, 403);
  if (detail) assert.match(check.detail ?? check.message, detail);
}

test('validity window, source IP, protocol, tampered fields and unsupported forms', () => {
  const now = Date.now();
  const sign = (extra: object) => generateBlobSASQueryParameters({
    containerName: 'c', permissions: ContainerSASPermissions.parse('rl'), startsOn: new Date(now - hour), expiresOn: new Date(now + hour), ...extra,
  }, credential).toString();
  const target: SasTarget = { service: 'blob', container: 'c', path: 'b' };
  const needs = sasPermissionsFor('Blob_Download');
  const check = (query: string, over: Partial<SignedRequest> = {}, at = now) => verifySas({
    method: 'GET', rawPath: `/${ACCOUNT}/c/b`, query: new URLSearchParams(query), headers: {}, account: ACCOUNT,
    protocol: 'https', remoteAddress: '::ffff:10.1.2.3', ...over,
  }, KEYS, target, needs, at);
  const plain = sign({});
  assert.ok(check(plain).ok);
  assertCode(check(plain, {}, now + 2 * hour), 'AuthenticationFailed', /Signature not valid in the specified time frame: Start \[.*\] - Expiry \[.*\] - Current \[.*\]/);
  assertCode(check(plain, {}, now - 2 * hour), 'AuthenticationFailed', /not valid in the specified time frame/);
  const ranged = sign({ ipRange: { start: '10.1.0.0', end: '10.1.255.255' } });
  assert.ok(check(ranged).ok);
  assertCode(check(ranged, { remoteAddress: '10.2.0.1' }), 'AuthorizationSourceIPMismatch');
  const httpsOnly = sign({ protocol: SASProtocol.Https });
  assert.ok(check(httpsOnly).ok);
  assertCode(check(httpsOnly, { protocol: 'http' }), 'AuthorizationProtocolMismatch');
  // Widening the permissions or the expiry after signing breaks the signature.
  assertCode(check(plain.replace('sp=rl', 'sp=rwl')), 'AuthenticationFailed', /Signature did not match. String to sign used was rwl\n/);
  const later = new Date(now + 10 * hour).toISOString().replace(/\.\d+Z$/, 'Z');
  assertCode(check(plain.replace(/se=[^&]+/, `se=${encodeURIComponent(later)}`)), 'AuthenticationFailed', /Signature did not match/);
  assertCode(check(plain, { account: 'otheraccount' }), 'AuthenticationFailed', /Signature did not match/);
  assertCode(check(plain.replace(/&se=[^&]+/, '')), 'AuthenticationFailed', /Signature fields not well formed/);
  assertCode(check(`${plain}&si=policy1`), 'AuthenticationFailed', /Stored access policies/);
  // Listing with a SAS that has no List permission.
  const readOnly = sign({ permissions: ContainerSASPermissions.parse('r') });
  assertCode(verifySas({ method: 'GET', rawPath: `/${ACCOUNT}/c`, query: new URLSearchParams(`restype=container&comp=list&${readOnly}`), headers: {}, account: ACCOUNT },
    KEYS, { service: 'blob', container: 'c' }, sasPermissionsFor('Container_ListBlobFlatSegment'), now), 'AuthorizationPermissionMismatch');
});

test('Get User Delegation Key: Azure AD callers only, at most 7 days, XML errors as the service words them', () => {
  const now = Date.parse('2026-12-04T08:00:00.500Z');
  const body = (start: string, expiry: string) => `<KeyInfo><Start>${start}</Start><Expiry>${expiry}</Expiry></KeyInfo>`;
  const base = { account: ACCOUNT, accountKey: KEY1, version: '2026-02-06', now, caller: { oid: 'o', tid: 't' } };
  const ok = getUserDelegationKey({ ...base, body: body('2026-12-04T08:00:00Z', '2026-12-05T08:00:00.123Z') });
  assert.ok(ok.ok);
  assert.match(ok.body, /<SignedOid>o<\/SignedOid><SignedTid>t<\/SignedTid><SignedStart>2026-12-04T08:00:00Z<\/SignedStart><SignedExpiry>2026-12-05T08:00:00Z<\/SignedExpiry><SignedService>b<\/SignedService><SignedVersion>2026-02-06<\/SignedVersion><Value>[A-Za-z0-9+/]{43}=<\/Value>/);
  const tooLong = getUserDelegationKey({ ...base, body: body('2026-12-04T08:00:00Z', '2026-12-11T08:00:01Z') });
  assert.ok(!tooLong.ok);
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.code, 'InvalidXmlNodeValue');
  assert.deepEqual(tooLong.extra, { XmlNodeName: '2026-12-11T08:00:01Z', XmlNodeValue: '2026-12-11T08:00:01Z' });
  const garbage = getUserDelegationKey({ ...base, body: 'not xml' });
  assert.ok(!garbage.ok);
  assert.equal(garbage.code, 'InvalidXmlDocument');
  const byKey = getUserDelegationKey({ ...base, caller: undefined, body: body('2026-12-04T08:00:00Z', '2026-12-05T08:00:00Z') });
  assert.ok(!byKey.ok);
  assert.equal(byKey.status, 403);
  assert.equal(byKey.code, 'AuthenticationFailed');
});

test('Python azure-storage-blob and azure-storage-file-datalake (Debian) SAS generators verify', async () => {
  server.seen.length = 0;
  const script = `
import sys, datetime
from azure.storage.blob import ContainerClient, generate_account_sas, generate_container_sas, ResourceTypes, AccountSasPermissions, ContainerSasPermissions
from azure.storage.filedatalake import DataLakeDirectoryClient, generate_directory_sas, DirectorySasPermissions
origin, account, key = sys.argv[1], sys.argv[2], sys.argv[3]
exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
acct = generate_account_sas(account, key, ResourceTypes(service=True, container=True, object=True), AccountSasPermissions(read=True, write=True, list=True, create=True), exp)
c = ContainerClient.from_container_url(f"{origin}/{account}/pyc?{acct}", retry_total=0)
c.create_container()
csas = generate_container_sas(account, "pyc", account_key=key, permission=ContainerSasPermissions(read=True, write=True, create=True), expiry=exp)
ContainerClient.from_container_url(f"{origin}/{account}/pyc?{csas}", retry_total=0).upload_blob("py dir/ü.txt", b"abc", overwrite=True)
dsas = generate_directory_sas(account, "pyfs", "top/sub", key, permission=DirectorySasPermissions(read=True, write=True, create=True), expiry=exp)
d = DataLakeDirectoryClient(f"{origin}/{account}", "pyfs", "top/sub", credential=dsas, retry_total=0)
d.get_file_client("f.bin").create_file()
print("done")
`;
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/python3', ['-c', script, server.origin, ACCOUNT, KEY2], { env: { ...process.env, NO_PROXY: '*' } });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(failures(server), []);
  assert.ok(server.seen.length >= 3);
});

test('sasPermissionsFor: any-of groups, all groups required, operations a service SAS cannot do', () => {
  assert.deepEqual(sasPermissionsFor('Path_Create'), { service: ['cw'], account: ['cw'] });
  assert.deepEqual(sasPermissionsFor('Path_SetAccessControl', { ownership: true, permissions: true }).service, ['o', 'p']);
  assert.equal(sasPermissionsFor('FileSystem_Create').service, null);
  assert.equal(sasPermissionsFor('Service_GetUserDelegationKey').account, null);
});

test('sasOperationOf names the operation from the request, as the DFS and Blob definitions discriminate them', () => {
  const q = (s: string) => new URLSearchParams(s);
  assert.equal(sasOperationOf('dfs', 'path', 'PUT', q('resource=file'), {}), 'Path_Create');
  assert.equal(sasOperationOf('dfs', 'path', 'PUT', q('mode=legacy'), { 'x-ms-rename-source': '/fs/a' }), 'Path_Rename');
  assert.equal(sasOperationOf('dfs', 'path', 'PATCH', q('action=flush&position=3'), {}), 'Path_FlushData');
  assert.equal(sasOperationOf('dfs', 'path', 'HEAD', q('action=getAccessControl'), {}), 'Path_GetAccessControl');
  assert.equal(sasOperationOf('dfs', 'filesystem', 'GET', q('resource=filesystem&recursive=true'), {}), 'FileSystem_ListPaths');
  assert.equal(sasOperationOf('blob', 'filesystem', 'PUT', q('restype=container'), {}), 'Container_Create');
  assert.equal(sasOperationOf('blob', 'path', 'PUT', q('comp=blocklist'), {}), 'BlockBlob_CommitBlockList');
  assert.equal(sasOperationOf('blob', 'path', 'PUT', q('comp=lease'), { 'x-ms-lease-action': 'break' }), 'Blob_BreakLease');
  assert.equal(sasOperationOf('blob', 'path', 'PUT', q(''), { 'x-ms-blob-type': 'BlockBlob' }), 'BlockBlob_Upload');
  assert.equal(sasOperationOf('blob', 'account', 'POST', q('restype=service&comp=userdelegationkey'), {}), 'Service_GetUserDelegationKey');
  assert.equal(sasOperationOf('blob', 'path', 'OPTIONS', q(''), {}), undefined);
});
