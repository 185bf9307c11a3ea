// `npm run build && node --conditions=source --import tsx bench/listing-cpu.ts`: the listing row of bench/run.ts alone, for finding
// where the time goes. Not a test. One emulator per backend (and per build with BENCH_BEFORE), each with a seeded
// directory; every round lists it with our SDK (listPages, 4000 per page, as Python's azure-datalake-store) against
// each emulator in turn and prints the CPU per 1,000 entries listed of the emulator and of this process (our SDK
// client): the figures a loaded machine disturbs least; then entries/s and the emulator's RSS growth. The emulators
// run built code (packages/emulator/dist), so that this tree and BENCH_BEFORE's build compare like for like.
//   BENCH_LIST_ENTRIES (20000)  directory size
//   BENCH_PAGE (4000)           listSize per LISTSTATUS
//   BENCH_ROUNDS (3)            rounds
//   BENCH_BACKEND (both)        durable | memory | both
//   BENCH_BEFORE=FILE           also run this other build of the emulator (its dist/index.js), e.g. the one before
//                               a change: `git stash; npm run build; cp -r packages/emulator/dist /tmp/emu-before`
//   BENCH_LIST_PROF=DIR         a CPU profile (.cpuprofile) of each emulator during one more listing, written to DIR
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataLakeFileSystemClient } from 'adls-gen1';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const ENTRIES = env('BENCH_LIST_ENTRIES', 20_000);
const PAGE = env('BENCH_PAGE', 4000);
const ROUNDS = env('BENCH_ROUNDS', 3);
const BACKENDS = process.env.BENCH_BACKEND === 'durable' || process.env.BENCH_BACKEND === 'memory' ? [process.env.BENCH_BACKEND] : ['durable', 'memory'];
const BEFORE = process.env.BENCH_BEFORE;
const PROF = process.env.BENCH_LIST_PROF;
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'adls-bench-list-'));
const MiB = 1024 * 1024;

interface Ready { port: number; token: string; caPath: string; account: string; suffix: string }

async function startChild(label: string, backend: string, build?: string) {
  const proc = fork(join(here, 'listing-child.ts'), [join(dir, label.replace(/\W+/g, '-')), backend, ...(build ? [build] : [])], {
    execArgv: ['--conditions=source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const r = await new Promise<Ready>((resolve) => proc.once('message', (m) => resolve(m as Ready)));
  let exited = false;
  proc.once('exit', (code) => { exited = true; if (code !== 0) process.stderr.write(`${label}: emulator exited ${code}\n`); });
  // A child that dies mid-question ends the bench instead of leaving it waiting.
  const ask = <T>(m: Record<string, unknown>) => new Promise<T>((resolve, reject) => {
    if (exited) return reject(new Error(`${label}: emulator gone`));
    const gone = () => reject(new Error(`${label}: emulator exited`));
    proc.once('exit', gone);
    proc.once('message', (a) => { proc.off('exit', gone); resolve(a as T); });
    proc.send(m);
  });
  const fs = new DataLakeFileSystemClient(r.account, { getToken: async () => ({ token: r.token, expiresOnTimestamp: Date.now() + 3_000_000 }) }, {
    dataPlaneSuffix: r.suffix, port: r.port, ca: readFileSync(r.caPath, 'utf8'),
  });
  return { label, proc, ask, fs, stop: async () => { await fs.close(); await ask({ type: 'stop' }); } };
}
type Child = Awaited<ReturnType<typeof startChild>>;

async function listAll(c: Child): Promise<number> {
  let listed = 0;
  for await (const page of c.fs.listPages('/bench/list', { pageSize: PAGE })) listed += page.length;
  if (listed !== ENTRIES) throw new Error(`${c.label}: listed ${listed} of ${ENTRIES}`);
  return listed;
}

const children: Child[] = [];
try {
  for (const backend of BACKENDS) {
    children.push(await startChild(`${backend} (this tree)`, backend, join(here, '../packages/emulator/dist/index.js')));
    if (BEFORE) children.push(await startChild(`${backend} (before)`, backend, BEFORE));
  }
  let t = performance.now();
  await Promise.all(children.map((c) => c.ask({ type: 'seed', dir: '/bench/list', entries: ENTRIES })));
  process.stdout.write(`seeded ${ENTRIES} entries in ${((performance.now() - t) / 1000).toFixed(1)} s; pages of ${PAGE}\n`);
  for (const c of children) await listAll(c); // warm-up: JIT, page cache
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of children) {
      await c.ask({ type: 'cpu' });
      const before = await c.ask<{ rss: number }>({ type: 'mem' });
      t = performance.now();
      const clientMark = process.cpuUsage();
      const listed = await listAll(c);
      const secs = (performance.now() - t) / 1000;
      const client = process.cpuUsage(clientMark);
      const { seconds } = await c.ask<{ seconds: number }>({ type: 'cpu' });
      const mem = await c.ask<{ peak: number }>({ type: 'mem' });
      const perThousand = (cpuSeconds: number) => (cpuSeconds * 1000 / (listed / 1000)).toFixed(2).padStart(6);
      process.stdout.write(`${c.label.padEnd(18)} cpu ms/1000 entries: emulator ${perThousand(seconds)} client ${perThousand((client.user + client.system) / 1e6)}  `
        + `${(listed / secs).toFixed(0).padStart(7)} entries/s  rss +${((mem.peak - before.rss) / MiB).toFixed(0)} MiB\n`);
    }
  }
  if (PROF) {
    mkdirSync(PROF, { recursive: true });
    for (const c of children) {
      await c.ask({ type: 'prof-start' });
      await listAll(c);
      const file = join(PROF, `listing-${c.label.replace(/\W+/g, '-').replace(/-$/, '')}.cpuprofile`);
      await c.ask({ type: 'prof-stop', file });
      process.stdout.write(`profile: ${file}\n`);
    }
  }
} finally {
  for (const c of children) await c.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
