import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken } from './helpers.js';
import { ALICE, BOB, startDataLake, type DataLakeTest } from './datalake-support.js';

const W = '/webhdfs/v1';
let d: DataLakeTest;
before(async () => {
  d = await startDataLake();
  await d.call('PUT', `${W}/alice/private.txt?op=CREATE&write=true`, { body: 'secret' });
  await d.call('PUT', `${W}/alice-top.txt?op=CREATE&write=true`, { body: 'top' });
});
after(async () => { await d.stop(); });
const exc = (r: { json: any }) => r.json?.RemoteException?.exception;

describe('two users on the default account (root 1771, user:bob:rwx, sticky)', () => {
  test('bob creates and reads his own files at the root', async () => {
    assert.equal((await d.call('PUT', `${W}/bob/mine.txt?op=CREATE&write=true`, { token: d.bob, body: 'bob' })).status, 201);
    assert.equal((await d.call('GET', `${W}/bob/mine.txt?op=OPEN&read=true`, { token: d.bob })).text, 'bob');
    assert.equal((await d.call('GET', `${W}/?op=LISTSTATUS`, { token: d.bob })).status, 200);
  });

  test('bob cannot read, list, append to, change or delete alice\'s private files', async () => {
    const calls: [string, string][] = [
      ['GET', `${W}/alice/private.txt?op=OPEN&read=true`],
      ['GET', `${W}/alice?op=LISTSTATUS`],
      ['GET', `${W}/alice/private.txt?op=GETFILESTATUS`],
      ['POST', `${W}/alice/private.txt?op=APPEND&append=true`],
      ['PUT', `${W}/alice/private.txt?op=SETPERMISSION&permission=777`],
      ['PUT', `${W}/alice/private.txt?op=CREATE&write=true&overwrite=true`],
      ['DELETE', `${W}/alice?op=DELETE&recursive=true`],
      ['PUT', `${W}/alice?op=RENAME&destination=/stolen`],
      ['GET', `${W}/alice-top.txt?op=OPEN&read=true`],
      ['PUT', `${W}/alice-top.txt?op=SETACL&aclspec=user::rwx,group::rwx,other::rwx`],
      ['PUT', `${W}/alice-top.txt?op=SETOWNER&owner=${BOB.oid}`],
    ];
    for (const [m, p] of calls) {
      const r = await d.call(m, p, { token: d.bob, body: m === 'GET' ? undefined : 'x' });
      assert.equal(r.status, 403, `${m} ${p}`);
      assert.equal(exc(r), 'AccessControlException');
      assert.equal(r.json.RemoteException.javaClassName, 'org.apache.hadoop.security.AccessControlException');
    }
    // sticky root: bob may not delete or rename alice's top-level file even with rwx on the root
    assert.equal((await d.call('DELETE', `${W}/alice-top.txt?op=DELETE`, { token: d.bob })).status, 403);
    assert.equal((await d.call('PUT', `${W}/alice-top.txt?op=RENAME&destination=x`, { token: d.bob })).status, 403);
    const owner = await d.call('PUT', `${W}/bob?op=SETOWNER&owner=${ALICE.oid}`, { token: d.bob });
    assert.match(owner.json.RemoteException.message, /^Set Owner failed with {2}failed with error 0x83090aa2/);
    assert.equal((await d.call('GET', `${W}/alice/private.txt?op=OPEN&read=true`)).text, 'secret');
  });

  test('alice (account owner) is the super-user: reads bob\'s 770 files', async () => {
    await d.call('PUT', `${W}/bob/p.txt?op=CREATE&write=true&permission=700`, { token: d.bob, body: 'b' });
    assert.equal((await d.call('GET', `${W}/bob/p.txt?op=OPEN&read=true`)).text, 'b');
  });

  test('a named ACL entry lets bob read one of alice\'s files', async () => {
    await d.call('PUT', `${W}/alice/shared.txt?op=CREATE&write=true`, { body: 'shared' });
    await d.call('PUT', `${W}/alice?op=MODIFYACLENTRIES&aclspec=user:${BOB.oid}:--x`);
    await d.call('PUT', `${W}/alice/shared.txt?op=MODIFYACLENTRIES&aclspec=user:${BOB.oid}:r--`);
    assert.equal((await d.call('GET', `${W}/alice/shared.txt?op=OPEN&read=true`, { token: d.bob })).text, 'shared');
    assert.equal((await d.call('GET', `${W}/alice/private.txt?op=OPEN&read=true`, { token: d.bob })).status, 403);
    assert.equal((await d.call('POST', `${W}/alice/shared.txt?op=APPEND&append=true`, { token: d.bob, body: 'x' })).status, 403);
  });
});

describe('authentication and routing', () => {
  test('missing, garbage and wrong-audience tokens → 401 SecurityException with a Bearer challenge', async () => {
    const arm = await mintToken(d.t.emu, { audience: 'https://management.azure.com/' });
    const graph = await mintToken(d.t.emu, { audience: 'https://graph.windows.net/' });
    for (const token of [null, 'garbage.token.here', arm, graph]) {
      const r = await d.call('GET', `${W}/?op=GETFILESTATUS`, { token });
      assert.equal(r.status, 401);
      assert.equal(exc(r), 'SecurityException');
      assert.equal(r.json.RemoteException.javaClassName, 'java.lang.SecurityException');
      assert.match(r.headers.get('www-authenticate')!, /^Bearer /);
    }
    const expired = await mintToken(d.t.emu, { expiresIn: -1000 });
    assert.equal((await d.call('GET', `${W}/?op=GETFILESTATUS`, { token: expired })).status, 401);
  });

  test('a token for the classic management audience is accepted, as Microsoft\'s Gen1 REST guides use it', async () => {
    const classic = await mintToken(d.t.emu, { audience: 'https://management.core.windows.net/' });
    const r = await d.call('GET', `${W}/alice/private.txt?op=OPEN&read=true`, { token: classic });
    assert.equal(r.text, 'secret');
    // The reverse stays refused: a Data Lake token on Resource Manager.
    const lake = await mintToken(d.t.emu, { audience: 'https://datalake.azure.net/' });
    const m = await d.t.fetch('/subscriptions?api-version=2020-01-01', { headers: { authorization: `Bearer ${lake}` } });
    assert.equal(m.status, 401);
    assert.equal((await m.json() as { error: { code: string } }).error.code, 'InvalidAuthenticationTokenAudience');
  });

  test('path-style /_adls/{account}/, localhost default account, unknown account 404, non-data-plane paths pass through', async () => {
    const a = await d.call('GET', `/_adls/adlsemulator${W}/alice/private.txt?op=OPEN&read=true`, { host: 'localhost' });
    assert.equal(a.text, 'secret');
    assert.equal((await d.call('GET', `${W}/alice/private.txt?op=OPEN&read=true`, { host: 'localhost' })).text, 'secret');
    const u = await d.call('GET', `${W}/?op=GETFILESTATUS`, { host: 'nosuch.adls.localhost' });
    assert.equal(u.status, 404);
    assert.equal(exc(u), 'FileNotFoundException');
    assert.equal((await d.call('GET', `/_adls/nosuch${W}/?op=GETFILESTATUS`, { host: 'localhost' })).status, 404);
    const info = await d.call('GET', '/_emulator/info', { host: 'localhost' });
    assert.equal(info.status, 200);
    const other = await d.call('GET', '/other?op=GETFILESTATUS');
    assert.equal(other.status, 400);
    assert.equal(exc(other), 'IllegalArgumentException');
    assert.equal((await d.call('GET', `/WEBHDFS/V1/alice/private.txt?op=open&READ=TRUE`)).text, 'secret');
  });

  test('firewall (management properties) refuses callers outside the rules', async () => {
    const acc = d.t.emu.core.accounts;
    acc.update('adlsemulator', { properties: { firewallState: 'Enabled', firewallRules: [{ name: 'x', startIpAddress: '10.0.0.1', endIpAddress: '10.0.0.9' }] } }, Date.now());
    try {
      const blocked = await d.call('GET', `${W}/?op=GETFILESTATUS`);
      assert.equal(blocked.status, 403);
      // Not an ACL denial: the service names the firewall, the client IP and the account.
      assert.equal(exc(blocked), 'AccessDeniedByFirewall');
      assert.match(blocked.json.RemoteException.message, /client IP '127\.0\.0\.1' is not allowed.*account 'adlsemulator'/);
      acc.update('adlsemulator', { properties: { firewallState: 'Enabled', firewallRules: [{ name: 'lo', startIpAddress: '127.0.0.1', endIpAddress: '127.0.0.1' }] } }, Date.now());
      assert.equal((await d.call('GET', `${W}/?op=GETFILESTATUS`)).status, 200);
    } finally {
      acc.update('adlsemulator', { properties: {} }, Date.now());
    }
  });
});

describe('bad input never escapes, never 500s', () => {
  test('traversal and encoded names', async () => {
    for (const p of ['/..', '/%2e%2e', '/%2E%2E/x', '/a/../../etc/passwd', '/a%00b', '/%ZZ', '/%C3%28',
      '/%2F..%2Fetc', '/a%2F%2E%2E%2F%2E%2E%2Fetc', '/%2E%2E%2Fx', '/%252F..%2F..']) {
      const r = await d.call('GET', `${W}${p}?op=GETFILESTATUS`);
      assert.equal(r.status, 400, p);
      assert.equal(exc(r), 'IllegalArgumentException', p);
    }
    const long = await d.call('GET', `${W}/${'a'.repeat(300)}?op=GETFILESTATUS`);
    assert.equal(long.status, 400);
    // The limit is 255 bytes of UTF-8, not 255 characters: 86 three-byte characters (258 bytes) are too long.
    const wide = await d.call('GET', `${W}/${encodeURIComponent('€'.repeat(86))}?op=GETFILESTATUS`);
    assert.equal(wide.status, 400);
    assert.match(wide.json.RemoteException.message, /Path name component too long/);
    assert.equal((await d.call('GET', `${W}/${encodeURIComponent('€'.repeat(85))}?op=GETFILESTATUS`)).status, 404);
    assert.equal((await d.call('PUT', `${W}/x?op=RENAME&destination=../../etc`)).status, 400);
    assert.equal((await d.call('POST', `${W}/x?op=MSCONCAT`, { body: JSON.stringify({ sources: ['/a/../b'] }) })).status, 400);
  });

  test('an encoded separator is a separator, decoded once: %2F works, %252F is a literal name', async () => {
    assert.equal((await d.call('PUT', `${W}/%2Fenc%2Fdir?op=MKDIRS`)).json.boolean, true);
    assert.equal((await d.call('PUT', `${W}/%2Fenc%2Fdir%2Ffile.txt?op=CREATE&write=true`, { body: 'slash' })).status, 201);
    assert.equal((await d.call('GET', `${W}/enc/dir/file.txt?op=OPEN&read=true`)).text, 'slash');
    const l = await d.call('GET', `${W}/enc%2Fdir?op=LISTSTATUS`);
    assert.deepEqual(l.json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix), ['file.txt']);
    assert.equal((await d.call('PUT', `${W}/enc/dir/a%252Fb?op=CREATE&write=true`, { body: 'x' })).status, 201);
    const names = (await d.call('GET', `${W}/enc/dir?op=LISTSTATUS`)).json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix);
    assert.deepEqual(names.sort(), ['a%2Fb', 'file.txt']);
  });

  test('awkward but legal names round-trip: spaces, #, ?, +, %, unicode, doubled slashes', async () => {
    const name = 'sp ace+plus%pct#hash?q,é😀.txt';
    const enc = encodeURIComponent(name);
    assert.equal((await d.call('PUT', `${W}//odd//${enc}?op=CREATE&write=true&overwrite=true`, { body: 'odd' })).status, 201);
    const l = await d.call('GET', `${W}/odd/?op=LISTSTATUS`);
    assert.deepEqual(l.json.FileStatuses.FileStatus.map((s: any) => s.pathSuffix), [name]);
    assert.equal((await d.call('GET', `${W}/odd/./${enc}?op=OPEN&read=true`)).text, 'odd');
    const r = await d.call('PUT', `${W}/odd/${enc}?op=RENAME&destination=${encodeURIComponent('/odd/a+b c')}`);
    assert.equal(r.json.boolean, true);
    assert.equal((await d.call('GET', `${W}/odd/a+b%20c?op=GETFILESTATUS`)).status, 200);
    const missing = await d.call('GET', `${W}/odd/${encodeURIComponent('12,+3#456?.txt')}?op=GETFILESTATUS`);
    assert.match(missing.json.RemoteException.message, /^File\/Folder does not exist: \/odd\/12,\+3#456\?\.txt \[/);
  });

  test('unknown op, wrong method, missing/unknown/malformed parameters', async () => {
    const cases: [string, string][] = [
      ['GET', `${W}/?op=NOPE`], ['GET', `${W}/`], ['GET', `${W}/?op=TRUNCATE`], ['PUT', `${W}/?op=GETFILESTATUS`],
      ['GET', `${W}/?op=GETFILESTATUS&bogus=1`], ['PUT', `${W}/x?op=RENAME`], ['GET', `${W}/?op=LISTSTATUS&listSize=abc`],
      ['GET', `${W}/?op=LISTSTATUS&listSize=0`], ['DELETE', `${W}/x?op=DELETE&recursive=maybe`],
      ['PUT', `${W}/x?op=SETACL&aclspec=user::rwx,bogus::r--`], ['PUT', `${W}/x?op=SETACL&aclspec=user::rwz`],
      ['PUT', `${W}/x?op=SETACL&aclspec=mask:someone:rwx`], ['PUT', `${W}/x?op=SETACL&aclspec=`],
      ['PUT', `${W}/alice-top.txt?op=MODIFYACLENTRIES&aclspec=user:a:rwx,user:a:r--`],
      ['GET', `${W}/?op=OPEN&read=true&offset=99999999999999999999`],
      ['PUT', `${W}/x?op=CREATE&write=true&syncFlag=SOMETIMES`], ['PUT', `/webhdfsext/x?op=SETEXPIRY&expiryOption=Absolute`],
      ['PUT', `${W}/x?op=SETEXPIRY&expiryOption=NeverExpire`],
    ];
    for (const [m, p] of cases) {
      const r = await d.call(m, p);
      assert.equal(r.status, 400, `${m} ${p}: ${r.text}`);
      assert.equal(exc(r), 'IllegalArgumentException', `${m} ${p}`);
    }
  });

  test('huge query strings are refused cleanly and the server keeps serving', async () => {
    const big = await d.call('GET', `${W}/?op=GETFILESTATUS&x=${'a'.repeat(12_000)}`).catch(() => ({ status: 0 }));
    assert.ok([400, 431].includes(big.status), String(big.status));
    const huge = await d.call('GET', `${W}/?op=GETFILESTATUS&x=${'a'.repeat(70_000)}`).catch(() => ({ status: 0 }));
    assert.ok([0, 400, 431].includes(huge.status), String(huge.status));
    assert.equal((await d.call('GET', `${W}/?op=GETFILESTATUS`)).status, 200);
  });
});
