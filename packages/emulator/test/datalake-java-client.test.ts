import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOB, startDataLake, type DataLakeTest } from './datalake-support.js';

/**
 * What the Java SDK (api-version 2018-12-01) adds on top of the recorded Python traffic: `fileContextID` in
 * GETFILESTATUS and the conditional DELETE that sends it back, plus its other parameters in one flow.
 */

const W = '/webhdfs/v1';
const V = 'api-version=2018-12-01';
let d: DataLakeTest;
before(async () => { d = await startDataLake(); });
after(async () => { await d.stop(); });

const exc = (r: { json: any }) => r.json?.RemoteException?.exception;
const contextOf = async (path: string) => (await d.call('GET', `${W}${path}?op=GETFILESTATUS&tooid=true&${V}`)).json.FileStatus.fileContextID;

test('fileContextID: files only, from 2018-12-01, new for each incarnation of a name', async () => {
  assert.equal((await d.call('PUT', `${W}/java/a.txt?op=CREATE&write=true&overwrite=false&syncFlag=DATA&CreateParent=true&${V}`, { body: 'one' })).status, 201);
  const first = await contextOf('/java/a.txt');
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(await contextOf('/java/a.txt'), first, 'stable while the file lives');
  assert.equal((await d.call('GET', `${W}/java?op=GETFILESTATUS&${V}`)).json.FileStatus.fileContextID, undefined, 'not on directories');
  assert.equal((await d.call('GET', `${W}/java/a.txt?op=GETFILESTATUS&api-version=2018-09-01`)).json.FileStatus.fileContextID, undefined,
    'older api-versions (Python) keep the recorded keys');
  // Appends do not change the incarnation; an overwrite does.
  assert.equal((await d.call('POST', `/WebHdfsExt/java/a.txt?op=CONCURRENTAPPEND&appendMode=autocreate&syncFlag=DATA&${V}`, { body: '+' })).status, 200);
  assert.equal(await contextOf('/java/a.txt'), first);
  assert.equal((await d.call('PUT', `${W}/java/a.txt?op=CREATE&write=true&overwrite=true&${V}`, { body: 'two' })).status, 201);
  assert.notEqual(await contextOf('/java/a.txt'), first);
});

test('conditional DELETE: a stale fileContextId is refused with "StreamID mismatch" and deletes nothing', async () => {
  await d.call('PUT', `${W}/java/b.txt?op=CREATE&write=true&overwrite=true&${V}`, { body: 'b' });
  const stale = await contextOf('/java/b.txt');
  await d.call('PUT', `${W}/java/b.txt?op=CREATE&write=true&overwrite=true&${V}`, { body: 'b2' });
  const refused = await d.call('DELETE', `${W}/java/b.txt?op=DELETE&recursive=false&fileContextId=${stale}&${V}`);
  assert.equal(refused.status, 400);
  assert.equal(exc(refused), 'RuntimeException');
  assert.match(refused.json.RemoteException.message, /StreamID mismatch/);
  assert.equal((await d.call('GET', `${W}/java/b.txt?op=OPEN&read=true&${V}`)).text, 'b2');

  const current = await contextOf('/java/b.txt');
  const ok = await d.call('DELETE', `${W}/java/b.txt?op=DELETE&recursive=false&fileContextId=${current}&${V}`);
  assert.deepEqual([ok.status, ok.json], [200, { boolean: true }]);
  const gone = await d.call('DELETE', `${W}/java/b.txt?op=DELETE&fileContextId=${current}&${V}`);
  assert.deepEqual([gone.status, gone.json], [200, { boolean: false }], 'a missing path is DELETE\'s own answer');
});

test('conditional DELETE never reveals or touches what the caller may not see', async () => {
  await d.call('PUT', `${W}/java/private.txt?op=CREATE&write=true&overwrite=true&${V}`, { body: 'p' });
  const r = await d.call('DELETE', `${W}/java/private.txt?op=DELETE&fileContextId=00000000-0000-0000-0000-000000000000&${V}`, { token: d.bob });
  assert.equal(r.status, 403, `bob (${BOB.upn}) has no access below /java`);
  assert.equal((await d.call('GET', `${W}/java/private.txt?op=OPEN&read=true&${V}`)).text, 'p');
});

test('the rest of the Java client\'s parameters in one flow: SETTIMES, GETACLSTATUS, renameoptions, listBefore, CreateParent=false', async () => {
  assert.equal((await d.call('PUT', `${W}/java/nope/c.txt?op=CREATE&write=true&CreateParent=false&${V}`, { body: 'c' })).status, 404);
  await d.call('PUT', `${W}/java/c.txt?op=CREATE&write=true&overwrite=true&${V}`, { body: 'c' });
  assert.equal((await d.call('PUT', `${W}/java/c.txt?op=SETTIMES&modificationtime=1500000000000&accesstime=-1&${V}`)).status, 200);
  assert.equal((await d.call('GET', `${W}/java/c.txt?op=GETFILESTATUS&${V}`)).json.FileStatus.modificationTime, 1500000000000);
  const acl = await d.call('GET', `${W}/java/c.txt?op=GETACLSTATUS&tooid=false&${V}`);
  assert.equal(acl.json.AclStatus.permission, '770');
  assert.equal((await d.call('PUT', `${W}/java/c.txt?op=RENAME&destination=/java/a.txt&renameoptions=OVERWRITE&${V}`)).json.boolean, true);
  assert.equal((await d.call('GET', `${W}/java/a.txt?op=OPEN&read=true&${V}`)).text, 'c');
  const listed = await d.call('GET', `${W}/java?op=LISTSTATUS&listSize=10&listBefore=b&tooId=true&${V}`);
  assert.deepEqual(listed.json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix), ['a.txt']);
});
