// On demand: what each request of the mixed load (bench/run.ts mixedLoad) costs the emulator's event loop when
// it runs alone: the emulator's CPU and GC pauses per request and the longest event-loop stall over a sequence
// of them, one at a time on one connection. A stall of the mixed load is the sum of what the requests served in
// one loop turn did, so these are its parts; the load's figure needs a quiet machine, these mostly do not.
// Run: npm run build && node --conditions=source --import tsx bench/request-cost.ts
//   BENCH_COUNT (40) requests per kind;  BENCH_BACKEND (durable | memory);  BENCH_STALL_TRACE=DIR also profiles;
//   BENCH_KINDS=a,b only the kinds whose names contain one of these (e.g. LISTSTATUS,MSCONCAT);
//   BENCH_BEFORE=PATH/index.js (or .ts)  also measures another copy of the emulator (e.g. `git archive` of the commit
//   before a change, with a node_modules link; bench/emulator-child.ts BENCH_EMULATOR), alternating, BENCH_ROUNDS (2) times
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { mixedRequests } from './mixed-requests.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const backend = process.env.BENCH_BACKEND === 'memory' ? 'memory' : 'durable';
const only = process.env.BENCH_KINDS?.split(',');
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'adls-request-cost-'));

interface Ready { port: number; token: string; caPath: string }
type Kind = [string, (i: number) => Promise<number>];

/** An emulator child (this build, or `module`) with the directory and file the requests need. */
async function startBuild(label: string, module?: string) {
  const child = fork(join(here, 'emulator-child.ts'), [join(dir, label), backend, '0'], {
    execArgv: ['--conditions=source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...(module ? { BENCH_EMULATOR: module } : {}) },
  });
  const ask = <T>(type: string) => new Promise<T>((resolve) => { child.once('message', (m) => resolve(m as T)); child.send({ type }); });
  const r = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
  const ca = readFileSync(r.caPath, 'utf8');
  const pool = new Pool(`https://127.0.0.1:${r.port}`, { connections: 1, connect: { ca } });
  const auth = { authorization: `Bearer ${r.token}` };
  const send = async (o: Parameters<Pool['request']>[0]) => { const res = await pool.request(o); await res.body.dump(); return res.statusCode; };

  // The directory the listings page through (4000 entries, one full page) and the file the readers stat.
  const many = new Pool(`https://127.0.0.1:${r.port}`, { connections: 16, connect: { ca } });
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < 4000) {
      const res = await many.request({ path: `/webhdfs/v1/bench/list/f${String(next++).padStart(7, '0')}?op=CREATE&overwrite=true`, method: 'PUT', headers: auth });
      await res.body.dump();
    }
  }));
  await many.close();
  await send({ path: '/webhdfs/v1/bench/ours.bin?op=CREATE&overwrite=true', method: 'PUT', headers: auth, body: 'x' });

  const kinds: Kind[] = (await mixedRequests(pool, r.token)).map((k) => [k.name, k.send]);
  return {
    label,
    kinds: kinds.filter(([k]) => !only || only.some((o) => k.includes(o))),
    ask,
    stop: async () => {
      await pool.close();
      child.send({ type: 'stop' });
      await new Promise((res) => child.once('exit', res));
    },
  };
}
type Build = Awaited<ReturnType<typeof startBuild>>;

async function measure(b: Build, [name, fn]: Kind, round: number): Promise<void> {
  for (let i = 0; i < 5; i++) await fn(-(round * 100 + i + 1)); // warm-up: JIT, caches
  await b.ask('counts');
  await b.ask('loop-reset');
  const statuses = new Set<number>();
  for (let i = 0; i < COUNT; i++) statuses.add(await fn(round * COUNT + i));
  const loop = await b.ask<{ maxMs: number; p99Ms: number }>('loop');
  const { cpuSeconds, gc } = await b.ask<{ cpuSeconds: number; gc: { ms: number; maxMs: number } }>('counts');
  console.log(`  ${b.label.padEnd(6)} ${name.padEnd(24)} ${(cpuSeconds * 1000 / COUNT).toFixed(2).padStart(7)} ms CPU/request, ` +
    `GC ${(gc.ms / COUNT).toFixed(2)} ms/request (longest pause ${gc.maxMs.toFixed(1)} ms), ` +
    `longest stall ${loop.maxMs.toFixed(1).padStart(6)} ms (p99 ${loop.p99Ms.toFixed(1)}), status ${[...statuses].join('/')}`);
}

const builds = [await startBuild('this')];
if (process.env.BENCH_BEFORE) builds.unshift(await startBuild('before', process.env.BENCH_BEFORE));
console.log(`${backend}, ${COUNT} requests per kind, one at a time${builds.length > 1 ? `, ${ROUNDS} rounds, builds alternating` : ''}:`);
try {
  for (let k = 0; k < builds[0].kinds.length; k++) {
    for (let round = 0; round < (builds.length > 1 ? ROUNDS : 1); round++) {
      for (const b of builds) await measure(b, b.kinds[k], round);
    }
  }
} finally {
  for (const b of builds) await b.stop();
  rmSync(dir, { recursive: true, force: true });
}
