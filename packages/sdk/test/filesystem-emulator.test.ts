// The real SDK client against the in-process emulator's data plane: every operation, error mapping,
// paging, streams, and the offset-aware append retry through a proxy that loses one reply.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AccessDeniedError, AlreadyExistsError, BadOffsetError, DataLakeFileSystemClient, FirewallBlockedError, NotFoundError, type TokenCredential,
} from 'adls-gen1';
import { mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';

let t: TestEmulator;
let fs: DataLakeFileSystemClient;
let alice: TokenCredential;

function clientFor(credential: TokenCredential, port = t.emu.port, extra: { connections?: number } = {}): DataLakeFileSystemClient {
  const info = t.emu.info();
  return new DataLakeFileSystemClient(info.defaultAccount, credential, {
    dataPlaneSuffix: info.dataPlaneSuffix, port, ca: t.emu.core.ca.caCertPem, retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 50 }, ...extra,
  });
}

async function credentialFor(upn?: string): Promise<TokenCredential> {
  const token = await mintToken(t.emu, upn ? { upn } : {});
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

const text = async (r: Readable) => Buffer.concat(await r.toArray()).toString();

before(async () => {
  t = await startTestEmulator();
  alice = await credentialFor();
  fs = clientFor(alice);
});
after(async () => { await fs?.close(); await t?.stop(); });

const itest = (name: string, fn: () => Promise<void>): void => { void test(name, fn); };

describe('filesystem client against the emulator', () => {
  itest('mkdir, create, append, stat, read, ls', async () => {
    await fs.mkdir('/it/basic');
    await fs.create('/it/basic/a.txt', Buffer.from('hello'), { overwrite: true });
    await fs.append('/it/basic/a.txt', Buffer.from(' world'), { offset: 5 });
    const s = await fs.stat('/it/basic/a.txt');
    assert.equal(s.type, 'FILE');
    assert.equal(s.length, 11);
    assert.equal(s.name, 'a.txt');
    assert.equal(s.path, '/it/basic/a.txt');
    assert.equal(s.msExpirationTime, 0);
    assert.equal(await text(await fs.read('/it/basic/a.txt')), 'hello world');
    assert.equal(await text(await fs.read('/it/basic/a.txt', { offset: 6, length: 3 })), 'wor');
    assert.deepEqual(await fs.ls('/it/basic', { detail: false }), ['/it/basic/a.txt']);
    assert.equal((await fs.stat('/it/basic')).type, 'DIRECTORY');
    assert.equal(await fs.exists('/it/basic/nope'), false);
    // a file lists as itself
    assert.deepEqual((await fs.ls('/it/basic/a.txt')).map((x) => x.path), ['/it/basic/a.txt']);
  });

  itest('awkward names', async () => {
    const names = ['sp ace.txt', 'plus+sign', 'pct%25', 'hash#tag', 'q?mark', 'comma,é ü', '日本語'];
    for (const n of names) await fs.create(`/it/names/${n}`, Buffer.from(n));
    const listed = await fs.ls('/it/names', { detail: false });
    assert.deepEqual([...listed].sort(), names.map((n) => `/it/names/${n}`).sort());
    for (const n of names) assert.equal(await text(await fs.read(`/it/names/${n}`)), n);
    await fs.mv('/it/names/plus+sign', '/it/names/moved +#?');
    assert.equal(await fs.exists('/it/names/moved +#?'), true);
    assert.equal(await fs.exists('/it/names/plus+sign'), false);
    assert.equal((await fs.stat('//it//names/./sp ace.txt/')).path, '/it/names/sp ace.txt');
  });

  itest('paging with continuation tokens', async () => {
    for (let i = 0; i < 7; i++) await fs.create(`/it/page/f${i}`, undefined);
    const sizes: number[] = [];
    for await (const p of fs.listPages('/it/page', { pageSize: 3 })) sizes.push(p.length);
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.equal((await fs.ls('/it/page', { pageSize: 7 })).length, 7);
    assert.equal((await fs.ls('/it/page', { pageSize: 1 })).length, 7);
  });

  itest('error mapping', async () => {
    const nf = await fs.stat('/it/missing').catch((e) => e);
    assert.ok(nf instanceof NotFoundError, String(nf));
    assert.equal(nf.status, 404);
    assert.equal(nf.remoteCode, 'FileNotFoundException');
    assert.ok(nf.requestId);
    await fs.create('/it/err/f', Buffer.from('x'));
    const ae = await fs.create('/it/err/f', Buffer.from('y')).catch((e) => e);
    assert.ok(ae instanceof AlreadyExistsError, String(ae));
    assert.equal(ae.status, 403);
    const bo = await fs.append('/it/err/f', Buffer.from('z'), { offset: 99 }).catch((e) => e);
    assert.ok(bo instanceof BadOffsetError, String(bo));
    assert.equal(bo.remoteCode, 'BadOffsetException');
    await assert.rejects(fs.read('/it/missing'), NotFoundError);
    // DELETE of a missing path answers 200 {"boolean":false}; the error still says 404, not 200.
    const rmMissing = await fs.rm('/it/missing').catch((e) => e);
    assert.ok(rmMissing instanceof NotFoundError, String(rmMissing));
    assert.equal(rmMissing.code, 'NOT_FOUND');
    assert.equal(rmMissing.status, 404);
    await assert.rejects(fs.mv('/it/missing', '/it/elsewhere'), NotFoundError);
    // another user without access to alice's 770 tree
    const other = t.emu.info().users.find((u) => u.username !== t.emu.info().users[0].username && !u.mfa) ?? t.emu.info().users[1];
    const bob = clientFor(await credentialFor(other.username));
    try {
      await fs.chmod('/it/err', '700');
      const ad = await bob.ls('/it/err').catch((e) => e);
      assert.ok(ad instanceof AccessDeniedError, String(ad));
      assert.equal(ad.status, 403);
      assert.equal(await bob.checkAccess('/it/err', 'r-x'), false);
    } finally { await bob.close(); }
    assert.equal(await fs.checkAccess('/it/err', 'rwx'), true);
  });

  itest('a firewall block is its own error, naming the client IP and the account', async () => {
    const accounts = t.emu.core.accounts;
    const name = t.emu.info().defaultAccount;
    const before = accounts.get(name)!.properties;
    accounts.update(name, { properties: { ...before, firewallState: 'Enabled', firewallRules: [] } }, Date.now());
    try {
      const e = await fs.ls('/').catch((x) => x);
      assert.ok(e instanceof FirewallBlockedError, String(e));
      assert.ok(e instanceof AccessDeniedError);
      assert.equal(e.code, 'FIREWALL_BLOCKED');
      assert.equal(e.status, 403);
      assert.equal(e.remoteCode, 'AccessDeniedByFirewall');
      assert.equal(e.clientIp, '127.0.0.1');
      assert.equal(e.account, name);
    } finally {
      accounts.update(name, { properties: before }, Date.now());
    }
    await fs.ls('/');
  });

  itest('tooId: false gives owners and groups as UPNs', async () => {
    const me = t.emu.info().users[0];
    await fs.create('/it/upn/f', Buffer.from('x'), { overwrite: true });
    assert.equal((await fs.stat('/it/upn/f')).owner, me.oid);
    assert.equal((await fs.stat('/it/upn/f', { tooId: false })).owner, me.username);
    assert.deepEqual((await fs.ls('/it/upn', { tooId: false })).map((s) => s.owner), [me.username]);
    assert.equal((await fs.getAclStatus('/it/upn/f', { tooId: false })).owner, me.username);
    assert.equal((await fs.getAclStatus('/it/upn/f')).owner, me.oid);
  });

  itest('append sent twice at the same offset is not duplicated', async () => {
    await fs.create('/it/twice', Buffer.from('ab'), { overwrite: true });
    await fs.append('/it/twice', Buffer.from('cd'), { offset: 2 });
    await assert.rejects(fs.append('/it/twice', Buffer.from('cd'), { offset: 2 }), BadOffsetError);
    assert.equal(await text(await fs.read('/it/twice')), 'abcd');
  });

  itest('append whose reply is lost is retried without duplication', async () => {
    const proxy = await startReplyDroppingProxy(t.emu.port);
    const viaProxy = clientFor(alice, proxy.port, { connections: 1 });
    try {
      await fs.create('/it/lost', Buffer.from('123'), { overwrite: true });
      await viaProxy.stat('/it/lost'); // opens the (single) connection: TLS handshake done
      proxy.dropNextReply();
      await viaProxy.append('/it/lost', Buffer.from('456'), { offset: 3, syncFlag: 'CLOSE', leaseId: DataLakeFileSystemClient.newLeaseId() });
      assert.equal(proxy.dropped, 1);
      assert.equal(await text(await fs.read('/it/lost')), '123456');
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });

  itest('write and read streams in blocks', async () => {
    const data = Buffer.alloc(300_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 251;
    await pipeline(Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), fs.createWriteStream('/it/stream.bin', { blockSize: 64 * 1024 }));
    assert.equal((await fs.stat('/it/stream.bin')).length, data.length);
    const back = Buffer.concat(await fs.createReadStream('/it/stream.bin', { blockSize: 50_000 }).toArray());
    assert.ok(back.equals(data));
    const part = Buffer.concat(await fs.createReadStream('/it/stream.bin', { offset: 1000, length: 123_456, blockSize: 10_000 }).toArray());
    assert.ok(part.equals(data.subarray(1000, 124_456)));
    assert.ok((await fs.head('/it/stream.bin', { bytes: 10 })).equals(data.subarray(0, 10)));
    assert.ok((await fs.tail('/it/stream.bin', { bytes: 10 })).equals(data.subarray(-10)));
    await pipeline(Readable.from([Buffer.from('!')]), fs.createWriteStream('/it/stream.bin', { append: true }));
    assert.equal((await fs.stat('/it/stream.bin')).length, data.length + 1);
    await pipeline(Readable.from([]), fs.createWriteStream('/it/empty.bin'));
    assert.equal((await fs.stat('/it/empty.bin')).length, 0);
  });

  itest('concat, mv, rm, touch', async () => {
    await fs.create('/it/cc/src/a', Buffer.from('hello'));
    await fs.create('/it/cc/src/b', Buffer.from(' world'));
    await fs.concat('/it/cc/out', ['/it/cc/src/a', '/it/cc/src/b'], { deleteSourceDirectory: true });
    assert.equal(await text(await fs.read('/it/cc/out')), 'hello world');
    assert.equal(await fs.exists('/it/cc/src'), false);
    await fs.mv('/it/cc/out', '/it/cc/renamed');
    await fs.touch('/it/cc/renamed');
    assert.equal((await fs.stat('/it/cc/renamed')).length, 11);
    await fs.touch('/it/cc/new');
    assert.equal((await fs.stat('/it/cc/new')).length, 0);
    await fs.create('/it/cc/other', Buffer.from('x'));
    await assert.rejects(fs.mv('/it/cc/new', '/it/cc/other'), AlreadyExistsError);
    await fs.mv('/it/cc/new', '/it/cc/other', { overwrite: true });
    await assert.rejects(fs.rm('/it/cc'));
    await fs.rm('/it/cc', { recursive: true });
    assert.equal(await fs.exists('/it/cc'), false);
  });

  itest('permissions, owner, ACLs', async () => {
    await fs.create('/it/acl/f', Buffer.from('x'));
    await fs.chmod('/it/acl/f', '0750');
    assert.equal((await fs.stat('/it/acl/f')).permission, '750');
    const me = t.emu.info().users[0].oid;
    const other = t.emu.info().users[1].oid;
    await fs.chown('/it/acl/f', { owner: me });
    await fs.setAcl('/it/acl/f', `user::rwx,group::rwx,other::---,user:${other}:rwx`);
    let acl = await fs.getAclStatus('/it/acl/f');
    assert.deepEqual(acl.entries, ['user::rwx', `user:${other}:rwx`, 'group::rwx', 'mask::rwx', 'other::---']);
    assert.equal((await fs.stat('/it/acl/f')).aclBit, true);
    await fs.modifyAclEntries('/it/acl/f', [{ type: 'user', id: other, permission: '-w-' }]);
    acl = await fs.getAclStatus('/it/acl/f');
    assert.ok(acl.entries.includes(`user:${other}:-w-`));
    await fs.removeAclEntries('/it/acl/f', `user:${other}`);
    assert.ok(!(await fs.getAclStatus('/it/acl/f')).entries.some((e) => e.includes(other)));
    await fs.modifyAclEntries('/it/acl', `default:user:${other}:r-x`);
    assert.ok((await fs.getAclStatus('/it/acl')).entries.includes(`default:user:${other}:r-x`));
    await fs.removeDefaultAcl('/it/acl');
    assert.ok(!(await fs.getAclStatus('/it/acl')).entries.some((e) => e.startsWith('default:')));
    await fs.removeAcl('/it/acl/f');
    assert.equal((await fs.stat('/it/acl/f')).aclBit, false);
  });

  itest('expiry, times, content summary, walk, glob, du', async () => {
    await fs.create('/it/x/a.csv', Buffer.from('12'));
    await fs.create('/it/x/sub/b.csv', Buffer.from('345'));
    await fs.create('/it/x/sub/c.txt', Buffer.from('6789'));
    const when = Date.now() + 86_400_000;
    await fs.setExpiry('/it/x/a.csv', 'Absolute', when);
    assert.ok(Math.abs((await fs.stat('/it/x/a.csv')).msExpirationTime! - when) < 1000);
    await fs.setExpiry('/it/x/a.csv', 'NeverExpire');
    assert.equal((await fs.stat('/it/x/a.csv')).msExpirationTime, 0);
    await fs.setTimes('/it/x/a.csv', { modificationTime: 1_600_000_000_000 });
    assert.equal((await fs.stat('/it/x/a.csv')).modificationTime, 1_600_000_000_000);
    const cs = await fs.contentSummary('/it/x');
    assert.deepEqual([cs.directoryCount, cs.fileCount, cs.length], [2, 3, 9]);
    const walked: string[] = [];
    for await (const s of fs.walk('/it/x')) walked.push(s.path);
    assert.deepEqual(walked, ['/it/x/a.csv', '/it/x/sub/b.csv', '/it/x/sub/c.txt']);
    assert.deepEqual((await fs.glob('/it/x/**/*.csv')).map((s) => s.path), ['/it/x/a.csv', '/it/x/sub/b.csv']);
    const du = await fs.du('/it/x');
    assert.deepEqual([du.length, du.fileCount, du.directoryCount], [9, 3, 2]);
  });
});

/** A TCP proxy that, when armed, kills the connection instead of relaying the next server reply. */
async function startReplyDroppingProxy(target: number): Promise<{ port: number; dropped: number; dropNextReply(): void; close(): Promise<void> }> {
  let armed = false;
  const state = { dropped: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client); sockets.add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (armed) { armed = false; state.dropped++; client.destroy(); upstream.destroy(); return; }
      client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => {}); upstream.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    get dropped() { return state.dropped; },
    dropNextReply() { armed = true; },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
