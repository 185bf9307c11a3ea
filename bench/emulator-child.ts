// Benchmark helper process: the emulator plus a bare Node HTTPS server (the baselines), driven over IPC.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mintToken } from 'adls-gen1-test-support';
import { StallRecorder } from './stall-recorder.js';

// BENCH_EMULATOR: another build of the emulator (its dist/index.js), e.g. the one before a change (bench/metadata-cpu.ts).
const { Emulator } = (await import(process.env.BENCH_EMULATOR ? pathToFileURL(process.env.BENCH_EMULATOR).href : 'adls-gen1-emulator')) as typeof import('adls-gen1-emulator');

const location = process.argv[2];
const inMemory = process.argv[3] === 'memory';
// Added latency per data-plane request (like `--fault-slow-ms`): a real network's round trip.
const slowMs = Number(process.argv[4] ?? 0);
// BENCH_PRETENURING=1: keep V8's allocation-site pretenuring on (the emulator turns it off; gc-tuning.ts), for before/after runs.
const emu = new Emulator({ port: 0, location, testApi: true, inMemory, faults: { rate503: 0, rate429: 0, rateDrop: 0, slowMs }, allocationSitePretenuring: process.env.BENCH_PRETENURING === '1' });
await emu.start();
const info = emu.info();
const owner = info.users.find((u) => u.mfa) ?? info.users[0];
const token = await mintToken(emu, { upn: owner.username });
// The same user's token for the Gen2 endpoints (bench/metadata-cpu.ts's HEAD rows).
const storageToken = await mintToken(emu, { upn: owner.username, audience: 'https://storage.azure.com/' });

// The bare server: what a Node HTTPS server does with no work behind it (same TLS, same process model).
const payload = Buffer.alloc(4 * 1024 * 1024, 7);
const statJson = JSON.stringify({ FileStatus: { length: 6, pathSuffix: '', type: 'FILE', blockSize: 268435456, accessTime: 1, modificationTime: 1, replication: 1, permission: '770', owner: 'o', group: 'g', msExpirationTime: 0, aclBit: false } });
const bare = createServer(emu.core.ca.defaultCredentials([]), (req, res) => {
  const u = new URL(req.url ?? '/', 'https://x');
  if (u.pathname === '/stat') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(statJson) });
    return void res.end(statJson);
  }
  if (u.pathname === '/stream') {
    let left = Number(u.searchParams.get('n'));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': left });
    const more = () => {
      while (left > 0) {
        const n = Math.min(left, payload.length);
        left -= n;
        if (!res.write(n === payload.length ? payload : payload.subarray(0, n))) return void res.once('drain', more);
      }
      res.end();
    };
    return more();
  }
  if (u.pathname === '/sink') {
    req.on('data', () => {});
    req.on('end', () => { res.writeHead(200, { 'content-length': 0 }); res.end(); });
    return;
  }
  res.writeHead(404).end();
});
bare.keepAliveTimeout = 65_000;
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));

// The event loop's longest stall (a request that blocks it delays every other one), reset by the driver.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
// BENCH_STALL_TRACE=DIR: profile the window between loop-reset and loop, and explain its stalls (bench/stall-recorder.ts).
const stalls = process.env.BENCH_STALL_TRACE ? new StallRecorder(process.env.BENCH_STALL_TRACE) : undefined;

// Requests per WebHDFS op, TLS handshakes and session resumptions, for the request-count rows (bench/transfer-loop.ts).
const counts: Record<string, number> = {};
let cpuMark = process.cpuUsage();
// Time in GC pauses, and the longest, since the last 'counts' (bench/request-cost.ts).
let gc = { ms: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) { gc.ms += e.duration; gc.maxMs = Math.max(gc.maxMs, e.duration); }
}).observe({ entryTypes: ['gc'] });
const server = (emu as unknown as { server: import('node:https').Server }).server;
server.on('request', (req) => {
  const op = /[?&]op=([A-Za-z]+)/.exec(req.url ?? '')?.[1]?.toUpperCase() ?? req.method ?? '?';
  counts[op] = (counts[op] ?? 0) + 1;
});
server.on('secureConnection', (s) => {
  counts['tls handshakes'] = (counts['tls handshakes'] ?? 0) + 1;
  if (s.isSessionReused()) counts['tls resumed'] = (counts['tls resumed'] ?? 0) + 1;
});

let peak = 0;
// memoryUsage.rss() only: the full process.memoryUsage() walks the heap's spaces (0.6 ms a call under load,
// 3 % of the emulator's CPU at this rate), which the figures of the emulator would then include.
setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20).unref();

process.on('message', (m: { type: string }) => {
  if (m.type === 'mem') {
    const rss = process.memoryUsage.rss();
    process.send!({ type: 'mem', rss, peak: Math.max(peak, rss) });
    peak = rss;
  } else if (m.type === 'loop-reset') {
    void (stalls?.start() ?? Promise.resolve()).then(() => {
      loop.reset();
      process.send!({ type: 'loop-reset' });
    });
  } else if (m.type === 'loop') {
    const figures = { type: 'loop', maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };
    void (stalls?.stop() ?? Promise.resolve('')).then((report) => {
      if (report) process.stderr.write(`[stall-trace] ${report}\n`);
      process.send!(figures);
    });
  } else if (m.type === 'counts') {
    const cpu = process.cpuUsage(cpuMark);
    cpuMark = process.cpuUsage();
    process.send!({ type: 'counts', counts: { ...counts }, cpuSeconds: (cpu.user + cpu.system) / 1e6, userSeconds: cpu.user / 1e6, gc });
    gc = { ms: 0, maxMs: 0 };
    for (const k of Object.keys(counts)) delete counts[k];
  } else if (m.type === 'gen2') {
    // For bench/gen2.ts: the development account's connection string on 127.0.0.1, and this emulator's TLS key
    // and certificate (issued by its CA), which the Azurite baseline is started with.
    const dev = info.storageAccounts.find((a) => a.name === 'devstoreaccount1')!;
    const endpoint = `https://127.0.0.1:${emu.port}/${dev.name}`;
    const connectionString = `DefaultEndpointsProtocol=https;AccountName=${dev.name};AccountKey=${dev.key};BlobEndpoint=${endpoint};DfsEndpoint=${endpoint};`;
    process.send!({ type: 'gen2', connectionString, tls: emu.core.ca.defaultCredentials([]) });
  } else if (m.type === 'stop') {
    bare.close();
    void emu.stop().then(() => process.exit(0));
  }
});
process.send!({
  type: 'ready', port: emu.port, barePort: (bare.address() as AddressInfo).port, token, storageToken, caPath: info.caCertPath,
  account: info.defaultAccount, suffix: info.dataPlaneSuffix,
});
