// Data-plane writes: delete/write rights of MSCONCAT and CREATE overwrite, stalled uploads, concat against racing appends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { BOB, HOST, startDataLake, type DataLakeTest } from './datalake-support.js';

const W = '/webhdfs/v1';
const exc = (r: { json: any }) => r.json?.RemoteException?.exception;

describe('MSCONCAT deleteSourceDirectory and CREATE overwrite need delete/write rights', () => {
  let d: DataLakeTest;
  before(async () => { d = await startDataLake(); });
  after(async () => { await d.stop(); });

  test('bob cannot wipe alice\'s directory by concatenating his own file out of it with deleteSourceDirectory', async () => {
    // /proj: alice's, rwx for everybody, at the sticky root (bob may not delete it).
    assert.equal((await d.call('PUT', `${W}/proj?op=MKDIRS`)).status, 200);
    assert.equal((await d.call('PUT', `${W}/proj?op=SETPERMISSION&permission=777`)).status, 200);
    assert.equal((await d.call('PUT', `${W}/proj/alice.txt?op=CREATE&write=true`, { body: 'alice data' })).status, 201);
    assert.equal((await d.call('PUT', `${W}/proj/b1?op=CREATE&write=true&permission=777`, { token: d.bob, body: 'bob' })).status, 201);
    const r = await d.call('POST', `${W}/bobout.txt?op=MSCONCAT&deleteSourceDirectory=true`,
      { token: d.bob, body: JSON.stringify({ sources: ['/proj/b1'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 403);
    assert.equal(exc(r), 'AccessControlException');
    // all or nothing: alice's file, bob's source and the missing destination are as before
    assert.equal((await d.call('GET', `${W}/proj/alice.txt?op=OPEN&read=true`)).text, 'alice data');
    assert.equal((await d.call('GET', `${W}/proj/b1?op=OPEN&read=true`, { token: d.bob })).text, 'bob');
    assert.equal((await d.call('GET', `${W}/bobout.txt?op=GETFILESTATUS`, { token: d.bob })).status, 404);
    // without the directory deletion the same concat is fine
    const ok = await d.call('POST', `${W}/bobout.txt?op=MSCONCAT`,
      { token: d.bob, body: JSON.stringify({ sources: ['/proj/b1'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(ok.status, 200);
    assert.equal((await d.call('GET', `${W}/proj/alice.txt?op=OPEN&read=true`)).text, 'alice data');
  });

  test('deleteSourceDirectory (and recursive DELETE) over a sticky directory: other users\' files block it', async () => {
    // bob's own /bobarea (777) holds alice's sticky 1777 directory with alice's file: removing /bobarea would
    // unlink a file bob may not remove (POSIX rm -r; the sticky rule applies at every level).
    await d.call('PUT', `${W}/bobarea?op=MKDIRS`, { token: d.bob });
    await d.call('PUT', `${W}/bobarea?op=SETPERMISSION&permission=777`, { token: d.bob });
    assert.equal((await d.call('PUT', `${W}/bobarea/pub?op=MKDIRS`)).status, 200);
    assert.equal((await d.call('PUT', `${W}/bobarea/pub?op=SETPERMISSION&permission=1777`)).status, 200);
    assert.equal((await d.call('PUT', `${W}/bobarea/pub/alice.txt?op=CREATE&write=true`, { body: 'keep' })).status, 201);
    await d.call('PUT', `${W}/bobarea/c2?op=CREATE&write=true`, { token: d.bob, body: 'c2' });
    const r = await d.call('POST', `${W}/bobjoined?op=MSCONCAT&deleteSourceDirectory=true`,
      { token: d.bob, body: JSON.stringify({ sources: ['/bobarea/c2'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 403);
    assert.equal((await d.call('GET', `${W}/bobarea/pub/alice.txt?op=OPEN&read=true`)).text, 'keep');
    // a plain recursive DELETE is refused the same way
    assert.equal((await d.call('DELETE', `${W}/bobarea?op=DELETE&recursive=true`, { token: d.bob })).status, 403);
    assert.equal((await d.call('GET', `${W}/bobarea/pub/alice.txt?op=OPEN&read=true`)).text, 'keep');
  });

  test('deleteSourceDirectory still removes the caller\'s own temp directory (the uploader\'s case)', async () => {
    await d.call('PUT', `${W}/bobup/seg/p0?op=CREATE&write=true`, { token: d.bob, body: 'hello' });
    await d.call('PUT', `${W}/bobup/seg/p1?op=CREATE&write=true`, { token: d.bob, body: ' world' });
    const r = await d.call('POST', `${W}/bobup/out.bin?op=MSCONCAT&deleteSourceDirectory=true`,
      { token: d.bob, body: JSON.stringify({ sources: ['/bobup/seg/p0', '/bobup/seg/p1'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200);
    assert.equal((await d.call('GET', `${W}/bobup/out.bin?op=OPEN&read=true`, { token: d.bob })).text, 'hello world');
    assert.equal((await d.call('GET', `${W}/bobup/seg?op=GETFILESTATUS`, { token: d.bob })).status, 404);
  });

  test('CREATE overwrite=true needs w on the existing file (HDFS startFile)', async () => {
    await d.call('PUT', `${W}/shared?op=MKDIRS`);
    await d.call('PUT', `${W}/shared?op=SETPERMISSION&permission=777`);
    assert.equal((await d.call('PUT', `${W}/shared/readonly.txt?op=CREATE&write=true&permission=744`, { body: 'original' })).status, 201);
    await d.call('PUT', `${W}/shared/readonly.txt?op=MODIFYACLENTRIES&aclspec=user:${BOB.oid}:r--`);
    const r = await d.call('PUT', `${W}/shared/readonly.txt?op=CREATE&write=true&overwrite=true`, { token: d.bob, body: 'clobbered' });
    assert.equal(r.status, 403);
    assert.equal((await d.call('GET', `${W}/shared/readonly.txt?op=OPEN&read=true`)).text, 'original');
    // with w on the file, the overwrite goes through
    await d.call('PUT', `${W}/shared/readonly.txt?op=MODIFYACLENTRIES&aclspec=user:${BOB.oid}:rw-`);
    assert.equal((await d.call('PUT', `${W}/shared/readonly.txt?op=CREATE&write=true&overwrite=true`, { token: d.bob, body: 'new' })).status, 201);
    assert.equal((await d.call('GET', `${W}/shared/readonly.txt?op=OPEN&read=true`)).text, 'new');
  });
});

describe('a stalled upload does not hold the file', () => {
  let d: DataLakeTest;
  // The waiting APPEND's own socket idles while it waits for the lock, and is cut itself once idle for the
  // timeout: it reaches the server 1 s after the stalled one, so it has 1 s to finish after the stall is cut.
  before(async () => { d = await startDataLake({ socketIdleTimeout: 3000 }); });
  after(async () => { await d.stop(); });

  test('an APPEND whose body stops arriving is cut at the idle timeout; the next APPEND proceeds, nothing is corrupted', { timeout: 20_000 }, async () => {
    assert.equal((await d.call('PUT', `${W}/stall.txt?op=CREATE&write=true`, { body: 'abc' })).status, 201);
    // Declares 100 bytes, sends 2, then goes quiet while holding the connection (and the file's append lock).
    const stalled = request({
      host: '127.0.0.1', port: d.t.emu.port, servername: HOST, method: 'POST', path: `${W}/stall.txt?op=APPEND&append=true&offset=3`,
      ca: d.t.emu.core.ca.caCertPem, headers: { host: `${HOST}:${d.t.emu.port}`, authorization: `Bearer ${d.alice}`, 'content-length': 100 },
    });
    const closed = new Promise<void>((resolve) => { stalled.on('error', () => resolve()); stalled.on('close', () => resolve()); });
    stalled.write('xx');
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    const r = await d.call('POST', `${W}/stall.txt?op=APPEND&append=true&offset=3`, { body: 'def' });
    assert.equal(r.status, 200);
    assert.ok(Date.now() - started < 10_000);
    await closed;
    assert.equal((await d.call('GET', `${W}/stall.txt?op=OPEN&read=true`)).text, 'abcdef');
  });
});

describe('CONCAT against appends to a source replaced while it waited', () => {
  let d: DataLakeTest;
  before(async () => { d = await startDataLake(); });
  after(async () => { await d.stop(); });

  /** An APPEND whose body is sent in two parts, the second when the test says so. */
  function slowAppend(path: string, first: string, rest: string): { finish(): Promise<number> } {
    const req = request({
      host: '127.0.0.1', port: d.t.emu.port, servername: HOST, method: 'POST', path: `${W}${path}?op=APPEND&append=true`,
      ca: d.t.emu.core.ca.caCertPem,
      headers: { host: `${HOST}:${d.t.emu.port}`, authorization: `Bearer ${d.alice}`, 'content-length': Buffer.byteLength(first + rest) },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', reject);
    });
    req.write(first);
    return { finish: () => { req.end(rest); return status; } };
  }
  const pause = (ms = 300) => new Promise((r) => setTimeout(r, ms));

  test('a committed append to the destination is never overwritten by a stale append to a replaced source', { timeout: 30_000 }, async () => {
    await d.call('PUT', `${W}/race/s?op=CREATE&write=true`, { body: 'old' });
    // a newer inode, so that the replacement of /race/s gets a new id (SQLite reuses only the largest rowid)
    await d.call('PUT', `${W}/race/other?op=CREATE&write=true`, { body: 'x' });
    const a1 = slowAppend('/race/s', '1', '1');               // holds the lock of the first /race/s
    await pause();
    const concat = d.call('POST', `${W}/race/d?op=MSCONCAT`,     // waits for that lock
      { body: JSON.stringify({ sources: ['/race/s'] }), headers: { 'content-type': 'application/json' } });
    await pause();
    assert.equal((await d.call('PUT', `${W}/race/s?op=CREATE&write=true&overwrite=true`, { body: 'NEW' })).status, 201);
    const a2 = slowAppend('/race/s', 'B', 'BBB');             // appends to the new /race/s, into its blob at offset 3
    await pause();
    await a1.finish();                                         // the first file is gone: its append fails, the lock frees
    await pause();
    const dAppend = await d.call('POST', `${W}/race/d?op=APPEND&append=true&offset=3`, { body: 'AAAA' });
    await a2.finish();
    assert.equal((await concat).status, 200);
    const content = (await d.call('GET', `${W}/race/d?op=OPEN&read=true`)).text;
    if (dAppend.status === 200) assert.equal(content.slice(3, 7), 'AAAA', `acknowledged bytes were overwritten: ${content}`);
    else assert.equal(content, 'NEWBBBB');
  });
});
