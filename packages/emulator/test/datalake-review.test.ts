// Regression tests of the data-plane review findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Leases, LEASE_SOFT_LIMIT_MS } from '../src/datalake/leases.js';
import { Reply } from '../src/datalake/reply.js';
import type { Caller } from '../src/store/access.js';
import { BlobStore } from '../src/store/blobs.js';
import { migrate, openDatabase } from '../src/store/db.js';
import { NamespaceStore } from '../src/store/namespace.js';
import { namespaceMigrations } from '../src/store/namespace-schema.js';
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

  test('a client going away mid-download closes every blob fd exactly once (no double close of a reused fd number)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-reply-'));
    const closes = new Map<number, number>();
    const count = (fd: number) => closes.set(fd, (closes.get(fd) ?? 0) + 1);
    const { close, closeSync } = fs;
    fs.close = ((fd: number, cb?: (e: NodeJS.ErrnoException | null) => void) => { count(fd); return close(fd, cb); }) as typeof fs.close;
    fs.closeSync = (fd: number) => { count(fd); return closeSync(fd); };
    syncBuiltinESMExports();
    try {
      for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, name), Buffer.alloc(4 * 1024 * 1024, 7));
      const ranges = ['a', 'b', 'c'].map((n) => ({ fd: openSync(join(dir, n), 'r'), start: 0, end: 4 * 1024 * 1024 }));
      ranges.push({ fd: openSync(join(dir, 'a'), 'r'), start: 5, end: 5 }); // empty: never streamed
      closes.clear(); // only what bytes() closes counts
      // A response whose client disconnects on the first chunk.
      const res = new Writable({ write(_c, _e, cb) { cb(new Error('socket hang up')); } }) as Writable & Record<string, unknown>;
      res.writeHead = () => res;
      res.flushHeaders = () => undefined;
      const ctx = { res, req: { socket: { destroy: () => undefined } }, requestId: 'r' };
      await assert.rejects(new Reply(ctx as never, false, Date.now).bytes(ranges));
      await new Promise((r) => setTimeout(r, 50)); // let any stream close callbacks run
      for (const r of ranges) assert.equal(closes.get(r.fd), 1, `fd ${r.fd} closed ${closes.get(r.fd) ?? 0} times`);
    } finally {
      fs.close = close;
      fs.closeSync = closeSync;
      syncBuiltinESMExports();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const BLOB1 = 'ab'.repeat(16);
const SU: Caller = { oid: 'owner', groups: ['owner'], superUser: true };

function withStore(fn: (store: NamespaceStore, dir: string) => void, before?: (db: ReturnType<typeof openDatabase>) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'adls-ns-'));
  const db = openDatabase(dir);
  try {
    before?.(db);
    migrate(db, namespaceMigrations);
    const store = new NamespaceStore(db, new BlobStore(join(dir, 'data')), Date.now);
    store.provision('acct', 'owner', 'owner', { mode: 0o770 });
    fn(store, dir);
  } finally {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('inode ids', () => {
  test('the id of a deleted newest file is never given to a new file (leases and append locks key on it)', () => {
    withStore((store) => {
      const a = store.createFile('acct', ['a'], SU, { overwrite: false, createParent: true });
      assert.equal(store.delete('acct', ['a'], SU, false), true);
      const b = store.createFile('acct', ['b'], SU, { overwrite: false, createParent: true });
      assert.ok(b.id > a.id, `new file got id ${b.id}, deleted one had ${a.id}`);
    });
  });

  test('the migration keeps existing inodes and extents (ids, bytes) of a database made before it', () => {
    withStore((store) => {
      assert.equal(store.stat('acct', ['d', 'f'], SU).length, 5);
      assert.equal(store.stat('acct', ['d', 'f'], SU).id, 42);
      assert.deepEqual(store.readPlan('acct', ['d', 'f'], SU, 0).slices, [{ blob: BLOB1, start: 0, end: 5 }]);
      store.delete('acct', ['d', 'f'], SU, false);
      assert.ok(store.createFile('acct', ['g'], SU, { overwrite: false, createParent: true }).id > 42);
    }, (db) => {
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
  test('concatIds: a missing destination is undefined, the first missing source is NotFound, database failures surface', () => {
    withStore((store) => {
      const f = store.createFile('acct', ['f'], SU, { overwrite: false, createParent: true });
      assert.deepEqual(store.concatIds('acct', ['missing'], [['f']], SU), { dest: undefined, sources: [f.id] });
      assert.throws(() => store.concatIds('acct', ['f'], [['f', 'below'], ['nor-this']], SU), /does not exist: \/f\/below/);
      (store as unknown as { db: { close(): void } }).db.close();
      assert.throws(() => store.concatIds('acct', ['x'], [['f']], SU), /not open/);
    });
  });
});

describe('leases', () => {
  test('lapsed lease entries are swept, so files deleted without CLOSE do not pile up', () => {
    let now = 0;
    const leases = new Leases(() => now);
    for (let id = 1; id <= 100; id++) leases.update(id, `lease-${id}`, 'DATA');
    assert.equal(leases.size, 100);
    now += LEASE_SOFT_LIMIT_MS;
    leases.update(1000, 'fresh', 'DATA');
    assert.equal(leases.size, 1);
    assert.throws(() => leases.check(1000, 'other'), /another writer/);
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
