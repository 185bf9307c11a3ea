// The DFS API over raw HTTP (what the SDK tests do not reach): DFS-native file-system calls, listing pages, flush
// rules, Content-MD5, conditions, ranges, non-empty deletes, and the service's 400s for malformed input.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gen2Provisioner } from '../src/gen2/filesystems/provisioner.js';
import { FileSystemRegistry, namespaceKey } from '../src/gen2/filesystems/registry.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

const A = `/${DEV_STORAGE_ACCOUNT.name}`;

describe('gen2 DFS API', () => {
  let t: TestEmulator;
  let auth: Record<string, string>;
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) => {
    const r = await t.fetch(`${A}${path}`, { method, headers: { ...auth, ...headers }, body });
    const text = method === 'HEAD' ? '' : await r.text();
    return { status: r.status, code: r.headers.get('x-ms-error-code'), h: r.headers, text, json: () => JSON.parse(text) };
  };
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    auth = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${await mintToken(t.emu, { audience: 'https://storage.azure.com/' })}` };
  });
  after(() => t.stop());

  test('file systems through the DFS API: create, properties, list with prefix and pages, delete', async () => {
    const props = `a=${Buffer.from('1').toString('base64')},b=${Buffer.from('two').toString('base64')}`;
    assert.equal((await call('PUT', '/dfsa?resource=filesystem', { 'x-ms-properties': props })).status, 201);
    assert.equal((await call('PUT', '/dfsa?resource=filesystem')).code, 'FilesystemAlreadyExists');
    for (const n of ['dfsb', 'dfsc', 'other']) assert.equal((await call('PUT', `/${n}?resource=filesystem`)).status, 201);
    const head = await call('HEAD', '/dfsa?resource=filesystem');
    assert.equal(head.h.get('x-ms-properties'), props);
    assert.equal(head.h.get('x-ms-namespace-enabled'), 'true');
    const etag = head.h.get('etag')!;
    assert.equal((await call('PATCH', '/dfsa?resource=filesystem', { 'x-ms-properties': 'c=Mw==', 'If-Match': '"0x0"' })).code, 'ConditionNotMet');
    const set = await call('PATCH', '/dfsa?resource=filesystem', { 'x-ms-properties': 'c=Mw==', 'If-Match': etag });
    assert.equal(set.status, 200);
    assert.notEqual(set.h.get('etag'), etag);
    assert.equal((await call('HEAD', '/dfsa?resource=filesystem')).h.get('x-ms-properties'), 'c=Mw==');
    const p1 = await call('GET', '/?resource=account&prefix=dfs&maxResults=2');
    assert.deepEqual(p1.json().filesystems.map((f: { name: string }) => f.name), ['dfsa', 'dfsb']);
    const token = p1.h.get('x-ms-continuation')!;
    const p2 = await call('GET', `/?resource=account&prefix=dfs&maxResults=2&continuation=${encodeURIComponent(token)}`);
    assert.deepEqual(p2.json().filesystems.map((f: { name: string }) => f.name), ['dfsc']);
    assert.equal(p2.h.get('x-ms-continuation'), null);
    assert.equal((await call('DELETE', '/dfsc?resource=filesystem')).status, 202);
    assert.equal((await call('HEAD', '/dfsc?resource=filesystem')).status, 404);
    assert.equal((await call('PUT', '/Bad_Name?resource=filesystem')).code, 'InvalidResourceName');
  });

  test('list paths: a directory, not recursive, pages; a forged continuation is refused', async () => {
    await call('PUT', '/dfsb/d/x/deep?resource=directory');
    for (const n of ['a', 'b', 'c']) await call('PUT', `/dfsb/d/${n}.txt?resource=file`);
    const flat = await call('GET', '/dfsb?resource=filesystem&recursive=false&directory=d&maxResults=2');
    assert.deepEqual(flat.json().paths.map((p: { name: string }) => p.name), ['d/a.txt', 'd/b.txt']);
    const rest = await call('GET', `/dfsb?resource=filesystem&recursive=false&directory=d&continuation=${encodeURIComponent(flat.h.get('x-ms-continuation')!)}`);
    assert.deepEqual(rest.json().paths.map((p: { name: string; isDirectory?: string }) => [p.name, p.isDirectory ?? 'false']), [['d/c.txt', 'false'], ['d/x', 'true']]);
    const alice = t.emu.info().users[0];
    const ids = (await call('GET', '/dfsb?resource=filesystem&recursive=false&directory=d&maxResults=1')).json().paths[0];
    assert.deepEqual([ids.owner, ids.group, ids.permissions], [alice.oid, '$superuser', 'rw-r-----']);
    const upn = (await call('GET', '/dfsb?resource=filesystem&recursive=false&directory=d&maxResults=1&upn=true')).json().paths[0];
    assert.equal(upn.owner, alice.username, 'upn=true shows user principal names');
    const acl = await call('HEAD', '/dfsb/d/a.txt?action=getAccessControl&upn=true');
    assert.equal(acl.h.get('x-ms-owner'), alice.username);
    assert.equal((await call('GET', '/dfsb?resource=filesystem&recursive=false&continuation=bm9wZQ')).code, 'InvalidQueryParameterValue');
    assert.equal((await call('GET', '/dfsb?resource=filesystem')).code, 'MissingRequiredQueryParameter');
    assert.equal((await call('GET', '/dfsb?resource=filesystem&recursive=true&maxResults=0')).code, 'InvalidQueryParameterValue');
    assert.equal((await call('GET', '/dfsb?resource=filesystem&recursive=true&directory=nope')).code, 'PathNotFound');
  });

  test('list paths, recursive, across read batches: a wide directory with subdirectories, whole and in pages', async () => {
    // Seeded through the store: 600 CREATEs over HTTPS take seconds on a busy machine.
    const ns = namespaceKey(DEV_STORAGE_ACCOUNT.name, 'dfsb');
    const owner = { oid: t.emu.info().users[0].oid, groups: [], superUser: true };
    const expected: string[] = [];
    t.emu.core.store.mkdirs(ns, ['wide'], owner);
    for (let i = 0; i < 600; i++) {
      const name = `w${String(i).padStart(3, '0')}`;
      expected.push(`wide/${name}`);
      if (i % 97 === 0) {
        t.emu.core.store.mkdirs(ns, ['wide', name], owner);
        for (const f of ['f1', 'f2']) {
          await t.emu.core.store.createFile(ns, ['wide', name, f], owner, { overwrite: false, createParent: false });
          expected.push(`wide/${name}/${f}`);
        }
      } else {
        await t.emu.core.store.createFile(ns, ['wide', name], owner, { overwrite: false, createParent: false });
      }
    }
    const names = (r: { json: () => { paths: { name: string }[] } }) => r.json().paths.map((p) => p.name);
    assert.deepEqual(names(await call('GET', '/dfsb?resource=filesystem&recursive=true&directory=wide')), expected);
    const paged: string[] = [];
    let token: string | null = null;
    do {
      const r = await call('GET', `/dfsb?resource=filesystem&recursive=true&directory=wide&maxResults=173${token ? `&continuation=${encodeURIComponent(token)}` : ''}`);
      paged.push(...names(r));
      token = r.h.get('x-ms-continuation');
    } while (token);
    assert.deepEqual(paged, expected);
  });

  test('append and flush: positions must be contiguous, Content-MD5 is checked, retainUncommittedData keeps the rest', async () => {
    await call('PUT', '/dfsb/f.bin?resource=file');
    const md5 = (s: string) => createHash('md5').update(s).digest('base64');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=0', { 'Content-MD5': md5('other') }, 'hello')).code, 'Md5Mismatch');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=0', { 'Content-MD5': md5('hello') }, 'hello')).status, 202);
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=5', {}, ' world')).status, 202);
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=20', {}, 'later')).status, 202);
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=flush&position=7')).code, 'InvalidFlushPosition', 'inside a piece');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=flush&position=25')).code, 'InvalidFlushPosition', 'a gap');
    const flushed = await call('PATCH', '/dfsb/f.bin?action=flush&position=11&retainUncommittedData=true', { 'x-ms-content-type': 'text/plain' });
    assert.equal(flushed.status, 200);
    assert.ok(flushed.h.get('etag'));
    const read = await call('GET', '/dfsb/f.bin');
    assert.equal(read.text, 'hello world');
    assert.equal(read.h.get('content-type'), 'text/plain');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=11', {}, '123456789')).status, 202);
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=flush&position=25')).status, 200, 'the retained piece at 20 closes the range');
    assert.equal((await call('GET', '/dfsb/f.bin')).text, 'hello world123456789later');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append&position=x', {}, 'a')).code, 'InvalidQueryParameterValue');
    assert.equal((await call('PATCH', '/dfsb/f.bin?action=append', {}, 'a')).code, 'MissingRequiredQueryParameter');
    const both = await call('PATCH', '/dfsb/f.bin?action=append&position=25&flush=true', {}, '!');
    assert.equal(both.status, 202, 'the service answers 202 to an append that flushes');
    assert.equal((await call('GET', '/dfsb/f.bin')).text, 'hello world123456789later!');
  });

  test('reads: ranges (206, 416), conditions (304, 412); deletes: non-empty directories need recursive', async () => {
    await call('PUT', '/dfsb/r.txt?resource=file');
    await call('PATCH', '/dfsb/r.txt?action=append&position=0&flush=true', {}, '0123456789');
    const part = await call('GET', '/dfsb/r.txt', { 'x-ms-range': 'bytes=2-4' });
    assert.deepEqual([part.status, part.text, part.h.get('content-range')], [206, '234', 'bytes 2-4/10']);
    assert.equal((await call('GET', '/dfsb/r.txt', { Range: 'bytes=7-' })).text, '789');
    const past = await call('GET', '/dfsb/r.txt', { Range: 'bytes=10-' });
    assert.deepEqual([past.status, past.code], [416, 'InvalidRange']);
    const etag = (await call('HEAD', '/dfsb/r.txt')).h.get('etag')!;
    assert.equal((await call('GET', '/dfsb/r.txt', { 'If-None-Match': etag })).status, 304);
    assert.equal((await call('GET', '/dfsb/r.txt', { 'If-Match': '"0x1"' })).code, 'ConditionNotMet');
    assert.equal((await call('DELETE', '/dfsb/r.txt', { 'If-Match': '"0x1"' })).code, 'ConditionNotMet');
    assert.equal((await call('DELETE', '/dfsb/d')).code, 'DirectoryNotEmpty');
    assert.equal((await call('DELETE', '/dfsb/d?recursive=true')).status, 200);
    assert.equal((await call('DELETE', '/dfsb/d?recursive=true')).code, 'PathNotFound');
    assert.equal((await call('DELETE', '/dfsb/x?recursive=maybe')).code, 'InvalidQueryParameterValue');
  });

  test('removing an account\'s data (Resource Manager deletes) drops every file system with its bytes', async () => {
    const core = t.emu.core;
    core.storageAccounts.insert({
      name: 'gonesoon', subscriptionId: core.directory.defaultSubscriptionId(), resourceGroup: 'rg', location: 'eastus2', ownerOid: 'o',
      kind: 'StorageV2', sku: 'Standard_LRS', isHnsEnabled: true, provisioningState: 'Succeeded', tags: {}, properties: {},
    }, 0);
    const provisioner = gen2Provisioner(core.db, core.store);
    // File systems made through the registry + store, as the handlers do.
    const registry = new FileSystemRegistry(core.db);
    for (const fs of ['one', 'two']) {
      registry.insert('gonesoon', fs, {}, 0);
      core.store.provision(namespaceKey('gonesoon', fs), 'o', '$superuser', { mode: 0o750 });
    }
    await provisioner.destroy('GoneSoon');
    assert.deepEqual(registry.list('gonesoon', { limit: 10 }), []);
    assert.equal(core.store.hasNamespace(namespaceKey('gonesoon', 'one')), false);
    assert.ok(registry.get(DEV_STORAGE_ACCOUNT.name, 'dfsb'), 'other accounts keep theirs');
  });

  test('malformed headers get the service\'s 400s, never a crash', async () => {
    const bad: [string, string, Record<string, string>, string][] = [
      ['PUT', '/dfsb/p1?resource=file', { 'x-ms-permissions': 'rwxrwxrwz' }, 'InvalidPermission'],
      ['PUT', '/dfsb/p2?resource=file', { 'x-ms-umask': '99' }, 'InvalidHeaderValue'],
      ['PUT', '/dfsb/p3?resource=file', { 'x-ms-properties': 'a=%%%' }, 'InvalidHeaderValue'],
      ['PUT', '/dfsb/p4?resource=file', { 'x-ms-acl': 'user::rwx,bogus' }, 'InvalidAccessControlList'],
      ['PUT', '/dfsb/p5?resource=thing', {}, 'InvalidQueryParameterValue'],
      ['PUT', '/dfsb/p6?resource=file', { 'Content-MD5': 'nope' }, 'ok'],
      ['PATCH', '/dfsb/p6?action=append&position=0', { 'Content-MD5': 'nope' }, 'InvalidMd5'],
      ['PATCH', '/dfsb/p6?action=setAccessControl', { 'x-ms-acl': 'user::rwx,group::r-x,other::---', 'x-ms-permissions': '0777' }, 'InvalidHeaderValue'],
      ['PATCH', '/dfsb/p6?action=setAccessControlRecursive&mode=wipe', { 'x-ms-acl': 'user::rwx' }, 'InvalidQueryParameterValue'],
      ['PATCH', '/dfsb/p6?action=setAccessControlRecursive&mode=set', {}, 'MissingRequiredHeader'],
      ['PUT', '/dfsb/p7?mode=legacy', { 'x-ms-rename-source': '/dfsb/%zz' }, 'InvalidSourceUri'],
      ['PUT', '/dfsb/p7?mode=legacy', { 'x-ms-rename-source': '/dfsb/missing' }, 'SourcePathNotFound'],
      ['PUT', '/nofs/p?resource=file', {}, 'FilesystemNotFound'],
    ];
    for (const [method, path, headers, code] of bad) {
      const r = await call(method, path, headers, method === 'PATCH' && path.includes('append') ? 'x' : undefined);
      assert.equal(r.code ?? 'ok', code, `${method} ${path} ${JSON.stringify(headers)}`);
      if (code !== 'ok') assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status}`);
    }
    // The emulator still answers.
    assert.equal((await call('HEAD', '/dfsb?resource=filesystem')).status, 200);
  });
});
