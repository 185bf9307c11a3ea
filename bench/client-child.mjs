// Benchmark helper process: one of our transfers, reporting its time and the client's peak RSS.
// Plain JavaScript on the built SDK (packages/sdk/dist), so the figure is the client as users run it,
// without a TypeScript loader's memory in it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// BENCH_SDK: another build of the SDK (its dist/index.js), e.g. the one before a change, for before/after rows.
const { DataLakeFileSystemClient, download, upload } = await import(process.env.BENCH_SDK ? pathToFileURL(process.env.BENCH_SDK).href : 'adls-gen1');

/**
 * Peak resident set of this process image: VmHWM from /proc. (getrusage's maxRSS is not used: on Linux it
 * survives fork+exec, so it would report the parent's peak whenever that is higher.)
 */
function peakRssBytes() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

const a = JSON.parse(process.argv[2]);
const token = process.env.ADLS_BENCH_TOKEN;
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
const fs = new DataLakeFileSystemClient(a.account, credential, { dataPlaneSuffix: a.suffix, port: a.port, ca: readFileSync(a.caPath, 'utf8'), connections: a.threads });
const options = { concurrency: a.threads, overwrite: true };
const started = performance.now();
const cpuStart = process.cpuUsage();
const r = a.direction === 'upload' ? await upload(fs, a.from, a.to, options) : await download(fs, a.from, a.to, options);
const seconds = (performance.now() - started) / 1000;
await fs.close();
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(JSON.stringify({ seconds, bytes: r.bytes, maxRssBytes: peakRssBytes(), cpuSeconds: (cpu.user + cpu.system) / 1e6, userSeconds: cpu.user / 1e6, systemSeconds: cpu.system / 1e6 }) + '\n');
