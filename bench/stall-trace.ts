// On demand: the long tasks (event-loop stalls) of CPU profiles, each with what ran during it.
// Run: node --conditions=source --import tsx bench/stall-trace.ts FILE.cpuprofile|DIR [...]
//   STALL_MIN_MS (20)  shortest stretch listed;  STALL_LIST (10)  how many stretches per profile are detailed
// Profiles come from `BENCH_EMULATOR_PROF=DIR npm run bench` (sampling every 1 ms), or better from
// `BENCH_STALL_TRACE=DIR` (bench/emulator-child.ts: the mixed load alone, sampled every 100 µs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CpuProfile, longTasks, totals } from './long-tasks.js';

const minMs = Number(process.env.STALL_MIN_MS ?? 20);
const list = Number(process.env.STALL_LIST ?? 10);
const files = process.argv.slice(2).flatMap((p) =>
  statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p]);
if (files.length === 0) throw new Error('usage: stall-trace.ts FILE.cpuprofile|DIR [...]');

const show = (rows: [string, number][]) => rows.map(([k, ms]) => `      ${String(ms).padStart(7)} ms  ${k}`).join('\n');
for (const file of files) {
  const tasks = longTasks(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, minMs);
  console.log(`\n${file}: ${tasks.length} stretches ≥ ${minMs} ms${tasks.length ? `, longest ${tasks[0].ms} ms` : ''}`);
  if (tasks.length === 0) continue;
  for (const view of ['self', 'own', 'entry'] as const) console.log(`  all stretches, by ${view}:\n${show(totals(tasks, view))}`);
  for (const t of tasks.slice(0, list)) {
    console.log(`  ${t.ms} ms (sampled ${t.sampledMs} ms)\n    self:\n${show(t.self)}\n    own:\n${show(t.own)}\n    entry:\n${show(t.entry)}`);
  }
}
