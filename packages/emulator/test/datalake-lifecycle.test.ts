// Data-plane lifecycle: downloads cut short, inode ids, lease bookkeeping, a stop that waits for running handlers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LEASE_SOFT_LIMIT_MS } from '../src/defaults.js';
import type { Caller } from '../src/store/access.js';
import { migrate, openDatabase } from '../src/store/db.js';
import { FileExtents } from '../src/store/file-extents.js';
import { LeaseTable } from '../src/store/leases.js';
import { MemoryMetadata } from '../src/store/memory-metadata.js';
import type { Namespace } from '../src/store/namespace.js';
import { namespaceMigrations } from '../src/store/namespace-schema.js';
import { openStore } from '../src/store/open-store.js';
import { HOST, startDataLake } from './datalake-support.js';

describe('OPEN streaming', () => {
  test('a client going away mid-download is not logged as an unexpected error; the server goes on serving', async () => {
    const dl = await startDataLake();
    const warnings: string[] = [];
    dl.t.emu.core.log.warn = (m) => void warnings.push(m);
    try {
      const size = 32 * 1024 * 1024;
      assert.equal((await dl.call('PUT', '/webhdfs/v1/big.bin?op=CREATE&write=true', { body: Buffer.alloc(size, 1) })).status, 201);
      await new Promise<void>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1', port: dl.t.emu.port, servername: HOST, ca: dl.t.emu.core.ca.caCertPem,
          path: '/webhdfs/v1/big.bin?op=OPEN&read=true', headers: { host: HOST, authorization: `Bearer ${dl.alice}` },
        });
        req.on('response', (res) => res.once('data', () => { req.destroy(); resolve(); }));
        req.on('error', (e) => { if (!req.destroyed) reject(e); });
        req.end();
      });
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(warnings, []);
      const again = await dl.call('GET', '/webhdfs/v1/big.bin?op=OPEN&read=true&offset=0&length=10');
      assert.equal(again.status, 200);
      assert.equal(again.text.length, 10);
    } finally {
      await dl.stop();
    }
  });

  test('a client going away mid-download closes every extent fd exactly once (no double close of a reused fd number)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-reply-'));
    const closes = new Map<number, number>();
    const count = (fd: number) => closes.set(fd, (closes.get(fd) ?? 0) + 1);
    const { close, closeSync, openSync: open } = fs;
    const opened: number[] = [];
    fs.close = ((fd: number, cb?: (e: NodeJS.ErrnoException | null) => void) => { count(fd); return close(fd, cb); }) as typeof fs.close;
    fs.closeSync = (fd: number) => { count(fd); return closeSync(fd); };
    fs.openSync = ((...args: Parameters<typeof open>) => { const fd = open(...args); opened.push(fd); return fd; }) as typeof fs.openSync;
    syncBuiltinESMExports();
    try {
      const extents = new FileExtents(join(dir, 'data'));
      const ids = ['a', 'b', 'c'].map(() => extents.newId());
      for (const id of ids) await extents.write(id, 0, [Buffer.alloc(4 * 1024 * 1024, 7)], true);
      const slices = ids.map((extent) => ({ extent, start: 0, end: 4 * 1024 * 1024 }));
      slices.push({ extent: ids[0], start: 5, end: 5 }); // empty: never streamed
      opened.length = 0;
      closes.clear(); // only what the read closes counts
      const pinned = extents.pin(slices);
      // A response whose client disconnects on the first chunk.
      const res = new Writable({ write(_c, _e, cb) { cb(new Error('socket hang up')); } });
      await assert.rejects(pipeline(pinned.stream(), res));
      pinned.release(); // a second release changes nothing
      // A stream closes its fd once its pending read returns, which takes as long as the machine's load says:
      // wait until every fd is closed (or 10 s), then a little longer so that a second close would show.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && opened.some((fd) => !closes.get(fd));) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(opened.length, 4);
      for (const fd of opened) assert.equal(closes.get(fd), 1, `fd ${fd} closed ${closes.get(fd) ?? 0} times`);
    } finally {
      fs.close = close;
      fs.closeSync = closeSync;
      fs.openSync = open;
      syncBuiltinESMExports();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const BLOB1 = 'ab'.repeat(16);
const SU: Caller = { oid: 'owner', groups: ['owner'], superUser: true };

async function withStore(fn: (store: Namespace, dir: string) => Promise<void> | void, before?: (db: ReturnType<typeof openDatabase>, dir: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'adls-ns-'));
  const db = openDatabase(dir);
  try {
    before?.(db, dir);
    const store = openStore({ kind: 'durable', db, location: dir }, Date.now, () => { /* a test closed the database under the collector */ });
    store.provision('acct', 'owner', 'owner', { mode: 0o770 });
    try {
      await fn(store, dir);
    } finally {
      await store.close();
    }
  } finally {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('inode ids', () => {
  test('the id of a deleted newest file is never given to a new file (leases and append locks key on it)', () => {
    return withStore(async (store) => {
      const a = await store.createFile('acct', ['a'], SU, { overwrite: false, createParent: true });
      assert.equal(store.delete('acct', ['a'], SU, false), true);
      const b = await store.createFile('acct', ['b'], SU, { overwrite: false, createParent: true });
      assert.ok(b.id > a.id, `new file got id ${b.id}, deleted one had ${a.id}`);
    });
  });

  test('the migration keeps existing inodes and extents (ids, bytes) of a database made before it', () => {
    return withStore(async (store) => {
      assert.equal(store.stat('acct', ['d', 'f'], SU).length, 5);
      assert.equal(store.stat('acct', ['d', 'f'], SU).id, 42);
      const read = store.openRead('acct', ['d', 'f'], SU, 0);
      assert.equal(Buffer.concat(await read.stream().toArray()).toString(), 'hello');
      store.delete('acct', ['d', 'f'], SU, false);
      assert.ok((await store.createFile('acct', ['g'], SU, { overwrite: false, createParent: true })).id > 42);
    }, (db, dir) => {
      mkdirSync(join(dir, 'data', BLOB1.slice(0, 2)), { recursive: true });
      writeFileSync(join(dir, 'data', BLOB1.slice(0, 2), BLOB1), 'hello');
      migrate(db, namespaceMigrations.slice(0, 1));
      const ins = db.prepare(`INSERT INTO dl_inodes (id, parent, name, kind, owner, grp, mode, atime, mtime, ctime, length)
        VALUES (?, ?, ?, ?, 'owner', 'owner', 504, 0, 0, 0, ?)`);
      ins.run(1, null, '', 'dir', 0);
      ins.run(2, 1, 'd', 'dir', 0);
      ins.run(42, 2, 'f', 'file', 5);
      db.prepare('INSERT INTO dl_namespaces (account, root_id) VALUES (?, ?)').run('acct', 1);
      db.prepare('INSERT INTO dl_extents (file_id, seq, blob, length) VALUES (42, 0, ?, 5)').run(BLOB1);
    });
  });
});

describe('store lookups', () => {
  test('concat: the first missing source is NotFound, naming it; database failures surface', () => {
    return withStore(async (store) => {
      await store.createFile('acct', ['f'], SU, { overwrite: false, createParent: true }, [Buffer.from('ab')]);
      await assert.rejects(store.concat('acct', ['j'], [['f'], ['f', 'below'], ['nor-this']], SU, false), /does not exist: \/f\/below$/);
      assert.equal(store.stat('acct', ['f'], SU).length, 2);
      ((store as unknown as { meta: { db: { close(): void } } }).meta.db).close();
      await assert.rejects(store.concat('acct', ['x'], [['f']], SU, false), /not open/);
    });
  });
});

describe('leases', () => {
  test('lapsed lease entries are swept, so files deleted without CLOSE do not pile up', () => {
    let now = 0;
    const meta = new MemoryMetadata();
    const leases = new LeaseTable(meta, () => now);
    for (let id = 1; id <= 100; id++) leases.record(id, { id: `lease-${id}`, release: false });
    assert.equal(meta.lease(100)?.id, 'lease-100');
    now += LEASE_SOFT_LIMIT_MS;
    leases.record(1000, { id: 'fresh', release: false });
    assert.equal(meta.lease(1), undefined);
    assert.equal(meta.lease(100), undefined);
    assert.throws(() => leases.check(1000, { id: 'other', release: false }), /another writer/);
  });
});

describe('stop()', () => {
  test('waits for a handler still running before it closes the database (the work is not cut half-way)', async () => {
    const location = mkdtempSync(join(tmpdir(), 'adls-stop-'));
    try {
      const dl = await startDataLake({ location, faults: { rate503: 0, rate429: 0, rateDrop: 0, slowMs: 400 } });
      const warnings: string[] = [];
      dl.t.emu.core.log.warn = (m) => void warnings.push(m);
      const pending = dl.call('PUT', '/webhdfs/v1/made-while-stopping?op=MKDIRS').catch(() => undefined);
      // Wait (without a fixed sleep) until the request is inside the handler, in its 400 ms fault delay.
      for (let i = 0; i < 500 && dl.t.emu.requestsInFlight === 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(dl.t.emu.requestsInFlight, 1, 'the MKDIRS is being handled');
      await dl.t.emu.stop();
      await pending;
      await dl.t.agent.destroy();
      assert.deepEqual(warnings, []);
      const again = await startDataLake({ location });
      try {
        assert.equal((await again.call('GET', '/webhdfs/v1/made-while-stopping?op=GETFILESTATUS')).status, 200);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(location, { recursive: true, force: true });
    }
  });
});
