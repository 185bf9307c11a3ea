// The Blob API of the Gen2 front end with @azure/storage-blob unmodified, signed in with Azure AD (bearer):
// containers, Put Blob, staged blocks, listings over the hierarchical namespace, properties and errors.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startTestEmulator, type TestEmulator } from './helpers.js';
import { blobService, clientOptions, connectionString, DEV, DFS_HOST, ownerUpn, storageCredential } from './gen2-blob-helpers.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const id = (n: number) => Buffer.from(`block-${String(n).padStart(6, '0')}`).toString('base64');

/** What a failed SDK call carries: HTTP status and the service's error code. */
async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { statusCode: number; code: string };
    return { status: err.statusCode, code: err.code };
  }
  throw new Error('the call succeeded');
}

describe('gen2 blob API with @azure/storage-blob (Azure AD)', () => {
  let t: TestEmulator;
  let service: BlobServiceClient;
  let token: string;
  let fs: ContainerClient;

  /** A raw DFS request on the account's dfs host, signed with the same token. */
  const dfs = (path: string, init: { method?: string } = {}) =>
    t.fetch(path, { ...init, host: DFS_HOST, headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });

  before(async () => {
    t = await startTestEmulator();
    service = await blobService(t);
    token = (await storageCredential(t)).token;
    fs = service.getContainerClient('blobfs');
    await fs.create();
  });
  after(async () => { await t.stop(); });

  it('lists containers past one page, in name order, with their metadata', async () => {
    for (const i of [4, 0, 6, 2, 1, 5, 3]) await service.getContainerClient(`page-${i}`).create({ metadata: { idx: String(i) } });
    const pages = [];
    for await (const page of service.listContainers({ prefix: 'page-', includeMetadata: true }).byPage({ maxPageSize: 3 })) pages.push(page);
    assert.deepEqual(pages.map((p) => p.containerItems.map((c) => c.name)), [['page-0', 'page-1', 'page-2'], ['page-3', 'page-4', 'page-5'], ['page-6']]);
    assert.equal(pages[0].continuationToken, `/${DEV}/page-3`);
    assert.equal(pages[2].continuationToken, '');
    assert.deepEqual(pages.flatMap((p) => p.containerItems.map((c) => c.metadata?.idx)), ['0', '1', '2', '3', '4', '5', '6']);
    const all = [];
    for await (const c of service.listContainers()) all.push(c.name);
    assert.ok(all.includes('blobfs') && all.includes('page-6'));
    assert.equal((await service.listContainers({ prefix: 'page-' }).byPage({ maxPageSize: 10 }).next()).value.containerItems[0].metadata, undefined);
  });

  it('uploads a blob in one shot with content headers and metadata, and reads it back', async () => {
    const data = randomBytes(MiB + 17);
    const blob = fs.getBlockBlobClient('single/one.bin');
    const put = await blob.upload(data, data.length, { blobHTTPHeaders: { blobContentType: 'text/plain', blobCacheControl: 'no-cache' }, metadata: { origin: 'sdk' } });
    assert.equal(Buffer.from(put.contentMD5!).toString('base64'), md5(data));
    const props = await blob.getProperties();
    assert.equal(props.etag, put.etag);
    assert.equal(props.contentLength, data.length);
    assert.equal(props.contentType, 'text/plain');
    assert.equal(props.cacheControl, 'no-cache');
    assert.equal(Buffer.from(props.contentMD5!).toString('base64'), md5(data));
    assert.deepEqual(props.metadata, { origin: 'sdk' });
    assert.equal(sha(await blob.downloadToBuffer()), sha(data));
    // The parent directory was created implicitly, as on a hierarchical account.
    const dir = await fs.getBlobClient('single').getProperties();
    assert.equal(dir.metadata?.hdi_isfolder, 'true');
  });

  it('uploads 20 MiB in staged blocks (uploadData past the single-shot limit, uploadStream) and reads it back through DFS', async () => {
    const data = randomBytes(20 * MiB);
    const a = fs.getBlockBlobClient('big/data.bin');
    await a.uploadData(data, { blockSize: 4 * MiB, maxSingleShotSize: 4 * MiB, concurrency: 4 });
    const list = await a.getBlockList('all');
    assert.equal(list.committedBlocks?.length, 5);
    assert.ok(list.committedBlocks!.every((b) => b.size === 4 * MiB));
    assert.equal(list.uncommittedBlocks?.length, 0);
    const viaDfs = await dfs('/blobfs/big/data.bin');
    assert.equal(viaDfs.status, 200);
    assert.equal(sha(Buffer.from(await viaDfs.arrayBuffer())), sha(data));

    const b = fs.getBlockBlobClient('big/stream.bin');
    await b.uploadStream(Readable.from((function* () { for (let o = 0; o < data.length; o += 3 * MiB) yield data.subarray(o, o + 3 * MiB); })()), 8 * MiB, 2);
    assert.equal((await b.getBlockList('committed')).committedBlocks?.length, 3);
    assert.equal(sha(await b.downloadToBuffer()), sha(data));
  });

  it('stages and commits blocks by hand: Uncommitted, Committed and Latest lookups, uncommitted blocks dropped', async () => {
    const blob = fs.getBlockBlobClient('blocks/manual.txt');
    await blob.stageBlock(id(1), Buffer.from('one,'), 4);
    await blob.stageBlock(id(2), Buffer.from('two,'), 4);
    await blob.stageBlock(id(9), Buffer.from('never'), 5);
    const staged = await blob.getBlockList('uncommitted');
    assert.deepEqual(staged.uncommittedBlocks?.map((b) => `${b.name}:${b.size}`).sort(), [`${id(1)}:4`, `${id(2)}:4`, `${id(9)}:5`].sort());
    // Staged blocks alone make no blob: listings skip it and If-None-Match: * still finds none.
    const names: string[] = [];
    for await (const b of fs.listBlobsFlat({ prefix: 'blocks/' })) names.push(b.name);
    assert.deepEqual(names, []);
    const withStaged: string[] = [];
    for await (const b of fs.listBlobsFlat({ prefix: 'blocks/', includeUncommitedBlobs: true })) withStaged.push(b.name);
    assert.deepEqual(withStaged, ['blocks/manual.txt']);
    await blob.commitBlockList([id(2), id(1)], { blobHTTPHeaders: { blobContentType: 'text/csv' }, conditions: { ifNoneMatch: '*' } });
    assert.equal((await blob.downloadToBuffer()).toString(), 'two,one,');
    assert.deepEqual((await blob.getBlockList('all')).uncommittedBlocks, []);
    // Keep a committed block, add a new one: the committed bytes carry over.
    await blob.stageBlock(id(3), Buffer.from('three'), 5);
    const raw = `<?xml version="1.0" encoding="utf-8"?><BlockList><Committed>${id(1)}</Committed><Uncommitted>${id(3)}</Uncommitted><Latest>${id(2)}</Latest></BlockList>`;
    const r = await t.fetch(`/${DEV}/blobfs/blocks/manual.txt?comp=blocklist`, { method: 'PUT', body: raw, headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 201);
    assert.equal((await blob.downloadToBuffer()).toString(), 'one,threetwo,');
    const committed = await blob.getBlockList('committed');
    assert.deepEqual(committed.committedBlocks?.map((b) => [b.name, b.size]), [[id(1), 4], [id(3), 5], [id(2), 4]]);
    assert.equal(committed.blobContentLength, 13);
    // The second commit carried no content type: back to the default.
    assert.equal((await blob.getProperties()).contentType, 'application/octet-stream');
  });

  it('refuses bad block lists and block ids (InvalidBlockList, InvalidBlobOrBlock, InvalidXmlDocument)', async () => {
    const blob = fs.getBlockBlobClient('blocks/bad.txt');
    await blob.stageBlock(id(1), Buffer.from('x'), 1);
    assert.deepEqual(await failure(blob.commitBlockList([id(1), id(7)])), { status: 400, code: 'InvalidBlockList' });
    assert.deepEqual(await failure(blob.stageBlock(Buffer.from('short').toString('base64'), Buffer.from('y'), 1)), { status: 400, code: 'InvalidBlobOrBlock' });
    const r = await t.fetch(`/${DEV}/blobfs/blocks/bad.txt?comp=blocklist`, { method: 'PUT', body: '<BlockList><Latest>', headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-ms-error-code'), 'InvalidXmlDocument');
    assert.match(await r.text(), /<Error><Code>InvalidXmlDocument<\/Code><Message>/);
    // The staged block survived the refused commits.
    assert.deepEqual((await blob.getBlockList('uncommitted')).uncommittedBlocks?.map((b) => b.name), [id(1)]);
  });

  it('lists blobs flat and by hierarchy: DFS directories show as hdi_isfolder blobs and BlobPrefix entries', async () => {
    const tree = service.getContainerClient('treefs');
    await tree.create();
    assert.equal((await dfs('/treefs/dir1/empty?resource=directory', { method: 'PUT' })).status, 201);
    for (const name of ['dir1/a.txt', 'dir1/sub/b.txt', 'dir1-x', 'top.txt']) await tree.getBlockBlobClient(name).upload(name, name.length);
    const flat = [];
    for await (const b of tree.listBlobsFlat({ includeMetadata: true })) flat.push([b.name, b.metadata?.hdi_isfolder ?? '', b.properties.contentLength]);
    assert.deepEqual(flat, [
      ['dir1', 'true', 0], ['dir1-x', '', 6], ['dir1/a.txt', '', 10], ['dir1/empty', 'true', 0], ['dir1/sub', 'true', 0], ['dir1/sub/b.txt', '', 14], ['top.txt', '', 7],
    ]);
    const paged = [];
    for await (const page of tree.listBlobsFlat().byPage({ maxPageSize: 2 })) paged.push(...page.segment.blobItems.map((b) => b.name));
    assert.deepEqual(paged, flat.map((f) => f[0]));

    // The SDK yields a page's prefixes before its blobs: compare as sets.
    const level = [];
    for await (const e of tree.listBlobsByHierarchy('/')) level.push(e.kind === 'prefix' ? `P:${e.name}` : e.name);
    assert.deepEqual(new Set(level), new Set(['dir1', 'dir1-x', 'P:dir1/', 'top.txt']));
    const inside = [];
    for await (const e of tree.listBlobsByHierarchy('/', { prefix: 'dir1/' })) inside.push(e.kind === 'prefix' ? `P:${e.name}` : e.name);
    assert.deepEqual(new Set(inside), new Set(['dir1/a.txt', 'dir1/empty', 'dir1/sub', 'P:dir1/sub/']));
  });

  it('sets content headers (the ones left out are cleared) and keeps metadata', async () => {
    const blob = fs.getBlockBlobClient('props/p.json');
    await blob.upload('{}', 2, { blobHTTPHeaders: { blobContentType: 'text/plain', blobContentLanguage: 'en' }, metadata: { keep: 'me' } });
    const before = await blob.getProperties();
    const set = await blob.setHTTPHeaders({ blobContentType: 'application/json', blobContentDisposition: 'inline' });
    assert.notEqual(set.etag, before.etag);
    const after = await blob.getProperties();
    assert.equal(after.contentType, 'application/json');
    assert.equal(after.contentDisposition, 'inline');
    assert.equal(after.contentLanguage, undefined);
    assert.deepEqual(after.metadata, { keep: 'me' });
  });

  it('answers errors with the XML body and x-ms-error-code the SDK switches on', async () => {
    assert.deepEqual(await failure(fs.getBlockBlobClient('nope.txt').getBlockList('all')), { status: 404, code: 'BlobNotFound' });
    assert.deepEqual(await failure(service.getContainerClient('nosuchfs').listBlobsFlat().next()), { status: 404, code: 'ContainerNotFound' });
    const blob = fs.getBlockBlobClient('cond/c.txt');
    const put = await blob.upload('v1', 2);
    assert.deepEqual(await failure(blob.upload('v2', 2, { conditions: { ifMatch: '"0x8D0000000000000"' } })), { status: 412, code: 'ConditionNotMet' });
    assert.deepEqual(await failure(blob.upload('v2', 2, { conditions: { ifNoneMatch: '*' } })), { status: 409, code: 'BlobAlreadyExists' });
    await blob.upload('v3', 2, { conditions: { ifMatch: put.etag } });
    assert.equal((await blob.downloadToBuffer()).toString(), 'v3');
    const raw = await t.fetch(`/${DEV}/blobfs/nope.txt?comp=blocklist`, { headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    assert.equal(raw.status, 404);
    assert.equal(raw.headers.get('x-ms-error-code'), 'BlobNotFound');
    assert.match(raw.headers.get('content-type') ?? '', /application\/xml/);
    assert.match(await raw.text(), /<Error><Code>BlobNotFound<\/Code><Message>The specified blob does not exist\.\nRequestId:/);
    assert.deepEqual(await failure(fs.getBlockBlobClient('bad').upload('x', 1, { metadata: { 'not-valid': 'x' } })), { status: 400, code: 'InvalidMetadata' });
    const badMax = await t.fetch(`/${DEV}/blobfs?restype=container&comp=list&maxresults=0`, { headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    assert.equal(badMax.headers.get('x-ms-error-code'), 'OutOfRangeQueryParameterValue');
  });

  it('rejects a body whose Content-MD5 does not match, leaving nothing behind', async () => {
    const blob = fs.getBlockBlobClient('md5/x.bin');
    assert.deepEqual(await failure(blob.upload('hello', 5, { transactionalContentMD5: createHash('md5').update('other').digest() })), { status: 400, code: 'Md5Mismatch' });
    assert.equal(await blob.exists(), false);
    await blob.upload('hello', 5, { transactionalContentMD5: createHash('md5').update('hello').digest() });
    assert.deepEqual(await failure(blob.upload('bye!!', 5, { transactionalContentMD5: createHash('md5').update('hello').digest() })), { status: 400, code: 'Md5Mismatch' });
    assert.equal((await blob.downloadToBuffer()).toString(), 'hello');
  });

  it('Put Block answers a Content-MD5 only when the request sent one, and refuses a block that does not match it', async () => {
    const blob = fs.getBlockBlobClient('md5/blocks.bin');
    const plain = await blob.stageBlock(Buffer.from('b1').toString('base64'), Buffer.from('one'), 3);
    assert.equal(plain.contentMD5, undefined);
    const sum = createHash('md5').update('two').digest();
    const checked = await blob.stageBlock(Buffer.from('b2').toString('base64'), Buffer.from('two'), 3, { transactionalContentMD5: sum });
    assert.equal(Buffer.from(checked.contentMD5!).toString('base64'), sum.toString('base64'));
    assert.deepEqual(await failure(blob.stageBlock(Buffer.from('b3').toString('base64'), Buffer.from('bad'), 3, { transactionalContentMD5: sum })), { status: 400, code: 'Md5Mismatch' });
    await blob.commitBlockList([Buffer.from('b1').toString('base64'), Buffer.from('b2').toString('base64')]);
    assert.equal((await blob.downloadToBuffer()).toString(), 'onetwo');
  });

  it('deletes files and empty directories; a directory with children is DirectoryIsNotEmpty', async () => {
    await fs.getBlockBlobClient('del/sub/f.txt').upload('f', 1);
    assert.deepEqual(await failure(fs.getBlobClient('del/sub').delete()), { status: 409, code: 'DirectoryIsNotEmpty' });
    await fs.getBlobClient('del/sub/f.txt').delete();
    await fs.getBlobClient('del/sub').delete();
    assert.equal(await fs.getBlobClient('del/sub').exists(), false);
    assert.deepEqual(await failure(fs.getBlobClient('del/sub/f.txt').delete()), { status: 404, code: 'BlobNotFound' });
  });

  it('works the same with the connection string (Shared Key): blocks, listing, owner $superuser', async () => {
    const byKey = BlobServiceClient.fromConnectionString(connectionString(t), clientOptions(t));
    const c = byKey.getContainerClient('keyfs');
    await c.create({ metadata: { by: 'key' } });
    const data = randomBytes(3 * MiB);
    await c.getBlockBlobClient('k/data.bin').uploadData(data, { blockSize: MiB, maxSingleShotSize: MiB });
    assert.equal((await c.getBlockBlobClient('k/data.bin').getBlockList('committed')).committedBlocks?.length, 3);
    assert.equal(sha(await c.getBlobClient('k/data.bin').downloadToBuffer()), sha(data));
    const items = [];
    for await (const b of c.listBlobsFlat()) items.push(b.name);
    assert.deepEqual(items, ['k', 'k/data.bin']);
    const listed = [];
    for await (const x of byKey.listContainers({ prefix: 'key', includeMetadata: true })) listed.push([x.name, x.metadata?.by]);
    assert.deepEqual(listed, [['keyfs', 'key']]);
    // Replacing a blob keeps the file: its owner (the Azure AD user who made it) stays.
    const mine = fs.getBlockBlobClient('owned/by-user.txt');
    await mine.upload('user', 4);
    await byKey.getContainerClient('blobfs').getBlockBlobClient('owned/by-user.txt').upload('key!', 4);
    const owner = await t.fetch(`/${DEV}/blobfs/owned/by-user.txt`, { method: 'HEAD', headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    assert.equal(owner.headers.get('x-ms-owner'), t.emu.info().users.find((u) => u.username === ownerUpn(t))!.oid);
    assert.equal((await mine.downloadToBuffer()).toString(), 'key!');
    const raw = await t.fetch(`/${DEV}/keyfs?restype=container&comp=list&include=permissions`, { headers: { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${token}` } });
    const xml = await raw.text();
    assert.match(xml, /<Name>k\/data\.bin<\/Name><Properties>.*<Owner>\$superuser<\/Owner><Group>\$superuser<\/Group><Permissions>rw-r-----<\/Permissions>.*<ResourceType>file<\/ResourceType>/);
  });

  it('enforces ACLs for Azure AD callers: another user is refused where the permissions say so', async () => {
    const other = t.emu.info().users.find((u) => u.username !== ownerUpn(t))!.username;
    const bob = await blobService(t, other);
    await fs.getBlockBlobClient('private/secret.txt').upload('s', 1);
    // rw-r----- under rwxr-x---: no access for others.
    assert.deepEqual(await failure(bob.getContainerClient('blobfs').getBlockBlobClient('private/secret.txt').getBlockList('all')), { status: 403, code: 'AuthorizationPermissionMismatch' });
    assert.deepEqual(await failure(bob.getContainerClient('blobfs').getBlockBlobClient('private/new.txt').upload('n', 1)), { status: 403, code: 'AuthorizationPermissionMismatch' });
    assert.deepEqual(await failure(bob.getContainerClient('blobfs').listBlobsFlat({ prefix: 'private/' }).next()), { status: 403, code: 'AuthorizationPermissionMismatch' });
  });
});
