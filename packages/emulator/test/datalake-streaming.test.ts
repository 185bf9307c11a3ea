import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A forced GC before each sample separates retained memory from garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
import { startDataLake } from './datalake-support.js';

const MB = 1024 * 1024;
const TOTAL = 200 * MB;

/** A generated body: TOTAL bytes in 1 MiB chunks whose content depends on the chunk index. */
function* generated(hash: ReturnType<typeof createHash>): Generator<Buffer> {
  for (let i = 0; i * MB < TOTAL; i++) {
    const buf = Buffer.alloc(MB, i & 0xff);
    buf.writeUInt32BE(i, 0);
    hash.update(buf);
    yield buf;
  }
}

/** PUT ...?op=CREATE with a streamed (chunked) body through node:https, with backpressure. */
async function upload(port: number, ca: string, token: string, hash: ReturnType<typeof createHash>): Promise<number> {
  const req = request({
    host: '127.0.0.1', port, servername: 'adlsemulator.adls.localhost', ca, method: 'PUT',
    path: '/webhdfs/v1/big/file.bin?op=CREATE&write=true&overwrite=true',
    headers: { host: `adlsemulator.adls.localhost:${port}`, authorization: `Bearer ${token}` },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
  });
  await pipeline(Readable.from(generated(hash)), req);
  return answered;
}

test('200 MB CREATE and OPEN stream end to end; memory does not grow with the file', async () => {
  const d = await startDataLake();
  try {
    // Live memory (JS heap + buffers), sampled throughout; RSS is reported too but keeps freed pages.
    const live = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const base = live(), baseRss = process.memoryUsage().rss;
    let peak = base, peakRss = baseRss;
    const sampler = setInterval(() => { peak = Math.max(peak, live()); peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
    const sent = createHash('sha256');
    let t0 = performance.now();
    const status = await upload(d.t.emu.port, d.t.emu.core.ca.caCertPem, d.alice, sent);
    const createSecs = (performance.now() - t0) / 1000;
    const createGrowth = (peak - base) / MB;
    assert.equal(status, 201);

    t0 = performance.now();
    const res = await d.t.fetch('/webhdfs/v1/big/file.bin?op=OPEN&read=true', { host: 'adlsemulator.adls.localhost', headers: { authorization: `Bearer ${d.alice}` } });
    const got = createHash('sha256');
    let n = 0;
    for await (const c of res.body!) { got.update(c); n += c.length; }
    const openSecs = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    assert.equal(n, TOTAL);
    assert.equal(got.digest('hex'), sent.digest('hex'));
    const growth = (peak - base) / MB;
    console.log(`# create-phase growth ${createGrowth.toFixed(0)} MB; CREATE ${(TOTAL / MB / createSecs).toFixed(0)} MB/s, OPEN ${(TOTAL / MB / openSecs).toFixed(0)} MB/s, peak live-memory growth ${growth.toFixed(0)} MB (RSS ${((peakRss - baseRss) / MB).toFixed(0)} MB) for a ${TOTAL / MB} MB file`);
    assert.ok(growth < 64, `live memory grew ${growth.toFixed(0)} MB`);
  } finally {
    await d.stop();
  }
});
