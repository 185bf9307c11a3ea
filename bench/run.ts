// `npm run bench`: transfer, metadata and listing figures, ours vs the Python client vs physical limits,
// all measured in this one run. Not a test. Sizes come from the environment:
//   BENCH_SIZE (default 1 GiB)      file for the throughput rows
//   BENCH_BIG_SIZE (default 4 GiB)  file for the client peak-RSS rows (0 skips them)
//   BENCH_LIST_ENTRIES (100000)     directory size for the listing row
//   BENCH_THREADS (16)              transfer concurrency (ours and Python's nthreads)
//   BENCH_DIR (os tmpdir)           where files and the emulator's data go (one disk for all)
//   BENCH_SKIP_PYTHON=1             leave the Python rows out
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Agent, Pool } from 'undici';
import { DataLakeFileSystemClient } from 'adls-gen1';

const MiB = 1024 * 1024;
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const SIZE = env('BENCH_SIZE', 1024 * MiB);
const BIG = env('BENCH_BIG_SIZE', 4096 * MiB);
const LIST = env('BENCH_LIST_ENTRIES', 100_000);
const THREADS = env('BENCH_THREADS', 16);
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'adls-bench-'));
const tsxArgs = ['--conditions=source', '--import', 'tsx'];
const mb = (bytes: number, secs: number) => bytes / MiB / secs;
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

interface Ready { port: number; barePort: number; token: string; caPath: string; account: string; suffix: string }
interface Row { what: string; ours: string; baseline: string; ratio: string; target: string; ok: string }
const rows: Row[] = [];
const row = (what: string, ours: string, baseline: string, ratio: number | undefined, target: string, ok: boolean | undefined) =>
  rows.push({ what, ours, baseline, ratio: ratio === undefined ? '' : `${ratio.toFixed(2)}×`, target, ok: ok === undefined ? '' : ok ? 'yes' : 'NO' });

async function makeFile(path: string, size: number, sparse = false): Promise<void> {
  const fh = await open(path, 'w');
  if (sparse) { await fh.truncate(size); await fh.close(); return; }
  const piece = randomBytes(4 * MiB);
  for (let off = 0; off < size; off += piece.length) {
    piece.writeDoubleLE(off, 0);
    await fh.write(piece, 0, Math.min(piece.length, size - off), off);
  }
  await fh.close();
}

/** dd to the bench disk: with fdatasync (what an acknowledged upload costs) or plain (through the page cache). */
function ddWrite(size: number, fdatasync: boolean): number {
  const count = Math.max(1, Math.round(size / (4 * MiB)));
  settle();
  const t = performance.now();
  const r = spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'dd.bin')}`, 'bs=4M', `count=${count}`, ...(fdatasync ? ['conv=fdatasync'] : [])], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('dd failed');
  const rate = mb(count * 4 * MiB, (performance.now() - t) / 1000);
  spawnSync('rm', ['-f', join(dir, 'dd.bin')]);
  return rate;
}

/** Writes back dirty pages left by the previous step, so that no measurement pays for the one before it. */
function settle(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

function runChild(cmd: string, args: string[], token: string, extraEnv: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...extraEnv, ADLS_BENCH_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`))));
  });
}

function ours(r: Ready, direction: 'upload' | 'download', from: string, to: string) {
  settle();
  return runChild(process.execPath, [join(here, 'client-child.mjs'), JSON.stringify({ direction, from, to, port: r.port, caPath: r.caPath, account: r.account, suffix: r.suffix, threads: THREADS })], r.token);
}
function python(r: Ready, direction: 'upload' | 'download', lpath: string, rpath: string) {
  settle();
  return runChild('/usr/bin/python3', [join(here, 'python_transfer.py'), direction, String(r.port), lpath, rpath, String(THREADS)], r.token, { REQUESTS_CA_BUNDLE: r.caPath })
    .catch((e) => { log(`python ${direction} failed: ${(e as Error).message}`); return undefined; });
}

/** One HTTPS stream of `size` bytes each way on loopback against the bare server (the physical limit). */
async function loopback(r: Ready, size: number): Promise<{ down: number; up: number }> {
  const agent = new Agent({ connect: { ca: readFileSync(r.caPath, 'utf8') } });
  const base = `https://127.0.0.1:${r.barePort}`;
  let t = performance.now();
  const res = await agent.request({ origin: base, path: `/stream?n=${size}`, method: 'GET' });
  let got = 0;
  for await (const c of res.body) got += (c as Buffer).length;
  const down = mb(got, (performance.now() - t) / 1000);
  const piece = Buffer.alloc(4 * MiB, 1);
  async function* body() { for (let s = 0; s < size; s += piece.length) yield piece; }
  t = performance.now();
  const up = await agent.request({ origin: base, path: '/sink', method: 'PUT', body: Readable.from(body()), headers: { 'content-length': String(Math.ceil(size / piece.length) * piece.length) } });
  await up.body.dump();
  const upRate = mb(Math.ceil(size / piece.length) * piece.length, (performance.now() - t) / 1000);
  await agent.close();
  return { down, up: upRate };
}

/** `clients` concurrent loops of GETs for `seconds`: requests/s and p99 latency (ms). */
async function hammer(origin: string, path: string, headers: Record<string, string>, ca: string, clients: number, seconds: number): Promise<{ rps: number; p99: number }> {
  const pool = new Pool(origin, { connections: clients, connect: { ca, servername: new URL(origin).hostname.match(/^[\d.]+$/) ? undefined : new URL(origin).hostname } });
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const res = await pool.request({ path, method: 'GET', headers });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode} on ${path}`);
      lat.push(performance.now() - t);
    }
  }));
  await pool.close();
  lat.sort((a, b) => a - b);
  return { rps: lat.length / seconds, p99: lat[Math.floor(lat.length * 0.99)] };
}

async function main(): Promise<void> {
  log(`folder ${dir}; file ${SIZE / MiB} MiB, big ${BIG / MiB} MiB, listing ${LIST}, threads ${THREADS}`);
  const src = join(dir, 'src.bin');
  await makeFile(src, SIZE);
  const disk = ddWrite(SIZE, true);
  const diskPlain = ddWrite(SIZE, false);
  log(`dd: ${disk.toFixed(0)} MiB/s with fdatasync, ${diskPlain.toFixed(0)} MiB/s through the page cache`);

  const emu = fork(join(here, 'emulator-child.ts'), [join(dir, 'emulator')], { execArgv: tsxArgs, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const r = await new Promise<Ready>((resolve) => emu.once('message', (m) => resolve(m as Ready)));
  const mem = () => new Promise<{ rss: number; peak: number }>((resolve) => { emu.once('message', (m) => resolve(m as never)); emu.send({ type: 'mem' }); });
  try {
    const loop = await loopback(r, SIZE);
    log(`loopback: down ${loop.down.toFixed(0)} MiB/s, up ${loop.up.toFixed(0)} MiB/s`);

    const up = await ours(r, 'upload', src, '/bench/ours.bin');
    const upRate = mb(SIZE, up.seconds);
    log(`ours upload ${upRate.toFixed(0)} MiB/s`);
    const down = await ours(r, 'download', '/bench/ours.bin', join(dir, 'ours.out'));
    const downRate = mb(SIZE, down.seconds);
    log(`ours download ${downRate.toFixed(0)} MiB/s`);
    if ((await stat(join(dir, 'ours.out'))).size !== SIZE) throw new Error('our download has the wrong size');
    await rm(join(dir, 'ours.out'));

    let pyUp: number | undefined;
    let pyDown: number | undefined;
    if (process.env.BENCH_SKIP_PYTHON !== '1') {
      const pu = await python(r, 'upload', src, '/bench/py.bin');
      if (pu) pyUp = mb(SIZE, pu.seconds);
      const pd = await python(r, 'download', join(dir, 'py.out'), '/bench/py.bin');
      if (pd) pyDown = mb(SIZE, pd.seconds);
      await rm(join(dir, 'py.out'), { force: true });
      log(`python upload ${pyUp?.toFixed(0)} MiB/s, download ${pyDown?.toFixed(0)} MiB/s`);
    }
    const f = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MiB/s`);
    row(`upload ${SIZE / MiB} MiB vs Python ADLUploader`, f(upRate), f(pyUp), pyUp && upRate / pyUp, '≥ 3×', pyUp ? upRate / pyUp >= 3 : undefined);
    row(`download ${SIZE / MiB} MiB vs Python ADLDownloader`, f(downRate), f(pyDown), pyDown && downRate / pyDown, '≥ 3×', pyDown ? downRate / pyDown >= 3 : undefined);
    row('upload vs disk (dd conv=fdatasync)', f(upRate), f(disk), upRate / disk, '≥ 0.7×', upRate / disk >= 0.7);
    row('download vs one loopback HTTPS stream', f(downRate), f(loop.down), downRate / loop.down, '≥ 0.6×', downRate / loop.down >= 0.6);
    // Not a target: where a download to this disk must stop, whatever the network does.
    row('download vs disk write (dd, page cache)', f(downRate), f(diskPlain), downRate / diskPlain, '', undefined);

    // Metadata: GETFILESTATUS under 64 concurrent clients vs the bare server's canned answer.
    const ca = readFileSync(r.caPath, 'utf8');
    const emuOrigin = `https://${r.account}.${r.suffix}:${r.port}`;
    const meta = await hammer(`https://127.0.0.1:${r.port}`, '/webhdfs/v1/bench/ours.bin?op=GETFILESTATUS&api-version=2018-09-01', { authorization: `Bearer ${r.token}` }, ca, 64, 5);
    const bare = await hammer(`https://127.0.0.1:${r.barePort}`, '/stat', {}, ca, 64, 5);
    log(`metadata: ${meta.rps.toFixed(0)} req/s p99 ${meta.p99.toFixed(1)} ms; bare ${bare.rps.toFixed(0)} req/s p99 ${bare.p99.toFixed(1)} ms (${emuOrigin})`);
    row('GETFILESTATUS req/s, 64 clients', `${meta.rps.toFixed(0)}/s`, `${bare.rps.toFixed(0)}/s`, meta.rps / bare.rps, '≥ 0.5×', meta.rps / bare.rps >= 0.5);
    row('GETFILESTATUS p99, 64 clients', `${meta.p99.toFixed(1)} ms`, `${bare.p99.toFixed(1)} ms`, undefined, '< 20 ms', meta.p99 < 20);

    // Listing a LIST-entry directory, paged (4000 per page, as Python).
    const credential = { getToken: async () => ({ token: r.token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
    const fs = new DataLakeFileSystemClient(r.account, credential, { dataPlaneSuffix: r.suffix, port: r.port, ca, connections: 32 });
    let t = performance.now();
    const names = Array.from({ length: LIST }, (_, i) => `/bench/list/f${String(i).padStart(7, '0')}`);
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => { while (next < names.length) await fs.create(names[next++], undefined, { overwrite: true }); }));
    log(`seeded ${LIST} entries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const before = await mem();
    t = performance.now();
    let listed = 0;
    for await (const page of fs.listPages('/bench/list', { pageSize: 4000 })) listed += page.length;
    const listSecs = (performance.now() - t) / 1000;
    const afterList = await mem();
    await fs.close();
    if (listed !== LIST) throw new Error(`listed ${listed} of ${LIST}`);
    const eps = listed / listSecs;
    row(`paged listing of ${LIST} entries`, `${eps.toFixed(0)} entries/s`, '', undefined, '≥ 50,000/s', eps >= 50_000);
    row('emulator RSS growth while listing', `${((afterList.peak - before.rss) / MiB).toFixed(0)} MiB`, `${(before.rss / MiB).toFixed(0)} MiB before`, undefined, 'bounded', undefined);

    // Client peak RSS on a big file (sparse source: the disk is not what this row measures).
    if (BIG > 0) {
      const big = join(dir, 'big.bin');
      await makeFile(big, BIG, true);
      const bu = await ours(r, 'upload', big, '/bench/big.bin');
      await rm(big);
      const bd = await ours(r, 'download', '/bench/big.bin', join(dir, 'big.out'));
      await rm(join(dir, 'big.out'));
      row(`client peak RSS, ${BIG / MiB} MiB upload`, `${(bu.maxRssBytes / MiB).toFixed(0)} MiB`, `at ${mb(BIG, bu.seconds).toFixed(0)} MiB/s`, undefined, '≤ 200 MB', bu.maxRssBytes <= 200e6);
      row(`client peak RSS, ${BIG / MiB} MiB download`, `${(bd.maxRssBytes / MiB).toFixed(0)} MiB`, `at ${mb(BIG, bd.seconds).toFixed(0)} MiB/s`, undefined, '≤ 200 MB', bd.maxRssBytes <= 200e6);
    }
  } finally {
    emu.send({ type: 'stop' });
    await new Promise((res) => emu.once('exit', res));
    await rm(dir, { recursive: true, force: true });
  }

  const cols: (keyof Row)[] = ['what', 'ours', 'baseline', 'ratio', 'target', 'ok'];
  const head: Row = { what: 'measure', ours: 'ours', baseline: 'baseline', ratio: 'ratio', target: 'target', ok: 'met' };
  const all = [head, ...rows];
  const w = cols.map((c) => Math.max(...all.map((x) => x[c].length)));
  const line = (x: Row) => '| ' + cols.map((c, i) => x[c].padEnd(w[i])).join(' | ') + ' |';
  process.stdout.write([line(head), '| ' + w.map((n) => '-'.repeat(n)).join(' | ') + ' |', ...rows.map(line)].join('\n') + '\n');
}

await main();
