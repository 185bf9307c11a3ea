// The namespace store's contract, run against both backends: SQLite + extent files (durable) and memory.
// Front ends (the Gen1 data plane, later Gen2) rely on exactly this behaviour, whichever backend runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../src/store/access.js';
import { openDatabase, migrate, type Db } from '../src/store/db.js';
import { StoreError } from '../src/store/errors.js';
import type { ChunkSource } from '../src/store/byte-source.js';
import type { ExtentStore } from '../src/store/extents.js';
import { FileExtents } from '../src/store/file-extents.js';
import { MemoryExtents } from '../src/store/memory-extents.js';
import { MemoryMetadata } from '../src/store/memory-metadata.js';
import { Namespace } from '../src/store/namespace.js';
import { namespaceMigrations } from '../src/store/namespace-schema.js';
import { SqliteMetadata } from '../src/store/sqlite-metadata.js';

const OWNER: Caller = { oid: 'owner', groups: ['owner'], superUser: true };
const ALICE: Caller = { oid: 'alice', groups: ['alice'], superUser: false };
const BOB: Caller = { oid: 'bob', groups: ['bob'], superUser: false };
const A = 'acct';

interface Harness {
  store: Namespace;
  extents: ExtentStore;
  clock: { now: number };
  /** The same data reopened (durable only: memory forgets everything by design). */
  reopen?: () => Harness;
  close(): Promise<void>;
}

function durable(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'adls-contract-'));
  const clock = { now: 1_700_000_000_000 };
  const dbs: Db[] = [];
  const open = (): Harness => {
    const db = openDatabase(dir);
    dbs.push(db);
    migrate(db, namespaceMigrations);
    const extents = new FileExtents(join(dir, 'data'));
    const store = new Namespace(new SqliteMetadata(db), extents, () => clock.now);
    return {
      store, extents, clock, reopen: open,
      close: async () => {
        await store.close();
        for (const d of dbs) if (d.open) d.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
  return open();
}

function memory(): Harness {
  const clock = { now: 1_700_000_000_000 };
  const extents = new MemoryExtents();
  const store = new Namespace(new MemoryMetadata(), extents, () => clock.now);
  return { store, extents, clock, close: () => store.close() };
}

const BACKENDS: [string, () => Harness][] = [['durable (SQLite + files)', durable], ['memory', memory]];

async function read(store: Namespace, path: string[], caller: Caller = OWNER, offset = 0, length?: number): Promise<string> {
  const h = store.openRead(A, path, caller, offset, length);
  return Buffer.concat(await h.stream().toArray()).toString();
}

const code = async (fn: () => unknown): Promise<string> => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof StoreError) return e.code;
    throw e;
  }
  return 'ok';
};

async function countExtents(extents: ExtentStore): Promise<number> {
  let n = 0;
  for await (const entry of extents.list()) if (entry) n++;
  return n;
}

for (const [name, make] of BACKENDS) {
  describe(`store contract: ${name}`, () => {
    const withStore = (fn: (h: Harness) => Promise<void>) => async () => {
      const h = make();
      try {
        await h.store.start();
        h.store.provision(A, OWNER.oid, 'grp', { mode: 0o1777 });
        await fn(h);
      } finally {
        await h.close();
      }
    };

    test('create, append at the committed length, ranged reads; a wrong offset is BadOffset and changes nothing', withStore(async ({ store }) => {
      await store.createFile(A, ['d', 'f'], ALICE, { overwrite: false, createParent: true }, [Buffer.from('hello ')]);
      assert.equal(await store.append(A, ['d', 'f'], ALICE, { offset: 6 }, [Buffer.from('wor'), Buffer.from('ld')]), 11);
      assert.equal(await code(() => store.append(A, ['d', 'f'], ALICE, { offset: 6 }, [Buffer.from('again')])), 'BadOffset');
      assert.equal(await store.append(A, ['d', 'f'], ALICE, {}, undefined), 11, 'a zero-length append is valid');
      assert.equal(store.stat(A, ['d', 'f'], ALICE).length, 11);
      assert.equal(await read(store, ['d', 'f']), 'hello world');
      assert.equal(await read(store, ['d', 'f'], OWNER, 4, 3), 'o w');
      assert.equal(await read(store, ['d', 'f'], OWNER, 11), '');
      assert.equal(await code(() => store.openRead(A, ['d', 'f'], OWNER, 12)), 'BadOffset');
      assert.equal(await code(() => store.createFile(A, ['d', 'f'], ALICE, { overwrite: false, createParent: true })), 'AlreadyExists');
      await store.createFile(A, ['d', 'f'], ALICE, { overwrite: true, createParent: true }, [Buffer.from('new')]);
      assert.equal(await read(store, ['d', 'f']), 'new');
    }));

    test('large writes keep every byte in order across many chunks and appends', withStore(async ({ store }) => {
      const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(100_000 + i, i));
      await store.createFile(A, ['big'], OWNER, { overwrite: false, createParent: true }, parts.slice(0, 20));
      let len = parts.slice(0, 20).reduce((n, b) => n + b.length, 0);
      for (const p of parts.slice(20)) len = await store.append(A, ['big'], OWNER, { offset: len }, [p]);
      const back = Buffer.concat(await store.openRead(A, ['big'], OWNER, 0).stream().toArray());
      assert.ok(back.equals(Buffer.concat(parts)));
      const mid = Buffer.concat(await store.openRead(A, ['big'], OWNER, 1_999_990, 30).stream().toArray());
      assert.ok(mid.equals(Buffer.concat(parts).subarray(1_999_990, 2_000_020)));
    }));

    test('a pushed body (a request\'s) is taken with backpressure, and one that fails part way commits nothing', withStore(async ({ store }) => {
      const parts = Array.from({ length: 30 }, (_, i) => Buffer.alloc(64 * 1024 + i, i)); // ~2 MiB: past a durable write batch
      /** Pushes `parts` as a request body does, failing after `failAfter` chunks; counts sink calls made while one was held. */
      const pushed = (failAfter = Infinity) => {
        const seen = { overlapping: 0 };
        const source: ChunkSource = {
          forEachChunk: async (sink) => {
            let holding = false;
            for (const [i, p] of parts.entries()) {
              if (i === failAfter) throw new Error('connection lost');
              if (holding) seen.overlapping++;
              const held = sink(p);
              if (held) {
                holding = true;
                void held.then(() => { holding = false; });
                await held;
              }
            }
          },
        };
        return { source, seen };
      };
      await store.createFile(A, ['pushed'], OWNER, { overwrite: false, createParent: true }, [Buffer.from('head')]);
      const ok = pushed();
      const total = 4 + parts.reduce((n, b) => n + b.length, 0);
      assert.equal(await store.append(A, ['pushed'], OWNER, { offset: 4 }, ok.source), total);
      assert.equal(ok.seen.overlapping, 0, 'no chunk is handed over while the store still holds the body');
      const cut = pushed(17);
      await assert.rejects(store.append(A, ['pushed'], OWNER, { offset: total }, cut.source), /connection lost/);
      assert.equal(store.stat(A, ['pushed'], OWNER).length, total, 'the failed append committed nothing');
      const back = Buffer.concat(await store.openRead(A, ['pushed'], OWNER, 0).stream().toArray());
      assert.ok(back.equals(Buffer.concat([Buffer.from('head'), ...parts])));
      assert.equal(await store.append(A, ['pushed'], OWNER, { offset: total }, [Buffer.from('!')]), total + 1, 'the next append lands right after');
    }));

    test('sending a read to a sink: every byte in order across extents, each chunk intact until the sink is done with it', withStore(async ({ store }) => {
      // Three extents (concat keeps each source's), sizes off the MiB grid, bytes that differ by position.
      const pattern = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));
      const parts = [pattern(1_500_000, 1), pattern(2_600_000, 2), pattern(700_001, 3)];
      for (const [i, p] of parts.entries()) await store.createFile(A, ['s', `p${i}`], OWNER, { overwrite: false, createParent: true }, [p]);
      await store.createFile(A, ['s', 'all'], OWNER, { overwrite: false, createParent: true });
      await store.concat(A, ['s', 'all'], parts.map((_, i) => ['s', `p${i}`]), OWNER, false);
      const whole = Buffer.concat(parts);
      // Three answers at once into sinks that take their time: each copies a chunk only when it releases it,
      // so a buffer reused before its write completed would show up as wrong bytes.
      const slowSink = () => {
        const got: Buffer[] = [];
        const sink = new Writable({ highWaterMark: 64 * 1024, write(chunk: Buffer, _e, cb) { setTimeout(() => { got.push(Buffer.from(chunk)); cb(); }, 1); } });
        return { sink, got };
      };
      const ranges: [number, number | undefined][] = [[0, undefined], [1_499_999, 2_600_002], [4_000_000, 50]];
      const sinks = ranges.map(() => slowSink());
      await Promise.all(ranges.map(([off, len], i) => store.openRead(A, ['s', 'all'], OWNER, off, len).send(sinks[i].sink)));
      for (const [i, [off, len]] of ranges.entries()) {
        assert.equal(sinks[i].sink.writableEnded, false, 'send leaves ending the answer to its caller');
        assert.ok(Buffer.concat(sinks[i].got).equals(whole.subarray(off, len === undefined ? undefined : off + len)), `range ${off}+${len}`);
      }
    }));

    test('a sink that closes mid-read fails the send, and the bytes of the read are released', withStore(async ({ store }) => {
      await store.createFile(A, ['c'], OWNER, { overwrite: false, createParent: true }, [Buffer.alloc(5 * 1024 * 1024, 9)]);
      const fds = () => readdirSync('/proc/self/fd').length;
      const before = fds();
      let chunks = 0;
      const sink = new Writable({ highWaterMark: 1, write(_c, _e, cb) { if (++chunks === 2) sink.destroy(); else cb(); } });
      await assert.rejects(store.openRead(A, ['c'], OWNER, 0).send(sink));
      assert.equal(fds(), before, 'no descriptor left open');
      assert.equal(await read(store, ['c'], OWNER, 5 * 1024 * 1024 - 3), '\t\t\t', 'the file still reads');
      assert.equal(store.delete(A, ['c'], OWNER, false), true);
    }));

    test('appends to one file are serialised: concurrent appends at the same offset apply once, offset-free ones all apply', withStore(async ({ store }) => {
      await store.createFile(A, ['s'], OWNER, { overwrite: false, createParent: true });
      const same = await Promise.all([1, 2, 3].map((i) => code(() => store.append(A, ['s'], OWNER, { offset: 0 }, [Buffer.from(`x${i}`)]))));
      assert.deepEqual(same.sort(), ['BadOffset', 'BadOffset', 'ok']);
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(A, ['s'], OWNER, {}, [Buffer.from(String(i))])));
      const text = await read(store, ['s']);
      assert.equal(text.length, 12);
      assert.deepEqual(text.slice(2).split('').sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }));

    test('listing: ordinal name order (code points), paging after/before/limit, a file lists as itself', withStore(async ({ store }) => {
      const names = ['b', 'a', 'B', 'é', '\u{1F600}', '\uFFFD', 'a0', '10', '9'];
      store.mkdirs(A, ['l'], OWNER);
      for (const n of names) await store.createFile(A, ['l', n], OWNER, { overwrite: false, createParent: false });
      const all = store.list(A, ['l'], OWNER, {}).children.map((c) => c.name);
      assert.deepEqual(all, ['10', '9', 'B', 'a', 'a0', 'b', 'é', '\uFFFD', '\u{1F600}']);
      assert.deepEqual(store.list(A, ['l'], OWNER, { after: 'a', limit: 3 }).children.map((c) => c.name), ['a0', 'b', 'é']);
      assert.deepEqual(store.list(A, ['l'], OWNER, { after: '9', before: 'a0' }).children.map((c) => c.name), ['B', 'a']);
      await store.createFile(A, ['l', 'aa'], OWNER, { overwrite: false, createParent: false });
      assert.equal(store.delete(A, ['l', 'b'], OWNER, false), true);
      assert.equal(store.rename(A, ['l', '9'], ['l', 'zz'], OWNER, false), true);
      assert.deepEqual(store.list(A, ['l'], OWNER, {}).children.map((c) => c.name), ['10', 'B', 'a', 'a0', 'aa', 'zz', 'é', '\uFFFD', '\u{1F600}'],
        'the order holds after creations, deletions and renames');
      const file = store.list(A, ['l', 'a'], OWNER, {});
      assert.equal(file.node.kind, 'file');
      assert.deepEqual(file.children, []);
      assert.deepEqual(store.summary(A, ['l'], OWNER), { directoryCount: 1, fileCount: 9, length: 0 });
    }));

    test('listing in slices: the same entries as one list() with after/before/limit across slice edges; access checked; a file lists as itself', withStore(async ({ store }) => {
      store.mkdirs(A, ['s'], OWNER);
      const names = Array.from({ length: 23 }, (_, i) => `n${String(i).padStart(2, '0')}`);
      for (const n of names) await store.createFile(A, ['s', n], OWNER, { overwrite: false, createParent: false });
      const sliced = async (o: { after?: string; before?: string; limit?: number }, slice: number) => {
        const sizes: number[] = [];
        const got: string[] = [];
        for await (const { children } of store.listSlices(A, ['s'], OWNER, o, slice)) { sizes.push(children.length); got.push(...children.map((c) => c.name)); }
        assert.ok(sizes.every((n) => n <= slice), `slices of at most ${slice}: ${sizes}`);
        return got;
      };
      for (const o of [{}, { limit: 10 }, { limit: 5 }, { after: 'n03', limit: 11 }, { after: 'n04', before: 'n20' }, { before: 'n05' }, { limit: 40 }, { after: 'n22' }]) {
        assert.deepEqual(await sliced(o, 5), store.list(A, ['s'], OWNER, o).children.map((c) => c.name), JSON.stringify(o));
      }
      assert.equal((await sliced({}, 5)).length, 23);
      store.setPermission(A, ['s'], OWNER, 0o705);
      assert.equal(await code(async () => { for await (const _ of store.listSlices(A, ['s'], BOB, {})) { /* every slice */ } }), 'ok');
      store.setPermission(A, ['s'], OWNER, 0o700);
      assert.equal(await code(async () => { for await (const _ of store.listSlices(A, ['s'], BOB, {})) { /* refused before the first slice */ } }), 'AccessDenied');
      const file: string[] = [];
      for await (const { node, children } of store.listSlices(A, ['s', 'n00'], OWNER, {})) { file.push(node.kind); assert.deepEqual(children, []); }
      assert.deepEqual(file, ['file']);
    }));

    test('a listed entry carries every field stat() shows: ACLs, default ACL, expiry, length, times, props, version', withStore(async ({ store, clock }) => {
      store.mkdirs(A, ['f', 'sub'], OWNER);
      store.setAcl(A, ['f', 'sub'], OWNER, [
        { scope: 'access', type: 'user', name: '', perm: 7 }, { scope: 'access', type: 'user', name: 'bob', perm: 5 },
        { scope: 'access', type: 'group', name: '', perm: 5 }, { scope: 'access', type: 'mask', name: '', perm: 5 },
        { scope: 'access', type: 'other', name: '', perm: 0 },
        { scope: 'default', type: 'user', name: '', perm: 7 }, { scope: 'default', type: 'group', name: '', perm: 5 },
        { scope: 'default', type: 'other', name: '', perm: 0 },
      ]);
      await store.createFile(A, ['f', 'x'], OWNER, { overwrite: false, createParent: false, props: { metadata: { k: 'v' }, content: { contentType: 'a/b' } } }, [Buffer.from('12345')]);
      store.setExpiry(A, ['f', 'x'], OWNER, () => clock.now + 60_000);
      store.setTimes(A, ['f', 'x'], OWNER, 1234, 5678);
      await store.createFile(A, ['f', 'y'], OWNER, { overwrite: false, createParent: false, mode: 0o1750 });
      store.setOwner(A, ['f', 'y'], OWNER, 'alice', 'team');
      const listed = store.list(A, ['f'], OWNER, {}).children;
      assert.deepEqual(listed.map((c) => c.name), ['sub', 'x', 'y']);
      for (const c of listed) assert.deepEqual(c, store.stat(A, ['f', c.name], OWNER), c.name);
      const [sub, x, y] = listed;
      assert.deepEqual([y.kind, y.owner, y.group, y.mode, y.parent, sub.kind], ['file', 'alice', 'team', 0o1750, sub.parent, 'dir']);
      assert.ok(x.ctime <= clock.now && x.ctime > 1234);
      assert.equal(sub.acl.length, 2);
      assert.equal(sub.defaultAcl.length, 3);
      assert.deepEqual([x.length, x.mtime, x.atime, x.expiry, x.props], [5, 1234, 5678, clock.now + 60_000, { metadata: { k: 'v' }, content: { contentType: 'a/b' } }]);
      assert.ok(x.version > 0);
    }));

    test('concat moves bytes in order and removes the sources; the first missing source fails it and nothing changes', withStore(async ({ store }) => {
      for (const [n, t] of [['a', 'AA'], ['b', 'BBB'], ['c', 'C']]) await store.createFile(A, ['src', n], OWNER, { overwrite: false, createParent: true }, [Buffer.from(t)]);
      await assert.rejects(store.concat(A, ['out'], [['src', 'a'], ['src', 'nope'], ['src', 'b']], OWNER, false), /does not exist: \/src\/nope$/);
      assert.equal(await code(() => store.stat(A, ['out'], OWNER)), 'NotFound');
      await store.concat(A, ['out'], [['src', 'a'], ['src', 'b']], OWNER, false);
      assert.equal(await read(store, ['out']), 'AABBB');
      assert.equal(await code(() => store.stat(A, ['src', 'a'], OWNER)), 'NotFound');
      await store.concat(A, ['out'], [['src', 'c']], OWNER, true); // appends to an existing file; drops the source folder
      assert.equal(await read(store, ['out']), 'AABBBC');
      assert.equal(await code(() => store.stat(A, ['src'], OWNER)), 'NotFound');
    }));

    test('a change that fails half-way is undone entirely (concat whose source folder the caller may not delete)', withStore(async ({ store }) => {
      store.mkdirs(A, ['shared'], OWNER, 0o777);
      store.setPermission(A, ['shared'], OWNER, 0o1777);
      await store.createFile(A, ['shared', 'mine'], ALICE, { overwrite: false, createParent: false, mode: 0o777 }, [Buffer.from('M')]);
      await store.createFile(A, ['shared', 'theirs'], BOB, { overwrite: false, createParent: false, mode: 0o777 }, [Buffer.from('T')]);
      await store.createFile(A, ['dest'], ALICE, { overwrite: false, createParent: false, mode: 0o777 }, [Buffer.from('D')]);
      // Alice may concat her own file, but dropping the sticky folder would remove Bob's file too: refused.
      assert.equal(await code(() => store.concat(A, ['dest'], [['shared', 'mine']], ALICE, true)), 'AccessDenied');
      assert.equal(await read(store, ['dest']), 'D');
      assert.equal(store.stat(A, ['dest'], OWNER).length, 1);
      assert.equal(await read(store, ['shared', 'mine']), 'M');
      assert.equal(await read(store, ['shared', 'theirs']), 'T');
    }));

    test('rename and delete follow the HDFS table; sticky folders protect other users\' items', withStore(async ({ store }) => {
      store.mkdirs(A, ['x', 'y'], ALICE);
      await store.createFile(A, ['x', 'y', 'f'], ALICE, { overwrite: false, createParent: false }, [Buffer.from('1')]);
      assert.equal(store.rename(A, ['x', 'y', 'f'], ['x', 'g'], ALICE, false), true);
      assert.equal(store.rename(A, ['x', 'missing'], ['x', 'h'], ALICE, false), false);
      assert.equal(store.rename(A, ['x'], ['x', 'y', 'inside'], ALICE, false), false);
      assert.equal(store.rename(A, ['x', 'g'], ['x', 'y'], ALICE, false), true, 'onto a directory moves inside it');
      assert.equal(await read(store, ['x', 'y', 'g']), '1');
      assert.equal(await code(() => store.delete(A, ['x'], ALICE, false)), 'NotEmpty');
      assert.equal(await code(() => store.delete(A, ['x'], BOB, true)), 'AccessDenied', 'the root is sticky: not Bob\'s to remove');
      assert.equal(store.delete(A, ['x'], ALICE, true), true);
      assert.equal(store.delete(A, ['x'], ALICE, true), false);
    }));

    test('permissions and ACLs decide access: owner, named user through the mask, other', withStore(async ({ store }) => {
      await store.createFile(A, ['p'], ALICE, { overwrite: false, createParent: false, mode: 0o700 }, [Buffer.from('secret')]);
      assert.equal(await code(() => store.openRead(A, ['p'], BOB, 0)), 'AccessDenied');
      store.setAcl(A, ['p'], ALICE, [
        { scope: 'access', type: 'user', name: '', perm: 7 }, { scope: 'access', type: 'user', name: 'bob', perm: 4 },
        { scope: 'access', type: 'group', name: '', perm: 0 }, { scope: 'access', type: 'mask', name: '', perm: 4 },
        { scope: 'access', type: 'other', name: '', perm: 0 },
      ]);
      assert.equal(await read(store, ['p'], BOB), 'secret');
      assert.equal(await code(() => store.append(A, ['p'], BOB, {}, [Buffer.from('!')])), 'AccessDenied');
      store.setPermission(A, ['p'], ALICE, 0o700); // the group digit sets the mask to ---
      assert.equal(await code(() => store.openRead(A, ['p'], BOB, 0)), 'AccessDenied');
      assert.equal(await code(() => store.setOwner(A, ['p'], ALICE, 'bob')), 'NotSuperUser');
      store.setOwner(A, ['p'], OWNER, 'bob');
      assert.equal(await read(store, ['p'], BOB), 'secret');
      assert.equal(store.acl(A, ['p'], OWNER).entries.some((e) => e.type === 'user' && e.name === 'bob'), true);
    }));

    test('expiry removes a file once its time has passed; times can be set', withStore(async ({ store, clock }) => {
      await store.createFile(A, ['e'], OWNER, { overwrite: false, createParent: false }, [Buffer.from('bye')]);
      store.setTimes(A, ['e'], OWNER, 1000, 2000);
      assert.deepEqual([store.stat(A, ['e'], OWNER).mtime, store.stat(A, ['e'], OWNER).atime], [1000, 2000]);
      store.setExpiry(A, ['e'], OWNER, () => clock.now + 5000);
      assert.equal(store.stat(A, ['e'], OWNER).expiry, clock.now + 5000);
      clock.now += 5000;
      assert.equal(await code(() => store.stat(A, ['e'], OWNER)), 'NotFound');
      assert.equal(await code(() => store.setExpiry(A, [], OWNER, () => 1)), 'InvalidArgument');
    }));

    test('leases: another writer is refused while the lease is renewed, a release or the soft limit frees the file', withStore(async (h) => {
      const { store, clock } = h;
      await store.createFile(A, ['l'], OWNER, { overwrite: false, createParent: false }, undefined, { id: 'w1', release: false });
      assert.equal(await code(() => store.append(A, ['l'], OWNER, { lease: { id: 'w2', release: false } }, [Buffer.from('x')])), 'LeaseConflict');
      await store.append(A, ['l'], OWNER, { lease: { id: 'w1', release: false } }, [Buffer.from('a')]);
      if (h.reopen) {
        const again = h.reopen(); // persisted: a restart keeps the writer's lease
        assert.equal(await code(() => again.store.append(A, ['l'], OWNER, { lease: { id: 'w2', release: false } }, [Buffer.from('x')])), 'LeaseConflict');
        await again.store.close();
      }
      await store.append(A, ['l'], OWNER, { lease: { id: 'w1', release: true } }, [Buffer.from('b')]);
      await store.append(A, ['l'], OWNER, { lease: { id: 'w2', release: false } }, [Buffer.from('c')]);
      clock.now += 60_000;
      await store.append(A, ['l'], OWNER, { lease: { id: 'w3', release: true } }, [Buffer.from('d')]);
      assert.equal(await read(store, ['l']), 'abcd');
    }));

    test('Gen2 path leases: kept with the inode, atomic updates, persisted, gone with the path and never inherited', withStore(async (h) => {
      const { store } = h;
      await store.createFile(A, ['pl'], OWNER, { overwrite: false, createParent: false }, [Buffer.from('x')]);
      const id = store.stat(A, ['pl'], OWNER).id;
      assert.equal(store.pathLease(id), undefined);
      const lease = { id: 'l-1', duration: -1, expiresAt: 0 };
      assert.equal(store.updatePathLease(id, (cur) => ({ lease: lease, result: cur })), undefined);
      assert.deepEqual(store.pathLease(id), lease);
      // A failing update changes nothing.
      assert.throws(() => store.updatePathLease(id, () => { throw new Error('refused'); }), /refused/);
      store.updatePathLease(id, (cur) => ({ lease: { ...cur!, breakAt: 5 }, result: undefined }));
      assert.deepEqual(store.pathLease(id), { ...lease, breakAt: 5 });
      if (h.reopen) {
        const again = h.reopen(); // persisted: a restart keeps the lease
        assert.deepEqual(again.store.pathLease(id), { ...lease, breakAt: 5 });
        await again.store.close();
      }
      store.rename(A, ['pl'], ['moved'], OWNER, true);
      assert.deepEqual(store.pathLease(store.stat(A, ['moved'], OWNER).id), { ...lease, breakAt: 5 }, 'the lease follows the file');
      store.delete(A, ['moved'], OWNER, false);
      assert.equal(store.pathLease(id), undefined);
      assert.equal(await code(() => store.updatePathLease(id, () => ({ lease, result: 0 }))), 'NotFound');
      await store.createFile(A, ['moved'], OWNER, { overwrite: false, createParent: false }, [Buffer.from('y')]);
      assert.equal(store.pathLease(store.stat(A, ['moved'], OWNER).id), undefined, 'a new file at the path starts free');
    }));

    test('a read handle keeps its bytes when the file is deleted meanwhile; the collector then frees them', withStore(async ({ store, extents }) => {
      await store.createFile(A, ['r'], OWNER, { overwrite: false, createParent: false }, [Buffer.alloc(3 * 1024 * 1024, 1)]);
      const h = store.openRead(A, ['r'], OWNER, 0);
      assert.equal(store.delete(A, ['r'], OWNER, false), true);
      await store.settle();
      assert.equal(await countExtents(extents), 0, 'no extent is referenced any more');
      const back = Buffer.concat(await h.stream().toArray());
      assert.equal(back.length, 3 * 1024 * 1024);
      assert.ok(back.every((b) => b === 1));
    }));

    test('the collector removes extents no file references, and only those (failed writes, overwrites, account removal)', withStore(async ({ store, extents }) => {
      await store.createFile(A, ['k'], OWNER, { overwrite: false, createParent: false }, [Buffer.from('keep')]);
      await store.createFile(A, ['o'], OWNER, { overwrite: false, createParent: false }, [Buffer.from('old')]);
      await store.createFile(A, ['o'], OWNER, { overwrite: true, createParent: false }, [Buffer.from('new')]);
      const failing = (async function* () { yield Buffer.from('partial'); throw new Error('client went away'); })();
      await assert.rejects(store.createFile(A, ['f'], OWNER, { overwrite: false, createParent: false }, failing), /client went away/);
      await store.settle();
      assert.equal(await countExtents(extents), 2);
      assert.equal(await code(() => store.stat(A, ['f'], OWNER)), 'NotFound');
      const orphan = extents.newId();
      await extents.write(orphan, 0, [Buffer.from('nobody')], true);
      const swept = await store.start(); // the sweep finds what no candidate list named
      assert.equal(swept.removed, 1);
      assert.equal(await read(store, ['k']), 'keep');
      await store.destroy(A);
      assert.equal(store.hasNamespace(A), false);
      assert.equal(await countExtents(extents), 0);
    }));

    test('staged pieces: invisible until committed, appended in order (DFS flush) or replacing the content (block list)', withStore(async (h) => {
      const { store } = h;
      await store.createFile(A, ['s'], ALICE, { overwrite: false, createParent: false }, [Buffer.from('ab')]);
      assert.equal(await store.stage(A, ['s'], ALICE, 'p2', [Buffer.from('cd')]), 2);
      assert.equal(await store.stage(A, ['s'], ALICE, 'p4', [Buffer.from('XX')]), 2);
      await store.stage(A, ['s'], ALICE, 'p4', [Buffer.from('ef')]); // a key staged again replaces its piece
      await store.stage(A, ['s'], ALICE, 'p9', [Buffer.from('zz')]);
      assert.equal(store.stat(A, ['s'], ALICE).length, 2, 'staged bytes are not part of the file');
      assert.deepEqual(store.listStaged(A, ['s'], ALICE).map((p) => [p.key, p.length]), [['p2', 2], ['p4', 2], ['p9', 2]]);
      assert.equal(await code(() => store.commitStaged(A, ['s'], ALICE, ['p2'], { mode: 'append', expectLength: 5 })), 'BadOffset');
      assert.equal(await code(() => store.commitStaged(A, ['s'], ALICE, ['p2', 'nope'], { mode: 'append' })), 'InvalidArgument');
      assert.equal(await code(() => store.stage(A, ['s'], BOB, 'b', [Buffer.from('no')])), 'AccessDenied');
      const v0 = store.stat(A, ['s'], ALICE).version;
      const node = await store.commitStaged(A, ['s'], ALICE, ['p2', 'p4'], { mode: 'append', expectLength: 2, retainOthers: true, props: { content: { contentType: 'text/plain' } } });
      assert.equal(node.length, 6);
      assert.ok(node.version > v0, 'every change moves the version (ETag)');
      assert.equal(node.props.content?.contentType, 'text/plain');
      assert.equal(await read(store, ['s']), 'abcdef');
      assert.deepEqual(store.listStaged(A, ['s'], ALICE).map((p) => p.key), ['p9'], 'retained');
      await store.stage(A, ['s'], ALICE, 'b1', [Buffer.from('one')]);
      await store.stage(A, ['s'], ALICE, 'b2', [Buffer.from('two')]);
      const replaced = await store.commitStaged(A, ['s'], ALICE, ['b2', 'b1'], { mode: 'replace' });
      assert.equal(await read(store, ['s']), 'twoone');
      assert.deepEqual(replaced.props.pieces, [{ key: 'b2', length: 3 }, { key: 'b1', length: 3 }]);
      assert.equal(replaced.props.content?.contentType, 'text/plain', 'content headers stay unless replaced');
      assert.deepEqual(store.listStaged(A, ['s'], ALICE), [], 'the rest is dropped');
      await store.settle();
      assert.equal(await countExtents(h.extents), 2, 'dropped and replaced pieces are collected');
      await store.stage(A, ['s'], ALICE, 'gone', [Buffer.from('bye')]);
      store.delete(A, ['s'], ALICE, false);
      await store.settle();
      assert.equal(await countExtents(h.extents), 0, 'deleting the file frees its staged pieces');
      if (h.reopen) {
        await store.createFile(A, ['d'], ALICE, { overwrite: false, createParent: false });
        await store.stage(A, ['d'], ALICE, 'k', [Buffer.from('durable')]);
        const again = h.reopen();
        assert.deepEqual(again.store.listStaged(A, ['d'], ALICE).map((p) => p.key), ['k'], 'staged pieces survive a restart');
        assert.equal((await again.store.start()).removed, 0, 'and the start-up sweep keeps them');
        await again.store.commitStaged(A, ['d'], ALICE, ['k'], { mode: 'append' });
        assert.equal(await read(again.store, ['d']), 'durable');
      }
    }));

    test('rename into another namespace (Gen2 file systems of one account): the subtree moves with its bytes', withStore(async ({ store }) => {
      store.provision('other', OWNER.oid, 'grp', { mode: 0o1777 });
      await store.createFile(A, ['m', 'f'], ALICE, { overwrite: false, createParent: true }, [Buffer.from('moved')]);
      assert.equal(store.rename(A, ['m'], ['n'], ALICE, false, 'other'), true);
      assert.equal(await code(() => store.stat(A, ['m'], ALICE)), 'NotFound');
      const h = store.openRead('other', ['n', 'f'], ALICE, 0);
      assert.equal(Buffer.concat(await h.stream().toArray()).toString(), 'moved');
      assert.equal(store.rename('other', ['nothing'], ['m'], ALICE, false, A), false, 'a missing source is false');
      assert.equal(await code(() => store.rename('other', ['n'], ['m'], BOB, false, A)), 'AccessDenied', 'the sticky root protects alice\'s directory');
    }));

    test('path props: metadata and content headers at creation and later, umask per creation, version per change', withStore(async ({ store }) => {
      const f = await store.createFile(A, ['p'], ALICE, { overwrite: false, createParent: false, mode: 0o666, umask: 0o027, props: { metadata: { a: '1' } } });
      assert.equal(f.mode & 0o777, 0o640);
      assert.deepEqual(f.props.metadata, { a: '1' });
      const d = store.mkdirs(A, ['q', 'r'], ALICE, 0o777, { umask: 0o027, props: { metadata: { hdi_isfolder: 'true' } } });
      assert.equal(d.mode & 0o777, 0o750);
      assert.deepEqual(store.stat(A, ['q', 'r'], ALICE).props.metadata, { hdi_isfolder: 'true' });
      const after = store.setProps(A, ['p'], ALICE, { content: { contentType: 'x/y', contentMd5: 'abc=' } });
      assert.deepEqual(after.props, { metadata: { a: '1' }, content: { contentType: 'x/y', contentMd5: 'abc=' } });
      assert.ok(after.version > f.version);
      store.setProps(A, ['p'], ALICE, { metadata: {} });
      assert.equal(store.stat(A, ['p'], ALICE).props.metadata, undefined, 'empty metadata is no metadata');
      assert.equal(await code(() => store.setProps(A, ['p'], BOB, { metadata: { x: 'y' } })), 'AccessDenied');
      assert.throws(() => { (store.stat(A, ['p'], ALICE).props as { content: { contentType: string } }).content.contentType = 'z'; }, TypeError, 'props handed out are frozen');
    }));
  });
}
