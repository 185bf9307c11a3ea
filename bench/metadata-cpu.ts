// `node --conditions=source --import tsx bench/metadata-cpu.ts`: the metadata row of bench/run.ts (GETFILESTATUS
// under 64 clients) broken down, for finding where the emulator's time per request goes. Not a test. An emulator
// child (bench/emulator-child.ts) serves every kind of request below, and the bare Node HTTPS server in the same
// process (same TLS credentials) is the baseline; each kind is sent BENCH_REQUESTS times from BENCH_CLIENTS kept-alive
// connections (opened before the measurement, so no TLS handshake is counted), in BENCH_ROUNDS rounds that
// alternate the kinds. Per kind: the emulator process's CPU µs per request (process.cpuUsage over IPC: the figure a
// loaded machine disturbs least), requests/s and p99 latency (both wall clock, so noisy on a shared machine).
//   BENCH_REQUESTS (20000)    requests per kind and round
//   BENCH_CLIENTS (64)        concurrent connections
//   BENCH_ROUNDS (3)          rounds (after a warm-up of WARMUP requests per kind)
//   BENCH_BACKEND (durable)   durable | memory
//   BENCH_KINDS               comma list of kinds (default all): bare, stat, missing, list, gen2-get
//   BENCH_DIST=1              run the emulator from its build (dist/, what `adls emulator start` runs) rather than
//                             from source through tsx (as bench/run.ts does; tsx wraps every closure the code creates
//                             in a `__name` call, a cost the build does not have)
//   BENCH_BEFORE=FILE         also run another build of the emulator (its dist/index.js), e.g. the one before a change,
//                             in a second child: its rows are marked "before" (pair it with BENCH_DIST=1).
//                             `git stash; npm run build; cp -r packages/emulator/dist bench/baseline-emulator/`
//   BENCH_EMULATOR_PROF=DIR   node --cpu-prof for the emulator child (written when it stops)
//   BENCH_EMULATOR_ARGS       more node options for the emulator child, space-separated (e.g. --perf-basic-prof for
//                             `perf record -e cpu-clock -g -p PID`, which samples CPU time rather than wall time)
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const REQUESTS = env('BENCH_REQUESTS', 20_000);
const CLIENTS = env('BENCH_CLIENTS', 64);
const ROUNDS = env('BENCH_ROUNDS', 3);
const WARMUP = 5_000;
const BACKEND = process.env.BENCH_BACKEND === 'memory' ? 'memory' : 'durable';
const prof = process.env.BENCH_EMULATOR_PROF;
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'adls-bench-meta-'));

interface Ready { port: number; barePort: number; token: string; storageToken: string; caPath: string }

/** An emulator child (this checkout's emulator, or another build of it), with kept-alive connection pools. */
async function startChild(name: string, build?: string) {
  const proc = fork(join(here, 'emulator-child.ts'), [join(dir, name), BACKEND, '0'], {
    execArgv: [...(process.env.BENCH_DIST === '1' ? [] : ['--conditions=source']), '--import', 'tsx',
      ...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []), ...(process.env.BENCH_EMULATOR_ARGS?.split(' ') ?? [])],
    env: { ...process.env, ...(build ? { BENCH_EMULATOR: resolve(build) } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const r = await new Promise<Ready>((res) => proc.once('message', (m) => res(m as Ready)));
  const ca = readFileSync(r.caPath, 'utf8');
  const pool = (port: number) => new Pool(`https://127.0.0.1:${port}`, { connections: CLIENTS, pipelining: 1, connect: { ca } });
  return {
    name, r, ours: pool(r.port), bare: pool(r.barePort),
    ask: <T>(type: string) => new Promise<T>((res) => { proc.once('message', (m) => res(m as T)); proc.send({ type }); }),
    stop: () => { proc.send({ type: 'stop' }); return new Promise((res) => proc.once('exit', res)); },
  };
}
type Child = Awaited<ReturnType<typeof startChild>>;

type Method = 'GET' | 'PUT' | 'HEAD';
interface Kind { name: string; child: Child; pool: Pool; method: Method; path: string; headers: Record<string, string>; status: number }
const hdfs = (path: string, op: string) => `/webhdfs/v1${path}?op=${op}&api-version=2018-09-01`;
const gen1 = (c: Child) => ({ authorization: `Bearer ${c.r.token}` });
const gen2 = (c: Child) => ({ authorization: `Bearer ${c.r.storageToken}`, 'x-ms-version': '2023-11-03' });

/** The kinds of request, against one child (`bare` only against the first). */
function kindsOf(c: Child, suffix: string): Kind[] {
  return [
    { name: 'stat', child: c, pool: c.ours, method: 'GET', path: hdfs('/bench/meta/f0.bin', 'GETFILESTATUS'), headers: gen1(c), status: 200 },
    { name: 'missing', child: c, pool: c.ours, method: 'GET', path: hdfs('/bench/meta/none.bin', 'GETFILESTATUS'), headers: gen1(c), status: 404 },
    { name: 'list', child: c, pool: c.ours, method: 'GET', path: hdfs('/bench/meta', 'LISTSTATUS'), headers: gen1(c), status: 200 },
    // Get Blob of an empty file rather than HEAD (Get Blob Properties): undici closes the connection after every HEAD
    // (a guard against servers that send a body anyway), so a HEAD row would measure a TLS handshake per request.
    { name: 'gen2-get', child: c, pool: c.ours, method: 'GET', path: '/devstoreaccount1/benchfs/f.bin', headers: gen2(c), status: 200 },
  ].map((k) => ({ ...k, method: k.method as Method, name: k.name + suffix }));
}

async function send(p: Pool, method: Method, path: string, headers: Record<string, string>, expect: number, body?: string): Promise<void> {
  const res = await p.request({ method, path, headers, body });
  await res.body.dump();
  if (res.statusCode !== expect) throw new Error(`${method} ${path}: status ${res.statusCode}, expected ${expect}`);
}

/** `n` requests of a kind from CLIENTS loops; per-request latencies (ms) and the wall seconds. */
async function hammer(k: Kind, n: number): Promise<{ lat: number[]; seconds: number }> {
  const lat: number[] = [];
  let left = n;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (left-- > 0) {
      const t = performance.now();
      await send(k.pool, k.method, k.path, k.headers, k.status);
      lat.push(performance.now() - t);
    }
  }));
  return { lat, seconds: (performance.now() - t0) / 1000 };
}

/** A directory of 10 small files (the stat and listing targets) and a Gen2 file system with one file. */
async function seed(c: Child): Promise<void> {
  await send(c.ours, 'PUT', hdfs('/bench/meta', 'MKDIRS'), gen1(c), 200);
  for (let i = 0; i < 10; i++) await send(c.ours, 'PUT', `${hdfs(`/bench/meta/f${i}.bin`, 'CREATE')}&write=true&overwrite=true`, gen1(c), 201, 'abcdef');
  await send(c.ours, 'PUT', '/devstoreaccount1/benchfs?restype=container', gen2(c), 201);
  await send(c.ours, 'PUT', '/devstoreaccount1/benchfs/f.bin?resource=file', gen2(c), 201);
}

const children = [await startChild('emulator')];
if (process.env.BENCH_BEFORE) children.push(await startChild('before', process.env.BENCH_BEFORE));
const first = children[0];
const all: Kind[] = [
  { name: 'bare', child: first, pool: first.bare, method: 'GET', path: '/stat', headers: {}, status: 200 },
  ...children.flatMap((c) => kindsOf(c, c === first ? '' : ' before')),
];
const wanted = process.env.BENCH_KINDS?.split(',');
const kinds = wanted ? all.filter((k) => wanted.includes(k.name.replace(/ before$/, ''))) : all;
for (const c of children) await seed(c);

// Warm-up: every connection open, the JIT warm on every path.
for (const k of kinds) await hammer(k, WARMUP);

const results = new Map<string, { cpuUs: number[]; rps: number[]; p99: number[] }>();
for (let round = 1; round <= ROUNDS; round++) {
  // Alternate the order so that no kind always runs right after the same other one.
  for (const k of round % 2 ? kinds : [...kinds].reverse()) {
    await k.child.ask('counts');
    const { lat, seconds } = await hammer(k, REQUESTS);
    const { cpuSeconds } = await k.child.ask<{ cpuSeconds: number }>('counts');
    lat.sort((a, b) => a - b);
    const f = results.get(k.name) ?? { cpuUs: [], rps: [], p99: [] };
    f.cpuUs.push((cpuSeconds * 1e6) / REQUESTS);
    f.rps.push(REQUESTS / seconds);
    f.p99.push(lat[Math.floor(lat.length * 0.99)]);
    results.set(k.name, f);
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const bareCpu = results.get('bare') ? median(results.get('bare')!.cpuUs) : undefined;
process.stdout.write(`${BACKEND} backend${process.env.BENCH_DIST === '1' ? ' (built)' : ' (source, tsx)'}, ${CLIENTS} clients, `
  + `${REQUESTS} requests per kind and round, ${ROUNDS} rounds (medians; every round in brackets)\n`);
for (const k of kinds) {
  const f = results.get(k.name)!;
  const ratio = bareCpu && k.name !== 'bare' ? `  ${(median(f.cpuUs) / bareCpu).toFixed(2)}× bare CPU` : '';
  process.stdout.write(`${k.name.padEnd(17)} emulator CPU ${median(f.cpuUs).toFixed(1).padStart(6)} µs/req [${f.cpuUs.map((v) => v.toFixed(0)).join(' ')}]`
    + `  ${median(f.rps).toFixed(0).padStart(6)} req/s  p99 ${median(f.p99).toFixed(1).padStart(5)} ms [${f.p99.map((v) => v.toFixed(1)).join(' ')}]${ratio}\n`);
}

for (const c of children) {
  await c.ours.close();
  await c.bare.close();
  await c.stop();
}
await rm(dir, { recursive: true, force: true });
