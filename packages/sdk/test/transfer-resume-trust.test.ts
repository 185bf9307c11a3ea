// Resume never trusts sizes alone, keeps every acknowledged block, and writes nothing beside the source.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AbortError, BadOffsetError, download, findLeftoverSegments, InvalidArgumentError, remoteFromClient, upload } from 'adls-gen1';
import { readAll, readOnlyMount, recording, runChild, sha, startHarness, stopHarness, type Harness } from './transfer-harness.js';

const KiB = 1024;
const small = { chunkSize: 64 * KiB, blockSize: 16 * KiB, concurrency: 2, adaptChunkSize: false };

/** Rewrites a file with other bytes of the same length, and gives it back its old modification time. */
async function tamper(path: string, data: Buffer): Promise<void> {
  const before = await stat(path);
  assert.equal(data.length, before.size);
  await writeFile(path, data);
  await utimes(path, before.atime, before.mtime);
}

describe('resume compares content, not sizes', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  it('put --resume re-sends a file whose content changed without changing its size (tree and single file)', async () => {
    const src = join(h.dir, 'tree-hi');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'a.txt'), 'hi');
    await writeFile(join(src, 'b.bin'), randomBytes(200 * KiB));
    await upload(h.fs, src, '/trust/tree', small);
    await tamper(join(src, 'a.txt'), Buffer.from('HO'));
    const r = await upload(h.fs, src, '/trust/tree', { ...small, resume: true, verify: 'checksum' });
    assert.equal(r.files, 1, 'the changed file is sent');
    assert.equal(r.filesSkipped, 1, 'the identical one is not');
    assert.equal((await readAll(h.fs, '/trust/tree/a.txt')).toString(), 'HO');

    const big = randomBytes(150 * KiB);
    const local = join(h.dir, 'single.bin');
    await writeFile(local, big);
    await upload(h.fs, local, '/trust/single.bin', small);
    const changed = Buffer.from(big);
    changed[100 * KiB] ^= 0xff; // one byte in the second chunk
    await tamper(local, changed);
    const again = await upload(h.fs, local, '/trust/single.bin', { ...small, resume: true });
    assert.equal(again.files, 1);
    assert.equal(sha(await readAll(h.fs, '/trust/single.bin')), sha(changed));
    const same = await upload(h.fs, local, '/trust/single.bin', { ...small, resume: true });
    assert.deepEqual([same.files, same.filesSkipped, same.bytesTransferred], [0, 1, 0], 'identical content is not sent again');
  });

  it('get --resume re-fetches a local file whose content differs from the remote one of the same size', async () => {
    await h.fs.create('/trust/down/x.txt', Buffer.from('hi'), { overwrite: true });
    await h.fs.create('/trust/down/y.bin', randomBytes(100 * KiB), { overwrite: true });
    const out = join(h.dir, 'down-out');
    await download(h.fs, '/trust/down', out, small);
    await tamper(join(out, 'x.txt'), Buffer.from('HO'));
    const r = await download(h.fs, '/trust/down', out, { ...small, resume: true, verify: 'checksum' });
    assert.deepEqual([r.files, r.filesSkipped], [1, 1]);
    assert.equal(await readFile(join(out, 'x.txt'), 'utf8'), 'hi');
    // ...and the other way round: the remote file changed, same size.
    await h.fs.create('/trust/down/x.txt', Buffer.from('yo'), { overwrite: true });
    const r2 = await download(h.fs, '/trust/down/x.txt', join(out, 'x.txt'), { ...small, resume: true });
    assert.equal(r2.files, 1);
    assert.equal(await readFile(join(out, 'x.txt'), 'utf8'), 'yo');
  });
});

describe('resume keeps every acknowledged block', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  /**
   * Uploads 4 chunks and 5 bytes of random data, aborted when 48 KiB are acknowledged in total (both workers are then
   * inside their first 64 KiB chunk). The abort returns at once, but an APPEND whose body had already reached the
   * emulator may still land: this waits until nothing is in flight, so that a resume starts from the segments as
   * the service left them.
   */
  async function interruptedUpload(name: string, remotePath: string): Promise<{ data: Buffer; local: string }> {
    const data = randomBytes(64 * KiB * 4 + 5);
    const local = join(h.dir, name);
    await writeFile(local, data);
    const ac = new AbortController();
    await assert.rejects(upload(h.fs, local, remotePath, {
      ...small, abortSignal: ac.signal, onProgress: (p) => { if (p.bytesDone >= 48 * KiB) ac.abort(); },
    }), AbortError);
    for (let i = 0; i < 2000 && h.t.emu.requestsInFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
    return { data, local };
  }

  it('an upload interrupted inside its chunks resumes from each segment\'s acknowledged length', async () => {
    const { data, local } = await interruptedUpload('partial-up.bin', '/partial/up.bin');
    assert.equal(h.t.emu.requestsInFlight, 0);
    const left = await findLeftoverSegments(h.fs, '/partial');
    assert.equal(left.length, 1, 'the interrupted upload left its segments folder');
    assert.equal(left[0].target, '/partial/up.bin');
    assert.ok(left[0].bytes >= 48 * KiB);

    const rec = recording(remoteFromClient(h.fs));
    const r = await upload(rec.remote, local, '/partial/up.bin', { ...small, resume: true, verify: 'checksum' });
    assert.ok(r.bytesResumed >= 48 * KiB, `resumed ${r.bytesResumed}`);
    assert.equal(rec.sent.bytes, data.length - r.bytesResumed, 'exactly the bytes not acknowledged before are sent');
    assert.ok(rec.sent.bytes < data.length);
    assert.equal(sha(await readAll(h.fs, '/partial/up.bin')), sha(data));
    assert.deepEqual(await findLeftoverSegments(h.fs, '/partial'), [], 'the resume removed the segments folder');
  });

  it('a resumed chunk whose segment grew behind its back (a late APPEND of the interrupted run) continues from the new length', async () => {
    const { data, local } = await interruptedUpload('late-append.bin', '/partial/late.bin');
    const [left] = await findLeftoverSegments(h.fs, '/partial');
    assert.ok(left && left.target === '/partial/late.bin');

    // The interrupted run's APPEND lands after the resumed run read the segment lengths: same bytes, same offset,
    // same lease, sent just before the resumed run's own first APPEND (which then meets BadOffset).
    const base = remoteFromClient(h.fs);
    const late: { path: string; offset: number }[] = [];
    const refused: unknown[] = [];
    const r = await upload({
      ...base,
      append: async (path, body, offset, o) => {
        if (late.length === 0 && offset > 0) {
          late.push({ path, offset });
          await base.append(path, body, offset, o);
        }
        try {
          await base.append(path, body, offset, o);
        } catch (e) {
          refused.push(e);
          throw e;
        }
      },
    }, local, '/partial/late.bin', { ...small, resume: true, verify: 'checksum' });
    assert.equal(late.length, 1, 'the resumed run continued an unfinished segment with an APPEND');
    assert.ok(late[0].path.startsWith(`${left.path}/`), late[0].path);
    assert.equal(refused.length, 1, 'exactly the stale APPEND was refused');
    assert.ok(refused[0] instanceof BadOffsetError, String(refused[0]));
    assert.ok(r.bytesResumed >= 48 * KiB, `resumed ${r.bytesResumed}`);
    assert.equal(sha(await readAll(h.fs, '/partial/late.bin')), sha(data), 'byte-identical');
    assert.deepEqual(await findLeftoverSegments(h.fs, '/partial'), [], 'the resume removed the segments folder');
  });

  it('an interrupted upload whose source was edited (size and modification time kept) starts over', async () => {
    const data = randomBytes(64 * KiB * 4);
    const local = join(h.dir, 'edited-up.bin');
    await writeFile(local, data);
    const ac = new AbortController();
    await assert.rejects(upload(h.fs, local, '/partial/edited.bin', {
      ...small, abortSignal: ac.signal, onProgress: (p) => { if (p.chunksDone >= 1) ac.abort(); },
    }), AbortError);
    const edited = Buffer.from(data);
    edited.fill(7, 0, 1000); // inside the chunk the first run finished
    await tamper(local, edited);
    const r = await upload(h.fs, local, '/partial/edited.bin', { ...small, resume: true, verify: 'checksum' });
    assert.deepEqual([r.chunksResumed, r.bytesResumed], [0, 0], 'nothing of the old content is kept');
    assert.equal(sha(await readAll(h.fs, '/partial/edited.bin')), sha(edited));
  });

  it('a download interrupted inside its chunks resumes from the bytes written', async () => {
    const data = randomBytes(64 * KiB * 4 + 9);
    await h.fs.create('/partial/down.bin', data, { overwrite: true });
    const out = join(h.dir, 'partial-down.bin');
    const ac = new AbortController();
    await assert.rejects(download(h.fs, '/partial/down.bin', out, {
      ...small, blockSize: 8 * KiB, abortSignal: ac.signal, onProgress: (p) => { if (p.bytesDone >= 40 * KiB) ac.abort(); },
    }), AbortError);
    const rec = recording(remoteFromClient(h.fs));
    const r = await download(rec.remote, '/partial/down.bin', out, { ...small, resume: true });
    assert.ok(r.bytesResumed > 0, 'unfinished chunks continue where they stopped');
    assert.equal(r.bytesTransferred, data.length - r.bytesResumed);
    const asked = rec.reads.filter(([p]) => p === '/partial/down.bin').reduce((n, [, , len]) => n + len, 0);
    assert.ok(asked < data.length, `asked for ${asked} of ${data.length} bytes`);
    assert.equal(sha(await readFile(out)), sha(data));
  });

  it('refuses a chunk size that would split a file into too many pieces, before any data moves', async () => {
    const local = join(h.dir, 'tiny-chunks.bin');
    await writeFile(local, randomBytes(20_001));
    await assert.rejects(upload(h.fs, local, '/partial/tiny.bin', { chunkSize: 2, blockSize: 2, adaptChunkSize: false }),
      (e: unknown) => e instanceof InvalidArgumentError && /10000/.test(e.message) && /at least 3 B/.test(e.message));
    assert.equal(await h.fs.exists('/partial/tiny.bin'), false);
  });
});

describe('transfer state lives in the user\'s folder', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  it('uploads from a read-only folder (a read-only bind mount), writing nothing beside the source', async () => {
    const src = join(h.dir, 'readonly');
    await mkdir(src, { recursive: true });
    const data = randomBytes(64 * KiB * 3 + 1); // several chunks: a resume state is written
    await writeFile(join(src, 'r.bin'), data);
    const stateDir = join(h.dir, 'ro-state');
    await runChild(h, { direction: 'upload', from: join(src, 'r.bin'), to: '/ro/r.bin', ...small, stateDir }, readOnlyMount(src));
    assert.equal(sha(await readAll(h.fs, '/ro/r.bin')), sha(data));
    assert.deepEqual(await readdir(src), ['r.bin']);
    // A resumable run left its state in the state folder, 0700.
    assert.equal((await stat(stateDir)).mode & 0o777, 0o700);
  });
});
