// Transfer logic against the small in-memory WebHDFS fake (fast, exact request counts, scripted faults).
// The emulator-backed tests (transfer-emulator.test.ts) cover the real data plane.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataLakeFileSystemClient, upload, download, AlreadyExistsError, AbortError } from 'adls-gen1';
import { startFakeWebHdfs, type FakeWebHdfs, staticCredential } from 'adls-gen1-test-support';

const credential = staticCredential('fake');
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('transfers against the WebHDFS fake', () => {
  let fake: FakeWebHdfs;
  let fs: DataLakeFileSystemClient;
  let dir: string;
  before(async () => {
    fake = await startFakeWebHdfs();
    fs = new DataLakeFileSystemClient(fake.url, credential, { retry: fast, connections: 8 });
    dir = await mkdtemp(join(tmpdir(), 'adls-xfer-fake-'));
  });
  after(async () => { await fs.close(); await fake.close(); await rm(dir, { recursive: true, force: true }); });
  beforeEach(() => { fake.requests.length = 0; fake.faults.length = 0; });

  const opts = { chunkSize: 1000, blockSize: 300, concurrency: 4, adaptChunkSize: false };

  for (const size of [0, 1, 299, 300, 301, 999, 1000, 1001, 5555]) {
    it(`round-trips ${size} bytes byte-identical`, async () => {
      const data = randomBytes(size);
      const local = join(dir, `in-${size}.bin`);
      await writeFile(local, data);
      const up = await upload(fs, local, `/rt/f-${size}.bin`, { ...opts, verify: 'checksum' });
      assert.equal(up.bytes, size);
      assert.equal(fake.nodes.get(`/rt/f-${size}.bin`)?.data.length, size);
      const creates = fake.requests.filter((r) => r.op === 'CREATE');
      assert.equal(creates.length, Math.max(1, Math.ceil(size / 1000)));
      const out = join(dir, `out-${size}.bin`);
      const down = await download(fs, `/rt/f-${size}.bin`, out, { ...opts, verify: 'checksum' });
      assert.equal(down.bytes, size);
      assert.equal(sha(await readFile(out)), sha(data));
      assert.deepEqual((await readdir(dir)).filter((n) => n.includes('.adls-')), []);
    });
  }

  it('refuses an existing target before any data moves, and replaces it with overwrite', async () => {
    const local = join(dir, 'ow.bin');
    await writeFile(local, randomBytes(2500));
    await upload(fs, local, '/ow/t.bin', opts);
    fake.requests.length = 0;
    await assert.rejects(upload(fs, local, '/ow/t.bin', opts), AlreadyExistsError);
    assert.deepEqual(fake.requests.filter((r) => r.op === 'CREATE' || r.op === 'APPEND'), []);
    await upload(fs, local, '/ow/t.bin', { ...opts, overwrite: true });
    await assert.rejects(download(fs, '/ow/t.bin', local, opts), AlreadyExistsError);
  });

  it('a download whose reads keep being cut fails after the read\'s own resume budget (no extra retry layer)', async () => {
    const data = randomBytes(800);
    const local = join(dir, 'cut-src.bin');
    await writeFile(local, data);
    await upload(fs, local, '/cut/x.bin', opts);
    fake.faults.push((r, res) => {
      if (r.op !== 'OPEN') return false;
      const off = Number(r.query.get('offset'));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(Number(r.query.get('length'))) });
      res.write(fake.nodes.get('/cut/x.bin')!.data.subarray(off, off + 50), () => setTimeout(() => res.socket?.destroy(), 5));
      return true;
    });
    fake.requests.length = 0;
    await assert.rejects(download(fs, '/cut/x.bin', join(dir, 'cut-out.bin'), opts));
    const opens = fake.requests.filter((r) => r.op === 'OPEN');
    assert.equal(opens.length, 1 + 5, 'the first OPEN plus the default five resumes, each from the next byte');
    assert.deepEqual(opens.map((r) => Number(r.query.get('offset'))), [0, 50, 100, 150, 200, 250]);
  });

  it('survives lost APPEND replies without duplicating bytes', async () => {
    // Every third block written loses its reply once (the bytes land, the client sees a closed socket). Keyed
    // by path and offset, not by request count, so that concurrent retries cannot keep landing on the fault by chance.
    let n = 0;
    const lost = new Set<string>();
    fake.faults.push((r, res, apply) => {
      const at = `${r.path}@${r.query.get('offset') ?? ''}`;
      if (r.op !== 'APPEND' || r.body.length === 0 || lost.has(at) || ++n % 3 !== 0) return false;
      lost.add(at);
      apply(); res.destroy(); return true;
    });
    const data = randomBytes(7000);
    const local = join(dir, 'lost.bin');
    await writeFile(local, data);
    await upload(fs, local, '/lost/x.bin', opts);
    assert.ok(lost.size >= 3, `replies lost: ${lost.size}`);
    assert.equal(sha(fake.nodes.get('/lost/x.bin')!.data), sha(data));
  });

  it('round-trips a tree with empty folders', async () => {
    const src = join(dir, 'tree');
    await mkdir(join(src, 'a', 'b'), { recursive: true });
    await mkdir(join(src, 'empty'), { recursive: true });
    const files: Record<string, Buffer> = { 'top.txt': randomBytes(10), 'a/one.bin': randomBytes(2100), 'a/b/two.bin': randomBytes(0), 'a/b/three.bin': randomBytes(999) };
    for (const [rel, data] of Object.entries(files)) await writeFile(join(src, rel), data);
    const progress: number[] = [];
    const r = await upload(fs, src, '/tree', { ...opts, onProgress: (p) => progress.push(p.bytesDone) });
    assert.equal(r.files, 4);
    assert.equal(progress.at(-1), 3109);
    assert.equal(fake.nodes.get('/tree/empty')?.type, 'DIRECTORY');
    const out = join(dir, 'tree-out');
    const d = await download(fs, '/tree', out, opts);
    assert.equal(d.files, 4);
    for (const [rel, data] of Object.entries(files)) assert.equal(sha(await readFile(join(out, rel))), sha(data), rel);
    assert.deepEqual(await readdir(join(out, 'empty')), []);
  });

  it('an aborted upload leaves no target', async () => {
    const ac = new AbortController();
    let appends = 0;
    fake.faults.push((r) => { if (r.op === 'APPEND' && ++appends === 3) ac.abort(); return false; });
    const local = join(dir, 'abort.bin');
    await writeFile(local, randomBytes(9000));
    await assert.rejects(upload(fs, local, '/abort/x.bin', { ...opts, abortSignal: ac.signal }), AbortError);
    assert.equal(fake.nodes.has('/abort/x.bin'), false);
  });
});
