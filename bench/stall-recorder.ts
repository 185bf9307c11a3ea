// In-process stall recorder for the emulator child (env BENCH_STALL_TRACE=DIR): between start() and stop() it
// samples the CPU profile every 200 µs (the inspector's Profiler, so only the measured window is profiled),
// notes every late tick of a 5 ms timer (a stall: the loop was held from the tick's due time to when it ran) and
// every GC pause, then explains each stall by the profile's samples inside it (bench/long-tasks.ts). Time in a
// stall with no sample, or idle samples, is the process waiting for a core (another process ran), not our work.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { attributeWindows, type CpuProfile, type LongTask, totals } from './long-tasks.js';

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export class StallRecorder {
  private session = new Session();
  private lags: { endUs: number; ms: number }[] = [];
  private gcs: { endUs: number; ms: number; kind: number }[] = [];
  private timer?: NodeJS.Timeout;
  private gcObserver?: PerformanceObserver;
  /** intervalUs: the profiler's sampling interval (every sample costs the loop a few µs, so not too fine). */
  constructor(private dir: string, private minMs = 20, private intervalUs = 200) {}

  async start(): Promise<void> {
    this.lags = [];
    this.gcs = [];
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: this.intervalUs });
    await this.session.post('Profiler.start');
    // BENCH_STALL_ALLOC=1: also sample allocations (what makes the garbage the GC pauses collect).
    if (process.env.BENCH_STALL_ALLOC) await this.session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    // A 5 ms timer: how late each tick is, and when (the stall ends where the late tick runs).
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const lag = now - last - 5;
      last = now;
      if (lag >= this.minMs) this.lags.push({ endUs: nowUs(), ms: lag });
    }, 5);
    // GC entries' startTime is on performance.now()'s clock: converted to the profile's (hrtime) by the offset.
    const offsetUs = nowUs() - performance.now() * 1000;
    this.gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.duration >= 2) this.gcs.push({ endUs: offsetUs + (e.startTime + e.duration) * 1000, ms: e.duration, kind: (e as unknown as { detail: { kind: number } }).detail.kind });
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** Stops, writes the profile and the report into the folder, and returns the report's text. */
  async stop(): Promise<string> {
    clearInterval(this.timer);
    this.gcObserver?.disconnect();
    const { profile } = await this.session.post('Profiler.stop');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (process.env.BENCH_STALL_ALLOC) {
      const { profile: heap } = await this.session.post('HeapProfiler.stopSampling');
      writeFileSync(join(this.dir, `mixed-${stamp}.heapprofile`), JSON.stringify(heap));
    }
    this.session.disconnect();
    writeFileSync(join(this.dir, `mixed-${stamp}.cpuprofile`), JSON.stringify(profile));
    const stalls = attributeWindows(profile as unknown as CpuProfile, this.lags.map((l) => ({ startUs: l.endUs - l.ms * 1000, endUs: l.endUs })));
    const text = this.report(stalls);
    writeFileSync(join(this.dir, `mixed-${stamp}.txt`), text);
    return text;
  }

  /** Each stall (a late timer tick) with what ran meanwhile, longest first, and the GC pauses inside it. */
  private report(stalls: LongTask[]): string {
    const show = (rows: [string, number][]) => rows.map(([k, ms]) => `      ${String(ms).padStart(7)} ms  ${k}`).join('\n');
    const inside = (t: LongTask, endUs: number, ms: number) => endUs - ms * 1000 < t.startUs + t.ms * 1000 && endUs > t.startUs;
    const lines: string[] = [];
    const gcAll = this.gcs.reduce((s, g) => s + g.ms, 0);
    lines.push(`stalls ≥ ${this.minMs} ms: ${stalls.length} (longest ${stalls[0]?.ms ?? '-'} ms); ` +
      `GC pauses ≥ 2 ms: ${this.gcs.length} (longest ${Math.max(0, ...this.gcs.map((g) => g.ms)).toFixed(1)} ms, ${gcAll.toFixed(0)} ms in all)`);
    // On a loaded machine a stall is mostly the process waiting for a core; the busy part is what the code did.
    const busyOf = (t: LongTask) => t.sampledMs - (t.self.find(([k]) => k === '(idle)')?.[1] ?? 0);
    const busiest = [...stalls].sort((a, b) => busyOf(b) - busyOf(a));
    lines.push(`  busiest stalls (ms the loop ran inside them, not waiting for a core): ${busiest.slice(0, 10).map((t) => busyOf(t).toFixed(1)).join(', ') || '-'}`);
    lines.push('  "sampled" is the time the profiler saw the process run; the rest of a stall it waited for a core');
    if (stalls.length) for (const view of ['own', 'entry'] as const) lines.push(`  all stalls, by ${view}:\n${show(totals(stalls, view))}`);
    // Detailed: the longest five, and the five the loop was busiest in (on a loaded machine, not the same ones).
    for (const t of [...new Set([...stalls.slice(0, 5), ...busiest.slice(0, 5)])]) {
      const gc = this.gcs.filter((g) => inside(t, g.endUs, g.ms)).map((g) => `${g.ms.toFixed(1)} ms (kind ${g.kind})`);
      lines.push(`  stall ${t.ms} ms (sampled ${t.sampledMs} ms, busy ${busyOf(t).toFixed(1)} ms)${gc.length ? `, GC ${gc.join(', ')}` : ''}\n    self:\n${show(t.self)}\n    own:\n${show(t.own)}\n    entry:\n${show(t.entry)}`);
    }
    return lines.join('\n');
  }
}
