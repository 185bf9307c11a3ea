// The `gen2` section of `npm run bench` (issue 10): upload and download of BENCH_SIZE through Microsoft's own
// storage SDKs, against our emulator (durable and in memory) and against Azurite's Blob service on the same
// machine (on disk and in memory). Azurite has no DFS API, so the baseline is `@azure/storage-blob`; the same
// `@azure/storage-blob` calls against our Blob endpoint give the like-for-like rows, and
// `@azure/storage-file-datalake` (what issue 10 names) runs against ours only. Every transfer runs in its own
// client process (bench/gen2-client-child.mjs), so its CPU is measured; the servers' CPU is measured too
// (our emulator through its IPC counter, Azurite from /proc). Both servers speak HTTPS with a certificate from
// the emulator's CA and are reached as https://127.0.0.1:PORT/devstoreaccount1 with Shared Key.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const here = fileURLToPath(new URL('.', import.meta.url));
const azuriteDir = join(here, 'azurite');
const azuriteMain = join(azuriteDir, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
// Azurite's published development account (the emulator seeds the same one).
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export interface Gen2Options {
  dir: string;
  /** The source file, `size` bytes. */
  src: string;
  size: number;
  threads: number;
  blockSize: number;
  log: (s: string) => void;
  /** Writes back dirty pages before each transfer (sync), as the other sections do. */
  settle: () => void;
  row: (what: string, ours: string, mem: string, baseline: string, ratio: string, target: string, ok: boolean | undefined) => void;
}

/** A server under test: where clients connect, which CA they trust, and its CPU seconds so far. */
interface Server {
  connectionString: string;
  caPath: string;
  cpuSeconds: () => Promise<number>;
  /** Our emulator only: the requests it served since the previous cpuSeconds() call, by method (the chunked path's proof). */
  requests?: () => Record<string, number>;
  stop: () => Promise<void>;
}
/** One transfer: MiB/s, and CPU seconds per GiB in the client and in the server. */
interface Result { rate: number; clientCpu: number; serverCpu: number; clientRssMiB: number; requests: string }
type Sdk = 'datalake' | 'blob';
interface Done { seconds: number; bytes: number; cpuSeconds: number; maxRssBytes: number }

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

function runClient(args: object, caPath: string): Promise<Done> {
  return new Promise((resolve, reject) => {
    // The SDKs honour HTTPS_PROXY; loopback must not go through one.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: caPath, NO_PROXY: '*', no_proxy: '*' };
    const prof = process.env.BENCH_CLIENT_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CLIENT_PROF] : [];
    const p = spawn(process.execPath, [...prof, join(here, 'gen2-client-child.mjs'), JSON.stringify(args)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Done) : reject(new Error(`gen2 client exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** Our emulator in a child (bench/emulator-child.ts), with the Gen2 development account's connection string. */
async function startEmulator(dir: string, backend: 'durable' | 'memory'): Promise<Server & { tls: { key: string; cert: string } }> {
  const proc = fork(join(here, 'emulator-child.ts'), [join(dir, `gen2-emulator-${backend}`), backend, '0'], {
    execArgv: ['--conditions=source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(type: string) => new Promise<T>((resolve) => { proc.once('message', (m) => resolve(m as T)); proc.send({ type }); });
  const ready = await new Promise<{ caPath: string }>((resolve) => proc.once('message', (m) => resolve(m as { caPath: string })));
  const { connectionString, tls } = await ask<{ connectionString: string; tls: { key: string; cert: string } }>('gen2');
  let cpu = 0;
  let requests: Record<string, number> = {};
  await ask('counts');
  return {
    connectionString, caPath: ready.caPath, tls,
    // The child reports CPU and requests since its previous report.
    cpuSeconds: async () => {
      const c = await ask<{ cpuSeconds: number; counts: Record<string, number> }>('counts');
      requests = c.counts;
      return (cpu += c.cpuSeconds);
    },
    requests: () => requests,
    stop: async () => { proc.send({ type: 'stop' }); await new Promise((res) => proc.once('exit', res)); },
  };
}

/** Installs the pinned Azurite into bench/azurite/node_modules the first time (its own lock file; no install scripts). */
function ensureAzurite(log: (s: string) => void): void {
  const pinned = (JSON.parse(readFileSync(join(azuriteDir, 'package.json'), 'utf8')) as { dependencies: { azurite: string } }).dependencies.azurite;
  const installedManifest = join(azuriteDir, 'node_modules', 'azurite', 'package.json');
  if (existsSync(installedManifest) && (JSON.parse(readFileSync(installedManifest, 'utf8')) as { version: string }).version === pinned) return;
  log(`installing Azurite ${pinned} into bench/azurite (npm ci, once)`);
  const r = spawnSync('npm', ['ci', '--prefix', azuriteDir, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`npm ci --prefix bench/azurite failed (${r.status}); BENCH_ONLY without gen2 runs the other sections`);
}

function cpuOfPid(pid: number): number {
  // /proc/PID/stat: utime and stime are fields 14 and 15, after the parenthesised command name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Azurite's Blob service on 127.0.0.1 (a free port), HTTPS with `tls`, on a disk folder or in memory. */
async function startAzurite(dir: string, mode: 'disk' | 'memory', tls: { key: string; cert: string }, caPath: string): Promise<Server> {
  const folder = join(dir, `azurite-${mode}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'key.pem'), tls.key, { mode: 0o600 });
  await writeFile(join(folder, 'cert.pem'), tls.cert);
  const args = [azuriteMain, '--blobHost', '127.0.0.1', '--blobPort', '0', '--key', join(folder, 'key.pem'), '--cert', join(folder, 'cert.pem'),
    '--skipApiVersionCheck', '--disableTelemetry', '--silent', ...(mode === 'memory' ? ['--inMemoryPersistence'] : ['--location', join(folder, 'data')])];
  const proc: ChildProcess = spawn(process.execPath, args, { cwd: folder, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((res) => proc.once('exit', res));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => { out += d; const m = /listens on https:\/\/127\.0\.0\.1:(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    proc.once('exit', (code) => reject(new Error(`Azurite exited ${code}: ${out}`)));
  });
  proc.stdout!.resume();
  const endpoint = `https://127.0.0.1:${port}/devstoreaccount1`;
  return {
    connectionString: `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
    caPath,
    cpuSeconds: async () => cpuOfPid(proc.pid!),
    stop: async () => { proc.kill('SIGTERM'); await exited; },
  };
}

/** Upload then download of the source through `sdk`; the downloaded copy must hash like the source. */
async function roundTrip(o: Gen2Options, server: Server, sdk: Sdk, label: string, sourceHash: string): Promise<{ up: Result; down: Result }> {
  const common = { sdk, connectionString: server.connectionString, container: 'gen2bench', path: `data/${sdk}.bin`, blockSize: o.blockSize, threads: o.threads };
  const copy = join(o.dir, `gen2-${sdk}.out`);
  const perGiB = (s: number) => (s * 1024 * MiB) / o.size;
  const one = async (direction: 'upload' | 'download'): Promise<Result> => {
    o.settle();
    const cpuBefore = await server.cpuSeconds();
    const d = await runClient({ ...common, direction, local: direction === 'upload' ? o.src : copy }, server.caPath);
    const serverCpu = (await server.cpuSeconds()) - cpuBefore;
    if (d.bytes !== o.size) throw new Error(`${label} ${sdk} ${direction}: ${d.bytes} bytes, expected ${o.size}`);
    const requests = Object.entries(server.requests?.() ?? {}).filter(([k]) => !k.startsWith('tls')).map(([k, v]) => `${k} ${v}`).join(', ');
    return { rate: o.size / MiB / d.seconds, clientCpu: perGiB(d.cpuSeconds), serverCpu: perGiB(serverCpu), clientRssMiB: d.maxRssBytes / MiB, requests };
  };
  const up = await one('upload');
  const down = await one('download');
  if ((await sha256(copy)) !== sourceHash) throw new Error(`${label} ${sdk}: the downloaded copy differs from the source`);
  await rm(copy);
  o.log(`gen2 ${label} ${sdk}: upload ${up.rate.toFixed(0)} MiB/s, download ${down.rate.toFixed(0)} MiB/s; ` +
    `CPU s/GiB client ${up.clientCpu.toFixed(1)} / ${down.clientCpu.toFixed(1)}, server ${up.serverCpu.toFixed(1)} / ${down.serverCpu.toFixed(1)}; ` +
    `client peak RSS ${up.clientRssMiB.toFixed(0)} / ${down.clientRssMiB.toFixed(0)} MiB` +
    (up.requests ? `; requests up (${up.requests}), down (${down.requests})` : ''));
  return { up, down };
}

type Pair = { up: Result; down: Result };

/** Runs every Gen2 transfer and adds the section's rows. */
export async function gen2Section(o: Gen2Options): Promise<void> {
  ensureAzurite(o.log); // first: an install that fails stops the bench before any figure is taken
  const sourceHash = await sha256(o.src);
  const ours: Record<'durable' | 'memory', { datalake: Pair; blob: Pair }> = {} as never;
  let azuriteTls: { key: string; cert: string; caPath: string } | undefined;
  for (const backend of ['durable', 'memory'] as const) {
    const emu = await startEmulator(o.dir, backend);
    try {
      azuriteTls ??= { ...emu.tls, caPath: emu.caPath };
      ours[backend] = { datalake: await roundTrip(o, emu, 'datalake', `ours ${backend}`, sourceHash), blob: await roundTrip(o, emu, 'blob', `ours ${backend}`, sourceHash) };
    } finally {
      await emu.stop();
    }
  }
  const azurite = {} as Record<'disk' | 'memory', Pair>;
  for (const mode of ['disk', 'memory'] as const) {
    const az = await startAzurite(o.dir, mode, azuriteTls!, azuriteTls!.caPath);
    try {
      azurite[mode] = await roundTrip(o, az, 'blob', `Azurite ${mode}`, sourceHash);
    } finally {
      await az.stop();
    }
  }

  const size = o.size >= 1024 * MiB ? `${o.size / 1024 / MiB} GiB` : `${o.size / MiB} MiB`;
  const rate = (v: number) => `${v.toFixed(0)} MiB/s`;
  const cpu = (v: number) => `${v.toFixed(1)} s/GiB`;
  const x = (v: number) => `${v.toFixed(2)}×`;
  const { durable: d, memory: m } = ours;
  for (const dir of ['up', 'down'] as const) {
    const verb = dir === 'up' ? 'upload' : 'download';
    o.row(`Gen2 ${verb} ${size}, storage-file-datalake (ours) vs storage-blob on Azurite`, rate(d.datalake[dir].rate), rate(m.datalake[dir].rate),
      `Azurite ${rate(azurite.disk[dir].rate)} / ${rate(azurite.memory[dir].rate)}`,
      `${x(d.datalake[dir].rate / azurite.disk[dir].rate)} / ${x(m.datalake[dir].rate / azurite.memory[dir].rate)}`, '', undefined);
    o.row(`Gen2 ${verb} ${size}, storage-blob, ours vs Azurite`, rate(d.blob[dir].rate), rate(m.blob[dir].rate),
      `Azurite ${rate(azurite.disk[dir].rate)} / ${rate(azurite.memory[dir].rate)}`,
      `${x(d.blob[dir].rate / azurite.disk[dir].rate)} / ${x(m.blob[dir].rate / azurite.memory[dir].rate)}`, '', undefined);
  }
  // CPU per GiB (less is better): what a loaded machine disturbs least. Ratios compare the storage-blob runs.
  for (const [side, key] of [['client', 'clientCpu'], ['server', 'serverCpu']] as const) {
    for (const dir of ['up', 'down'] as const) {
      const verb = dir === 'up' ? 'upload' : 'download';
      o.row(`Gen2 ${side} CPU per GiB, ${verb} (datalake / blob; less is better)`,
        `${cpu(d.datalake[dir][key])} / ${cpu(d.blob[dir][key])}`, `${cpu(m.datalake[dir][key])} / ${cpu(m.blob[dir][key])}`,
        `Azurite ${cpu(azurite.disk[dir][key])} / ${cpu(azurite.memory[dir][key])}`,
        `${x(d.blob[dir][key] / azurite.disk[dir][key])} / ${x(m.blob[dir][key] / azurite.memory[dir][key])}`, '', undefined);
    }
  }
}
