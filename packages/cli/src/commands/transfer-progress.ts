// Progress display for put/get: a cli-progress bar (throughput, ETA) on a TTY, plain periodic lines otherwise.
import cliProgress from 'cli-progress';
import type { TransferProgress } from 'adls-gen1';
import { humanBytes } from '../output.js';

export interface ProgressView {
  update(p: TransferProgress): void;
  stop(): void;
}

/** Bytes per second over the last few seconds (a sliding window keeps the figure steady). */
class RateMeter {
  private readonly samples: [number, number][] = [];
  add(now: number, bytes: number): number {
    this.samples.push([now, bytes]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 5000) this.samples.shift();
    const [t0, b0] = this.samples[0];
    return now > t0 ? ((bytes - b0) * 1000) / (now - t0) : 0;
  }
}

/** Time left at `rate` bytes/s, as 45s, 3m05s or 1h02m; `--` until a rate is known. */
export function etaText(remaining: number, rate: number): string {
  if (remaining <= 0) return '0s';
  if (!(rate > 0) || !Number.isFinite(rate)) return '--';
  const s = Math.ceil(remaining / rate);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 100 * 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return '--';
}

const pct = (p: TransferProgress) => (p.bytesTotal > 0 ? (100 * p.bytesDone) / p.bytesTotal : 100);

export function createProgressView(verb: string, stream: NodeJS.WriteStream | NodeJS.WritableStream, mode: 'bar' | 'lines' | 'none', intervalMs = 2000): ProgressView {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  const meter = new RateMeter();
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar({
      stream: stream as NodeJS.WritableStream,
      // Our own ETA, under a name of our own: cli-progress overwrites a payload's `eta` with its own figure
      // (seconds without a unit, INF until it has a rate).
      format: `${verb} [{bar}] {percentage}% | {done} / {all} | {rate}/s | ETA {etaText} | files {filesDone}/{filesTotal}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(p) {
        const rate = meter.add(Date.now(), p.bytesDone);
        const payload = { done: humanBytes(p.bytesDone), all: humanBytes(p.bytesTotal), rate: humanBytes(Math.round(rate)), etaText: etaText(p.bytesTotal - p.bytesDone, rate), filesDone: p.filesDone, filesTotal: p.filesTotal };
        if (!started) { bar.start(Math.max(1, p.bytesTotal), p.bytesDone, payload); started = true; }
        bar.setTotal(Math.max(1, p.bytesTotal));
        bar.update(p.bytesDone, payload);
      },
      stop() { if (started) bar.stop(); },
    };
  }
  let last = 0;
  let latest: TransferProgress | undefined;
  let printed: TransferProgress | undefined;
  const line = (p: TransferProgress) => {
    printed = p;
    const rate = meter.add(Date.now(), p.bytesDone);
    stream.write(`${verb}: ${humanBytes(p.bytesDone)} / ${humanBytes(p.bytesTotal)} (${pct(p).toFixed(1)}%) ${humanBytes(Math.round(rate))}/s, ETA ${etaText(p.bytesTotal - p.bytesDone, rate)}, files ${p.filesDone}/${p.filesTotal}\n`);
  };
  return {
    update(p) {
      latest = p;
      // Nothing moved yet: no "0 B / …" line (a transfer refused up front prints only its error).
      if (!printed && p.bytesDone === 0 && p.filesDone === 0) return;
      const now = Date.now();
      if (now - last >= intervalMs) { last = now; line(p); }
    },
    stop() { if (latest && latest !== printed && (latest.bytesDone > 0 || latest.filesDone > 0)) line(latest); },
  };
}
