// Transfers against the in-process emulator (real HTTPS, real tokens, the real data plane).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AbortError, AlreadyExistsError, defaultStateDir, download, remoteFromClient, upload } from 'adls-gen1';
import { killMidway, readStateFile, recording, sha, shaFile, startHarness, stopHarness, type Harness } from './transfer-harness.js';

const KiB = 1024;

describe('transfers against the emulator', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  const small = { chunkSize: 64 * KiB, blockSize: 16 * KiB, concurrency: 4, adaptChunkSize: false };

  for (const size of [0, 1, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 64 * KiB * 7 + 123]) {
    it(`round-trips ${size} bytes byte-identical, with checksums`, async () => {
      const data = randomBytes(size);
      const local = join(h.dir, `in-${size}`);
      await writeFile(local, data);
      const up = await upload(h.fs, local, `/rt/f-${size}.bin`, { ...small, verify: 'checksum' });
      assert.equal(up.bytes, size);
      assert.equal((await h.fs.stat(`/rt/f-${size}.bin`)).length, size);
      assert.deepEqual((await h.fs.ls('/rt')).filter((s) => s.name.includes('.segments.')), [], 'segments folder removed by MSCONCAT');
      const out = join(h.dir, `out-${size}`);
      await download(h.fs, `/rt/f-${size}.bin`, out, { ...small, verify: 'checksum' });
      assert.equal(sha(await readFile(out)), sha(data));
      assert.deepEqual((await readdir(h.dir)).filter((n) => n.includes('.adls-')), [], 'no state or partial files left');
    });
  }

  it('flushes a downloaded file to the disk before the rename only when fsync is asked for', async () => {
    await h.fs.create('/rt/fsync.bin', randomBytes(3 * KiB), { overwrite: true });
    const probe = await open(join(h.dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const real = proto.datasync;
    const flushed: number[] = [];
    proto.datasync = async function (this: { fd: number }) { flushed.push(this.fd); return real.call(this); };
    try {
      await download(h.fs, '/rt/fsync.bin', join(h.dir, 'fsync-default.bin'), small);
      assert.equal(flushed.length, 0, 'no flush by default');
      await download(h.fs, '/rt/fsync.bin', join(h.dir, 'fsync-on.bin'), { ...small, fsync: true });
      assert.equal(flushed.length, 1, 'one flush of the partial file');
    } finally {
      proto.datasync = real;
    }
    assert.equal((await stat(join(h.dir, 'fsync-on.bin'))).size, 3 * KiB);
  });

  it('round-trips a tree (nested, empty folders, awkward names)', async () => {
    const src = join(h.dir, 'tree');
    const files: Record<string, Buffer> = {
      'a.txt': randomBytes(5), 'sub/big.bin': randomBytes(300 * KiB), 'sub/deeper/empty.bin': Buffer.alloc(0),
      'sp ace+plus%#.bin': randomBytes(70 * KiB), 'ünï/cödé.txt': randomBytes(100),
    };
    for (const [rel, data] of Object.entries(files)) {
      await mkdir(join(src, rel, '..'), { recursive: true });
      await writeFile(join(src, rel), data);
    }
    await mkdir(join(src, 'empty-dir'), { recursive: true });
    const up = await upload(h.fs, src, '/trees/t1', small);
    assert.equal(up.files, 5);
    assert.equal((await h.fs.stat('/trees/t1/empty-dir')).type, 'DIRECTORY');
    const out = join(h.dir, 'tree-out');
    const down = await download(h.fs, '/trees/t1', out, small);
    assert.equal(down.files, 5);
    for (const [rel, data] of Object.entries(files)) assert.equal(sha(await readFile(join(out, rel))), sha(data), rel);
    assert.deepEqual(await readdir(join(out, 'empty-dir')), []);
    await assert.rejects(upload(h.fs, src, '/trees/t1', small), AlreadyExistsError);
    await assert.rejects(download(h.fs, '/trees/t1', out, small), AlreadyExistsError);
  });

  it('abort during an upload leaves no target; abort during a download leaves no final file', async () => {
    const data = randomBytes(64 * KiB * 10);
    const local = join(h.dir, 'abort.bin');
    await writeFile(local, data);
    const ac = new AbortController();
    await assert.rejects(upload(h.fs, local, '/abort/x.bin', { ...small, concurrency: 2, abortSignal: ac.signal, onProgress: (p) => { if (p.chunksDone >= 2) ac.abort(); } }), AbortError);
    assert.equal(await h.fs.exists('/abort/x.bin'), false);
    await upload(h.fs, local, '/abort/y.bin', small);
    const ac2 = new AbortController();
    const out = join(h.dir, 'abort-out.bin');
    await assert.rejects(download(h.fs, '/abort/y.bin', out, { ...small, concurrency: 2, abortSignal: ac2.signal, onProgress: (p) => { if (p.chunksDone >= 2) ac2.abort(); } }), AbortError);
    await assert.rejects(stat(out), { code: 'ENOENT' });
    // ...and the interrupted download resumes.
    const r = await download(h.fs, '/abort/y.bin', out, { ...small, resume: true });
    assert.ok(r.chunksResumed >= 2);
    assert.equal(sha(await readFile(out)), sha(data));
  });

  it('an upload killed mid-way resumes without re-sending finished chunks', async () => {
    const data = randomBytes(64 * KiB * 24 + 999);
    const local = join(h.dir, 'killed-up.bin');
    await writeFile(local, data);
    const stateDir = join(h.dir, 'state');
    const seen = await killMidway(h, { direction: 'upload', from: local, to: '/killed/up.bin', ...small, concurrency: 2, delayMs: 60, stateDir }, 4);
    assert.ok(seen >= 4);
    assert.equal(await h.fs.exists('/killed/up.bin'), false, 'no target before the concat');
    const state = await readStateFile(stateDir, local);
    assert.ok(state && state.done.length >= 4 && state.segmentsDir);
    const doneSegments = new Set(state.done.map((i) => `${state.segmentsDir}/up.bin_${i * small.chunkSize}`));
    const rec = recording(remoteFromClient(h.fs));
    const r = await upload(rec.remote, local, '/killed/up.bin', { ...small, resume: true, stateDir });
    // A segment the service finished after the last state write counts too: its length says it is complete.
    assert.ok(r.chunksResumed >= state.done.length, `${r.chunksResumed} < ${state.done.length}`);
    assert.equal(r.chunksResumed + r.chunksTransferred, 25);
    assert.deepEqual(rec.creates.filter((p) => doneSegments.has(p)), [], 'finished chunks were sent again');
    const out = join(h.dir, 'killed-up.out');
    await download(h.fs, '/killed/up.bin', out, small);
    assert.equal(sha(await readFile(out)), sha(data));
  });

  it('a download killed mid-way resumes without re-reading finished chunks', async () => {
    const data = randomBytes(64 * KiB * 24 + 7);
    const local = join(h.dir, 'killed-down.src');
    await writeFile(local, data);
    await upload(h.fs, local, '/killed/down.bin', small);
    const out = join(h.dir, 'killed-down.bin');
    const seen = await killMidway(h, { direction: 'download', from: '/killed/down.bin', to: out, ...small, concurrency: 2, delayMs: 60 }, 4);
    assert.ok(seen >= 4);
    await assert.rejects(stat(out), { code: 'ENOENT' });
    const state = await readStateFile(defaultStateDir(), out);
    assert.ok(state && state.done.length >= 4);
    const rec = recording(remoteFromClient(h.fs));
    const r = await download(rec.remote, '/killed/down.bin', out, { ...small, resume: true });
    assert.equal(r.chunksResumed, state.done.length);
    const doneOffsets = new Set(state.done.map((i) => i * small.chunkSize));
    assert.deepEqual(rec.reads.filter(([, off]) => doneOffsets.has(off)), [], 'finished chunks were read again');
    assert.equal(sha(await readFile(out)), sha(data));
  });
});

describe('transfers under injected faults (5% 503, 2% dropped connections)', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ faults: { rate503: 0.05, rate429: 0, rateDrop: 0.02, slowMs: 0 } }, 8, 10); });
  after(async () => { await stopHarness(h); });

  it('a 200 MB upload and download complete byte-identical', { timeout: 600_000 }, async () => {
    const size = 200 * 1000 * 1000;
    const local = join(h.dir, 'big.bin');
    const piece = randomBytes(4 * 1024 * 1024);
    const fh = await import('node:fs/promises').then((m) => m.open(local, 'w'));
    for (let off = 0; off < size; off += piece.length) {
      piece.writeUInt32LE(off >>> 0, 0); // every piece differs
      await fh.write(piece, 0, Math.min(piece.length, size - off), off);
    }
    await fh.close();
    const want = await shaFile(local);
    const opts = { concurrency: 8, chunkSize: 16 * 1024 * 1024 };
    const up = await upload(h.fs, local, '/faults/big.bin', opts);
    assert.equal(up.bytes, size);
    assert.equal((await h.fs.stat('/faults/big.bin')).length, size, 'no duplicated or missing appended bytes');
    const out = join(h.dir, 'big.out');
    await download(h.fs, '/faults/big.bin', out, opts);
    assert.equal((await stat(out)).size, size);
    assert.equal(await shaFile(out), want);
  });
});
