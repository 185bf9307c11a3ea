// `node --conditions=source --import tsx bench/transfer-loop.ts`: the transfer rows of bench/run.ts alone, in a
// fast loop, for finding where the time goes. Not a test. Each round runs our upload and download and then
// Python's against the same emulator, and prints MiB/s and the requests the emulator counted per MiB.
//   BENCH_SIZE (64 MiB)            file size
//   BENCH_THREADS (16)             concurrency, ours and Python's nthreads
//   BENCH_ROUNDS (2)               rounds
//   BENCH_BACKEND (memory)         memory | durable
//   BENCH_SLOW_MS (0)              latency added per data-plane request
//   BENCH_SKIP_PYTHON=1            ours only
//   BENCH_CLIENT_PROF=DIR          node --cpu-prof for our client processes (profiles in DIR)
//   BENCH_EMULATOR_PROF=DIR        node --cpu-prof for the emulator (written when it stops)
//   BENCH_BEFORE=FILE              also run this other build of the SDK (its dist/index.js), e.g. the one before
//                                  a change: `git stash; npm run build; cp -r packages/sdk/dist bench/baseline-sdk/`
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const SIZE = env('BENCH_SIZE', 64 * MiB);
const THREADS = env('BENCH_THREADS', 16);
const ROUNDS = env('BENCH_ROUNDS', 2);
const SLOW_MS = env('BENCH_SLOW_MS', 0);
const BACKEND = process.env.BENCH_BACKEND === 'durable' ? 'durable' : 'memory';
const clientProf = process.env.BENCH_CLIENT_PROF;
const emulatorProf = process.env.BENCH_EMULATOR_PROF;
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'adls-bench-loop-'));

interface Ready { port: number; token: string; caPath: string; account: string; suffix: string }

const profArgs = (d: string | undefined) => (d ? ['--cpu-prof', '--cpu-prof-dir', d] : []);
const emu = fork(join(here, 'emulator-child.ts'), [join(dir, 'emulator'), BACKEND, String(SLOW_MS)], {
  execArgv: ['--conditions=source', '--import', 'tsx', ...profArgs(emulatorProf)], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const r = await new Promise<Ready>((resolve) => emu.once('message', (m) => resolve(m as Ready)));
const ask = <T>(type: string) => new Promise<T>((resolve) => { emu.once('message', (m) => resolve(m as T)); emu.send({ type }); });

interface Done { seconds: number; cpuSeconds: number }
function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Done> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...extraEnv, ADLS_BENCH_TOKEN: r.token }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${cmd} exited ${code}`))));
  });
}
const ours = (direction: string, from: string, to: string, sdk?: string) => run(process.execPath, [...profArgs(clientProf), join(here, 'client-child.mjs'),
  JSON.stringify({ direction, from, to, port: r.port, caPath: r.caPath, account: r.account, suffix: r.suffix, threads: THREADS })], sdk ? { BENCH_SDK: sdk } : {});
const before = process.env.BENCH_BEFORE;
const python = (direction: string, lpath: string, rpath: string) => run('/usr/bin/python3',
  [join(here, 'python_transfer.py'), direction, String(r.port), lpath, rpath, String(THREADS)], { REQUESTS_CA_BUNDLE: r.caPath });

/** MiB/s, and CPU seconds per GiB in the client and in the emulator (the figure a loaded machine disturbs least). */
async function timed(what: string, go: () => Promise<Done>): Promise<void> {
  await ask('counts');
  const { seconds, cpuSeconds } = await go();
  const emulator = await ask<{ counts: Record<string, number>; cpuSeconds: number; userSeconds: number }>('counts');
  const requests = Object.entries(emulator.counts).map(([k, v]) => `${k} ${v}`).join(', ');
  const perGiB = (s: number) => (s * 1024 * MiB / SIZE).toFixed(1).padStart(5);
  process.stdout.write(`${what.padEnd(16)} ${(SIZE / MiB / seconds).toFixed(0).padStart(4)} MiB/s  cpu s/GiB client ${perGiB(cpuSeconds)} emulator ${perGiB(emulator.cpuSeconds)} (user ${perGiB(emulator.userSeconds).trim()})  (${requests})\n`);
}

try {
  const src = join(dir, 'src.bin');
  const fh = await open(src, 'w');
  const piece = randomBytes(4 * MiB);
  for (let off = 0; off < SIZE; off += piece.length) await fh.write(piece, 0, Math.min(piece.length, SIZE - off), off);
  await fh.close();
  process.stdout.write(`${SIZE / MiB} MiB, ${THREADS} threads, ${BACKEND} backend${SLOW_MS ? `, +${SLOW_MS} ms/request` : ''}\n`);
  for (let round = 1; round <= ROUNDS; round++) {
    await timed('ours upload', () => ours('upload', src, '/bench/ours.bin'));
    await timed('ours download', () => ours('download', '/bench/ours.bin', join(dir, 'ours.out')));
    await rm(join(dir, 'ours.out'), { force: true });
    if (before) {
      await timed('before upload', () => ours('upload', src, '/bench/before.bin', before));
      await timed('before download', () => ours('download', '/bench/before.bin', join(dir, 'before.out'), before));
      await rm(join(dir, 'before.out'), { force: true });
    }
    if (process.env.BENCH_SKIP_PYTHON === '1') continue;
    await timed('python upload', () => python('upload', src, '/bench/py.bin'));
    await timed('python download', () => python('download', join(dir, 'py.out'), '/bench/py.bin'));
    await rm(join(dir, 'py.out'), { force: true });
  }
} finally {
  emu.send({ type: 'stop' });
  await new Promise((res) => emu.once('exit', res));
  await rm(dir, { recursive: true, force: true });
}
