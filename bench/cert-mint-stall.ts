// On demand: the event loop's longest stall while the emulator issues TLS certificates for 20 new host names
// (first TLS connection to each name, with SNI), and the emulator process's CPU time for them.
// Run: npm run build && node --conditions=source --import tsx bench/cert-mint-stall.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect } from 'node:tls';
import { DEFAULT_DATA_PLANE_SUFFIX, Emulator } from 'adls-gen1-emulator';

const NAMES = Number(process.env.BENCH_NAMES ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'adls-cert-bench-'));
const emu = new Emulator({ port: 0, location: dir, inMemory: true });
await emu.start();
const port = emu.port;

function handshake(servername: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => { s.destroy(); resolve(); });
    s.on('error', reject);
  });
}

await handshake('localhost'); // warm: the client side's TLS setup, not measured
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const cpu = process.cpuUsage();
// One connection per new name, all at once (as a client with many accounts would), each name then once more.
const names = Array.from({ length: NAMES }, (_, i) => `benchacct${i}.${DEFAULT_DATA_PLANE_SUFFIX}`);
await Promise.all(names.map(handshake));
await Promise.all(names.map(handshake));
const used = process.cpuUsage(cpu);
loop.disable();
console.log(JSON.stringify({
  names: NAMES,
  longestStallMs: +(loop.max / 1e6).toFixed(1),
  cpuMs: +((used.user + used.system) / 1000).toFixed(0),
}));
await emu.stop();
rmSync(dir, { recursive: true, force: true });
