import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, startDataLake, type DataLakeTest } from './datalake-support.js';

const W = '/webhdfs/v1';
let d: DataLakeTest;
before(async () => { d = await startDataLake(); });
after(async () => { await d.stop(); });

const put = (p: string, body?: string) => d.call('PUT', p, { body });
const exc = (r: { json: any }) => r.json?.RemoteException?.exception;

describe('files: CREATE, APPEND, OPEN, GETFILESTATUS', () => {
  test('CREATE with parents, 201 empty, no content type; FileStatus keys in recorded order', async () => {
    const r = await put(`${W}/ops/nested1/nested2/a.txt?op=CREATE&write=true&overwrite=false`, 'hello');
    assert.equal(r.status, 201);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('content-type'), null);
    assert.match(r.headers.get('location') ?? '', /op=CREATE/);
    const s = await d.call('GET', `${W}/ops/nested1/nested2/a.txt?op=GETFILESTATUS`);
    assert.equal(s.status, 200);
    assert.match(s.headers.get('content-type')!, /^application\/json/);
    assert.deepEqual(Object.keys(s.json.FileStatus), ['length', 'pathSuffix', 'type', 'blockSize', 'accessTime', 'modificationTime',
      'replication', 'permission', 'owner', 'group', 'msExpirationTime', 'aclBit']);
    assert.equal(s.json.FileStatus.length, 5);
    assert.equal(s.json.FileStatus.permission, '770');
    assert.equal(s.json.FileStatus.owner, ALICE.oid);
    const dir = await d.call('GET', `${W}/ops/nested1?op=GETFILESTATUS`);
    assert.equal(dir.json.FileStatus.type, 'DIRECTORY');
    assert.equal(dir.json.FileStatus.msExpirationTime, undefined);
    assert.equal(dir.json.FileStatus.blockSize, 0);
  });

  test('CREATE over an existing file: 403 FileAlreadyExists without overwrite, truncates with overwrite', async () => {
    await put(`${W}/ops/c.txt?op=CREATE&write=true`, 'one');
    const r = await put(`${W}/ops/c.txt?op=CREATE&write=true&overwrite=false`, 'two');
    assert.equal(r.status, 403);
    assert.equal(exc(r), 'FileAlreadyExistsException');
    assert.equal((await put(`${W}/ops/c.txt?op=CREATE&write=true&overwrite=True`)).status, 201);
    assert.equal((await d.call('GET', `${W}/ops/c.txt?op=GETFILESTATUS`)).json.FileStatus.length, 0);
    const onDir = await put(`${W}/ops?op=CREATE&write=true&overwrite=true`);
    assert.equal(onDir.status, 403);
    const noParent = await put(`${W}/ops/missing/x?op=CREATE&write=true&CreateParent=false`);
    assert.equal(noParent.status, 404);
  });

  test('APPEND: offsets checked, zero-length probe, BadOffset body, legacy append without offset', async () => {
    const f = `${W}/ops/app.bin`;
    await put(`${W}//ops/app.bin?op=CREATE&write=true&overwrite=true&syncFlag=DATA&leaseid=L1&filesessionid=L1`);
    assert.equal((await d.call('POST', `${W}//ops/app.bin?OP=APPEND&syncFlag=DATA&offset=0&append=true&leaseid=L1`, { body: 'abc' })).status, 200);
    const bad = await d.call('POST', `${f}?OP=APPEND&offset=0&append=true&syncFlag=DATA&leaseid=L1`, { body: 'abc' });
    assert.equal(bad.status, 400);
    assert.equal(exc(bad), 'BadOffsetException');
    assert.equal(bad.json.RemoteException.javaClassName, 'org.apache.hadoop.fs.adl.BadOffsetException');
    assert.match(bad.json.RemoteException.message, /^APPEND failed with error 0x83090015 \(Bad request\. Invalid offset\.\)\. \[[0-9a-f-]{36}\]\[\d{4}-\d\d-\d\dT[\d:]+\.\d{7}[+-]\d\d:\d\d\]$/);
    assert.equal(bad.headers.get('status'), '0x83090015');
    assert.equal((await d.call('POST', `${f}?op=APPEND&offset=3&append=true&syncFlag=DATA&leaseid=L1`, { body: '' })).status, 200); // probe
    assert.equal((await d.call('POST', `${f}?op=APPEND&offset=4&append=true&leaseid=L1`, { body: '' })).status, 400);
    const other = await d.call('POST', `${f}?op=APPEND&offset=3&append=true&leaseid=L2`, { body: 'x' });
    assert.equal(other.status, 400, 'a second writer is refused while the lease is held');
    assert.equal((await d.call('POST', `${f}?op=APPEND&offset=3&append=true&syncFlag=CLOSE&leaseid=L1`, { body: 'de' })).status, 200);
    assert.equal((await d.call('POST', `${f}?op=APPEND&append=true&leaseid=L3&syncFlag=CLOSE`, { body: 'f' })).status, 200, 'new lease after CLOSE');
    assert.equal((await d.call('GET', `${f}?op=OPEN&read=true`)).text, 'abcdef');
    assert.equal((await d.call('POST', `${W}/ops/none.bin?op=APPEND&append=true`, { body: 'x' })).status, 404);
    assert.equal((await d.call('POST', `${W}/ops?op=APPEND&append=true`, { body: 'x' })).status, 400);
  });

  test('OPEN with offset and length; at end → empty; past end → 400 BadOffset; chunked octet-stream', async () => {
    await put(`${W}/ops/o.txt?op=CREATE&write=true&overwrite=true`, '0123456789');
    const r = await d.call('GET', `${W}/ops/o.txt?op=OPEN&read=true&offset=3&length=4`);
    assert.equal(r.text, '3456');
    assert.equal(r.headers.get('content-type'), 'application/octet-stream');
    assert.equal(r.headers.get('transfer-encoding'), 'chunked');
    assert.equal((await d.call('GET', `${W}/ops/o.txt?op=OPEN&read=true&offset=8&length=100`)).text, '89');
    const end = await d.call('GET', `${W}/ops/o.txt?op=OPEN&read=true&offset=10`);
    assert.equal(end.status, 200);
    assert.equal(end.text, '');
    const past = await d.call('GET', `${W}/ops/o.txt?op=OPEN&read=true&offset=11`);
    assert.equal(past.status, 400);
    assert.equal(exc(past), 'BadOffsetException');
    assert.equal((await d.call('GET', `${W}/ops/o.txt?op=OPEN&read=true&offset=-1`)).status, 400);
    assert.equal((await d.call('GET', `${W}/ops/nothere?op=OPEN&read=true`)).status, 404);
  });

  test('CONCURRENTAPPEND under /WebHdfsExt with autocreate, chunked body', async () => {
    const p = '/WebHdfsExt/ops/ca/log.txt?op=CONCURRENTAPPEND&appendMode=autocreate&syncFlag=DATA';
    const stream = () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('ab')); c.close(); } });
    assert.equal((await d.call('POST', p, { body: stream() })).status, 200);
    assert.equal((await d.call('POST', p.replace('WebHdfsExt', 'webhdfsext'), { body: 'cd' })).status, 200);
    assert.equal((await d.call('GET', `${W}/ops/ca/log.txt?op=OPEN&read=true`)).text, 'abcd');
    const wrongNs = await d.call('POST', `${W}/ops/ca/log.txt?op=CONCURRENTAPPEND`, { body: 'x' });
    assert.equal(wrongNs.status, 400);
  });
});

describe('directories: MKDIRS, LISTSTATUS, DELETE, RENAME, GETCONTENTSUMMARY', () => {
  test('MKDIRS -p, idempotent, over a file → 403', async () => {
    const r = await put(`${W}/dirs/a/b/c?op=MKDIRS&permission=750`);
    assert.deepEqual(r.json, { boolean: true });
    assert.equal((await d.call('GET', `${W}/dirs/a/b/c?op=GETFILESTATUS`)).json.FileStatus.permission, '750');
    assert.deepEqual((await put(`${W}/dirs/a/b/c?op=MKDIRS`)).json, { boolean: true });
    await put(`${W}/dirs/f?op=CREATE&write=true`, 'x');
    assert.equal((await put(`${W}/dirs/f?op=MKDIRS`)).status, 403);
    assert.equal((await put(`${W}/dirs/f/sub?op=MKDIRS`)).status, 403);
  });

  test('LISTSTATUS paging follows the recorded continuationToken rule', async () => {
    for (const c of 'abcdefghij') await put(`${W}/list/123${c}.txt?op=CREATE&write=true`, c);
    const names = (r: any) => r.json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix);
    let r = await d.call('GET', `${W}/list?op=LISTSTATUS&listSize=2`);
    assert.deepEqual(Object.keys(r.json.FileStatuses), ['continuationToken', 'FileStatus']);
    assert.deepEqual(names(r), ['123a.txt', '123b.txt']);
    assert.equal(r.json.FileStatuses.continuationToken, '123b.txt');
    r = await d.call('GET', `${W}/list?op=LISTSTATUS&listSize=2&listAfter=123h.txt`);
    assert.deepEqual(names(r), ['123i.txt', '123j.txt']);
    assert.equal(r.json.FileStatuses.continuationToken, '123j.txt');
    r = await d.call('GET', `${W}/list?op=LISTSTATUS&listSize=2&listAfter=123j.txt`);
    assert.deepEqual(r.json, { FileStatuses: { continuationToken: '', FileStatus: [] } });
    r = await d.call('GET', `${W}/list?op=LISTSTATUS&listSize=9&listAfter=123i.txt`);
    assert.deepEqual(names(r), ['123j.txt']);
    assert.equal(r.json.FileStatuses.continuationToken, '');
    r = await d.call('GET', `${W}/list?op=LISTSTATUS&listSize=11`);
    assert.equal(names(r).length, 10);
    assert.equal(r.json.FileStatuses.continuationToken, '');
    r = await d.call('GET', `${W}/list?op=MSLISTSTATUS&listAfter=123c&listBefore=123f.txt`);
    assert.deepEqual(names(r), ['123c.txt', '123d.txt', '123e.txt']);
    r = await d.call('GET', `${W}/list/123a.txt?op=LISTSTATUS&listSize=4000`);
    assert.deepEqual(names(r), ['']);
    assert.equal((await d.call('GET', `${W}/list/none?op=LISTSTATUS`)).status, 404);
    r = await d.call('GET', `${W}/list?op=LISTSTATUS&tooId=False&listSize=1`);
    assert.equal(r.json.FileStatuses.FileStatus[0].owner, ALICE.upn);
  });

  test('DELETE: file, missing → false, non-empty dir needs recursive, root → false', async () => {
    await put(`${W}/del/sub/f.txt?op=CREATE&write=true`, 'x');
    assert.deepEqual((await d.call('DELETE', `${W}/del/none?op=DELETE`)).json, { boolean: false });
    const ne = await d.call('DELETE', `${W}/del?op=DELETE&recursive=False`);
    assert.equal(ne.status, 403);
    assert.equal(exc(ne), 'PathIsNotEmptyDirectoryException');
    assert.deepEqual((await d.call('DELETE', `${W}/del?op=DELETE&recursive=True`)).json, { boolean: true });
    assert.equal((await d.call('GET', `${W}/del/sub/f.txt?op=GETFILESTATUS`)).status, 404);
    assert.deepEqual((await d.call('DELETE', `${W}/?op=DELETE&recursive=true`)).json, { boolean: false });
  });

  test('RENAME: relative destination, into a directory, overwrite rules, missing source', async () => {
    await put(`${W}/ren/a.txt?op=CREATE&write=true`, 'A');
    await put(`${W}/ren/b.txt?op=CREATE&write=true`, 'B');
    await put(`${W}/ren/d?op=MKDIRS`);
    const ok = (r: any) => r.json.boolean;
    assert.equal(ok(await put(`${W}/ren/a.txt?op=RENAME&destination=ren%2Fa2.txt`)), true);
    assert.equal(ok(await put(`${W}/ren/a2.txt?op=RENAME&destination=/ren/b.txt`)), false);
    assert.equal(ok(await put(`${W}/ren/a2.txt?op=RENAME&destination=/ren/b.txt&renameoptions=OVERWRITE`)), true);
    assert.equal((await d.call('GET', `${W}/ren/b.txt?op=OPEN&read=true`)).text, 'A');
    assert.equal(ok(await put(`${W}/ren/b.txt?op=RENAME&destination=/ren/d`)), true);
    assert.equal((await d.call('GET', `${W}/ren/d/b.txt?op=GETFILESTATUS`)).status, 200);
    assert.equal(ok(await put(`${W}/ren/none?op=RENAME&destination=/ren/x`)), false);
    assert.equal(ok(await put(`${W}/ren/d?op=RENAME&destination=/ren/d`)), false);
    assert.equal(ok(await put(`${W}/ren/d?op=RENAME&destination=/ren/d/inside`)), false);
    assert.equal(ok(await put(`${W}/ren/d/b.txt?op=RENAME&destination=/ren/d/b.txt`)), true);
    assert.equal(ok(await put(`${W}/ren/d?op=RENAME&destination=/ren/nodir/x`)), false);
  });

  test('GETCONTENTSUMMARY counts the directory itself', async () => {
    await put(`${W}/sum/a?op=CREATE&write=true`, '12345');
    await put(`${W}/sum/b?op=CREATE&write=true`, '123');
    const r = await d.call('GET', `${W}/sum?op=GETCONTENTSUMMARY`);
    assert.deepEqual(r.json, { ContentSummary: { directoryCount: 1, fileCount: 2, length: 8, quota: -1, spaceConsumed: 8, spaceQuota: -1 } });
    const f = await d.call('GET', `${W}/sum/a?op=GETCONTENTSUMMARY`);
    assert.equal(f.json.ContentSummary.fileCount, 1);
    assert.equal(f.json.ContentSummary.directoryCount, 0);
  });
});

describe('concatenation', () => {
  test('MSCONCAT (JSON body) creates the destination, joins in order, deleteSourceDirectory removes the folder', async () => {
    const seg = `${W}/cat/up.bin.segments.abc`;
    await put(`${seg}/up.bin_0?op=CREATE&write=true`, 'hello');
    await put(`${seg}/up.bin_5?op=CREATE&write=true`, ' world');
    const r = await d.call('POST', `${W}/cat/up.bin?op=MSCONCAT&deleteSourceDirectory=true`, {
      body: JSON.stringify({ sources: ['/cat/up.bin.segments.abc/up.bin_0', 'cat/up.bin.segments.abc/up.bin_5'] }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal((await d.call('GET', `${W}/cat/up.bin?op=OPEN&read=true`)).text, 'hello world');
    assert.equal((await d.call('GET', `${seg}?op=GETFILESTATUS`)).status, 404);
  });

  test('legacy sources= body appends to an existing destination; CONCAT takes query sources', async () => {
    await put(`${W}/cat2/dst?op=CREATE&write=true`, 'A');
    await put(`${W}/cat2/s+1?op=CREATE&write=true`, 'B');
    await put(`${W}/cat2/s2?op=CREATE&write=true`, 'C');
    assert.equal((await d.call('POST', `${W}/cat2/dst?op=MSCONCAT`, { body: 'sources=/cat2/s%2B1,/cat2/s2' })).status, 200);
    assert.equal((await d.call('GET', `${W}/cat2/dst?op=OPEN&read=true`)).text, 'ABC');
    assert.equal((await d.call('GET', `${W}/cat2/s2?op=GETFILESTATUS`)).status, 404);
    await put(`${W}/cat2/t1?op=CREATE&write=true`, 'D');
    await put(`${W}/cat2/t2?op=CREATE&write=true`, 'E');
    assert.equal((await d.call('POST', `${W}/cat2/dst?op=CONCAT&sources=/cat2/t1,/cat2/t2`)).status, 200);
    assert.equal((await d.call('GET', `${W}/cat2/dst?op=OPEN&read=true`)).text, 'ABCDE');
  });

  test('MSCONCAT errors leave everything unchanged', async () => {
    await put(`${W}/cat3/a?op=CREATE&write=true`, 'a');
    const missing = await d.call('POST', `${W}/cat3/out?op=MSCONCAT`, { body: JSON.stringify({ sources: ['/cat3/a', '/cat3/nope'] }) });
    assert.equal(missing.status, 404);
    const dup = await d.call('POST', `${W}/cat3/out?op=MSCONCAT`, { body: JSON.stringify({ sources: ['/cat3/a', '/cat3/a'] }) });
    assert.equal(dup.status, 400);
    const self = await d.call('POST', `${W}/cat3/a?op=MSCONCAT`, { body: JSON.stringify({ sources: ['/cat3/a'] }) });
    assert.equal(self.status, 400);
    assert.equal((await d.call('POST', `${W}/cat3/out?op=MSCONCAT`, { body: '{bad json' })).status, 400);
    assert.equal((await d.call('POST', `${W}/cat3/out?op=MSCONCAT`, { body: JSON.stringify({ sources: [] }) })).status, 400);
    assert.equal((await d.call('POST', `${W}/cat3?op=MSCONCAT`, { body: JSON.stringify({ sources: ['/cat3/a'] }) })).status, 400);
    assert.equal((await d.call('GET', `${W}/cat3/a?op=OPEN&read=true`)).text, 'a');
    assert.equal((await d.call('GET', `${W}/cat3/out?op=GETFILESTATUS`)).status, 404);
  });
});

describe('protection: SETPERMISSION, SETOWNER, ACLs, CHECKACCESS, SETEXPIRY, SETTIMES', () => {
  test('SETPERMISSION stores 3 digits; sticky shows 4; invalid → 400', async () => {
    await put(`${W}/prot/f?op=CREATE&write=true`, 'x');
    assert.equal((await put(`${W}/prot/f?op=SETPERMISSION&permission=0550`)).status, 200);
    assert.equal((await d.call('GET', `${W}/prot/f?op=GETFILESTATUS`)).json.FileStatus.permission, '550');
    const denied = await d.call('POST', `${W}/prot/f?op=APPEND&append=true`, { body: 'y', token: d.alice });
    assert.equal(denied.status, 200, 'alice is the super-user of the default account');
    await put(`${W}/prot/d?op=MKDIRS`);
    assert.equal((await put(`${W}/prot/d?op=SETPERMISSION&permission=1770`)).status, 200);
    assert.equal((await d.call('GET', `${W}/prot/d?op=GETFILESTATUS`)).json.FileStatus.permission, '1770');
    for (const bad of ['77777', 'rwx', '8', '']) {
      const r = await put(`${W}/prot/f?op=SETPERMISSION&permission=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(exc(r), 'IllegalArgumentException');
    }
  });

  test('ACL ops follow the recorded sequence; MSGETACLSTATUS and GETACLSTATUS agree', async () => {
    const f = `${W}/prot/acl.txt`;
    await put(`${f}?op=CREATE&write=true`);
    const acl = async () => (await d.call('GET', `${f}?op=MSGETACLSTATUS`)).json.AclStatus;
    assert.deepEqual((await acl()).entries, ['user::rwx', 'group::rwx', 'other::---']);
    const X = BOB.oid;
    assert.equal((await put(`${f}?op=SETACL&aclSpec=${encodeURIComponent(`user::rwx,group::rwx,other::---,user:${X}:rwx`)}`)).status, 200);
    assert.deepEqual((await acl()).entries, ['user::rwx', `user:${X}:rwx`, 'group::rwx', 'mask::rwx', 'other::---']);
    assert.equal((await d.call('GET', `${f}?op=GETFILESTATUS`)).json.FileStatus.aclBit, true);
    await put(`${f}?op=MODIFYACLENTRIES&aclspec=user:${X}:-w-`);
    assert.deepEqual((await acl()).entries, ['user::rwx', `user:${X}:-w-`, 'group::rwx', 'mask::rwx', 'other::---']);
    await put(`${f}?op=REMOVEACLENTRIES&aclspec=user:${X}`);
    assert.deepEqual((await acl()).entries, ['user::rwx', 'group::rwx', 'mask::rwx', 'other::---']);
    await put(`${f}?op=REMOVEDEFAULTACL`);
    await put(`${f}?op=REMOVEACL`);
    const s = await acl();
    assert.deepEqual(s, { entries: ['user::rwx', 'group::rwx', 'other::---'], owner: ALICE.oid, group: '00000000-0000-0000-0000-000000000000', permission: '770', stickyBit: false });
    assert.deepEqual((await d.call('GET', `${f}?op=GETACLSTATUS`)).json.AclStatus, s);
    assert.equal((await d.call('GET', `${f}?op=GETFILESTATUS`)).json.FileStatus.aclBit, false);
  });

  test('default ACL on a directory is inherited by new children; UPN qualifiers map to object ids', async () => {
    await put(`${W}/prot/shared?op=MKDIRS`);
    const spec = encodeURIComponent(`default:user:${BOB.upn}:r-x`);
    assert.equal((await put(`${W}/prot/shared?op=MODIFYACLENTRIES&aclSpec=${spec}`)).status, 200);
    await put(`${W}/prot/shared/child.txt?op=CREATE&write=true`, 'hi');
    const child = (await d.call('GET', `${W}/prot/shared/child.txt?op=MSGETACLSTATUS`)).json.AclStatus;
    assert.ok(child.entries.includes(`user:${BOB.oid}:r-x`), JSON.stringify(child));
    assert.ok(!child.entries.some((e: string) => e.startsWith('default:')));
    await put(`${W}/prot/shared/sub?op=MKDIRS`);
    const sub = (await d.call('GET', `${W}/prot/shared/sub?op=MSGETACLSTATUS`)).json.AclStatus;
    assert.ok(sub.entries.includes(`default:user:${BOB.oid}:r-x`));
    const onFile = await put(`${W}/prot/shared/child.txt?op=MODIFYACLENTRIES&aclSpec=default:user:${BOB.oid}:r-x`);
    assert.equal(onFile.status, 400);
  });

  test('SETOWNER by the super-user; tooId=false shows UPNs', async () => {
    await put(`${W}/prot/own.txt?op=CREATE&write=true`);
    assert.equal((await put(`${W}/prot/own.txt?op=SETOWNER&owner=${BOB.oid}&group=${BOB.oid}`)).status, 200);
    const s = await d.call('GET', `${W}/prot/own.txt?op=GETFILESTATUS&tooid=false`);
    assert.equal(s.json.FileStatus.owner, BOB.upn);
    assert.equal(s.json.FileStatus.group, BOB.upn);
    assert.equal((await put(`${W}/prot/own.txt?op=SETOWNER`)).status, 400);
  });

  test('principals are object ids or UPNs: a UPN becomes its object id, a bare name matching no one is refused', async () => {
    await put(`${W}/prot/names.txt?op=CREATE&write=true`);
    assert.equal((await put(`${W}/prot/names.txt?op=MODIFYACLENTRIES&aclspec=user:${encodeURIComponent(BOB.upn)}:r--`)).status, 200);
    assert.ok((await d.call('GET', `${W}/prot/names.txt?op=MSGETACLSTATUS`)).json.AclStatus.entries.includes(`user:${BOB.oid}:r--`));
    for (const bad of [`op=MODIFYACLENTRIES&aclspec=user:bob:rwx`, `op=SETOWNER&owner=bob`, `op=SETOWNER&group=nobody%40example.com`,
      `op=SETACL&aclspec=user::rwx,group::rwx,other::---,user:bob:r--`]) {
      const r = await put(`${W}/prot/names.txt?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.json.RemoteException.exception, 'IllegalArgumentException', bad);
      assert.match(r.json.RemoteException.message, /neither an object id nor the user principal name/, bad);
    }
    const acl = (await d.call('GET', `${W}/prot/names.txt?op=MSGETACLSTATUS`)).json.AclStatus;
    assert.ok(!acl.entries.some((e: string) => e.includes('bob:')), 'no principal "bob" left behind');
    assert.equal(acl.owner, ALICE.oid);
  });

  test('CHECKACCESS: 200 when held, 403 otherwise, 404 missing, 400 malformed', async () => {
    await put(`${W}/prot/ca.txt?op=CREATE&write=true&permission=640`);
    assert.equal((await d.call('GET', `${W}/prot/ca.txt?op=CHECKACCESS&fsaction=rw-`)).status, 200);
    const bobR = await d.call('GET', `${W}/prot/ca.txt?op=CHECKACCESS&fsaction=r--`, { token: d.bob });
    assert.equal(bobR.status, 403);
    assert.equal((await d.call('GET', `${W}/prot/none?op=CHECKACCESS&fsaction=r--`)).status, 404);
    assert.equal((await d.call('GET', `${W}/prot/ca.txt?op=CHECKACCESS&fsaction=rwz`)).status, 400);
  });

  test('SETEXPIRY: options, files only, expired files disappear', async () => {
    let now = Date.now();
    const e = await startDataLake({ now: () => now });
    try {
      await e.call('PUT', `${W}/x/f?op=CREATE&write=true`, { body: 'x' });
      assert.equal((await e.call('PUT', `/webhdfsext/x/f?op=SETEXPIRY&expiryOption=Absolute&expireTime=${now + 60_000}`)).status, 200);
      const r = await e.call('GET', `${W}/x/f?op=GETFILESTATUS`);
      assert.equal(r.json.FileStatus.msExpirationTime, now + 60_000);
      assert.equal((await e.call('PUT', `/webhdfsext/x?op=SETEXPIRY&expiryOption=NeverExpire`)).status, 400);
      assert.equal((await e.call('PUT', `/webhdfsext/x/f?op=SETEXPIRY&expiryOption=Sometime&expireTime=1`)).status, 400);
      assert.equal((await e.call('PUT', `/webhdfsext/x/f?op=SETEXPIRY&expiryOption=relativetonow`)).status, 400);
      const ext = await e.call('PUT', `/webhdfsext/x/f?op=SETEXPIRY&expiryOption=RelativeToNow&expireTime=1000`);
      assert.equal(ext.headers.get('x-ms-webhdfs-version'), null);
      now += 1001;
      assert.equal((await e.call('GET', `${W}/x/f?op=GETFILESTATUS`)).status, 404);
      assert.deepEqual((await e.call('GET', `${W}/x?op=LISTSTATUS`)).json.FileStatuses.FileStatus, []);
      await e.call('PUT', `${W}/x/g?op=CREATE&write=true`, { body: 'x' });
      await e.call('PUT', `/webhdfsext/x/g?op=SETEXPIRY&expiryOption=RelativeToNow&expireTime=5000`);
      await e.call('PUT', `/webhdfsext/x/g?op=SETEXPIRY&expiryOption=NeverExpire`);
      now += 10_000;
      assert.equal((await e.call('GET', `${W}/x/g?op=GETFILESTATUS`)).json.FileStatus.msExpirationTime, 0);
    } finally {
      await e.stop();
    }
  });

  test('SETTIMES changes times; -1 keeps them', async () => {
    await put(`${W}/prot/t.txt?op=CREATE&write=true`);
    assert.equal((await put(`${W}/prot/t.txt?op=SETTIMES&modificationtime=1000&accesstime=-1`)).status, 200);
    const s = (await d.call('GET', `${W}/prot/t.txt?op=GETFILESTATUS`)).json.FileStatus;
    assert.equal(s.modificationTime, 1000);
    assert.ok(s.accessTime > 1000);
  });
});

// 620 files made through the store itself: as many CREATEs over HTTPS take seconds on a busy machine.
describe('large listing pages', () => {
  test('a LISTSTATUS page longer than two store slices (250 entries each) is whole, in order, with the right token', async () => {
    const all = Array.from({ length: 620 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    const core = d.t.emu.core;
    const alice = { oid: core.directory.userByUpn(ALICE.upn)!.oid, groups: [], superUser: false };
    for (const n of all) await core.store.createFile(core.defaultAccount.name, ['big', n], alice, { overwrite: false, createParent: true });
    const names = (r: any) => r.json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix);
    let r = await d.call('GET', `${W}/big?op=LISTSTATUS&listSize=520`);
    assert.deepEqual(names(r), all.slice(0, 520));
    assert.equal(r.json.FileStatuses.continuationToken, 'f0519');
    assert.deepEqual(Object.keys(r.json.FileStatuses.FileStatus[510]), Object.keys(r.json.FileStatuses.FileStatus[0]));
    r = await d.call('GET', `${W}/big?op=LISTSTATUS&listSize=520&listAfter=f0519`);
    assert.deepEqual(names(r), all.slice(520));
    assert.equal(r.json.FileStatuses.continuationToken, '');
    r = await d.call('GET', `${W}/big?op=LISTSTATUS`);
    assert.deepEqual(names(r), all, 'no listSize: the whole folder');
    r = await d.call('GET', `${W}/big?op=MSLISTSTATUS&listAfter=f0010&listBefore=f0601`);
    assert.deepEqual(names(r), all.slice(11, 601));
  });
});
