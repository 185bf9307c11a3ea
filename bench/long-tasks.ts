// Long tasks of a V8 CPU profile (`node --cpu-prof`, or the inspector's Profiler): stretches of consecutive
// samples with no `(idle)` sample between them, i.e. the event loop never returned to its poll for new I/O.
// Each stretch is attributed by what its samples were running, so the stalls of a load can be explained.

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTask {
  /** Wall-clock start, µs on the profile's clock (the monotonic clock of `process.hrtime`). */
  startUs: number;
  /** Wall-clock length, from the stretch's first sample to the first idle sample after it. */
  ms: number;
  /** Time covered by the samples' own intervals; far less than `ms` means the process was descheduled. */
  sampledMs: number;
  /** Where the time went, by the function on top of the stack (native parts by V8's names: GC, program). */
  self: [string, number][];
  /** By the innermost frame of the project's own code (packages/*), else the top function: who asked for it. */
  own: [string, number][];
  /** By the outermost frame of the project's own code: which request handler or callback the stretch ran. */
  entry: [string, number][];
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/(packages|node_modules)\//, '$1/');
const frameName = (f: CpuProfile['nodes'][number]['callFrame']) =>
  `${f.functionName || '(anonymous)'}${f.url ? ` ${shortUrl(f.url)}:${f.lineNumber + 1}` : ''}`;
const isOwn = (url: string) => url.includes('/packages/') && !url.includes('/node_modules/');

type Labels = (id: number) => { self: string; own: string; entry: string; idle: boolean };

/** Per profile node: its self name, its innermost and outermost own-code frames (cached: nodes repeat across samples). */
function labeller(profile: CpuProfile): Labels {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Per node: its self name, its innermost and outermost own-code frames (cached: nodes repeat across samples).
  const labels = new Map<number, { self: string; own: string; entry: string; idle: boolean }>();
  const label = (id: number) => {
    let l = labels.get(id);
    if (l) return l;
    const node = byId.get(id)!;
    let own: string | undefined, entry: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (isOwn(f.url)) { own ??= frameName(f); entry = frameName(f); }
    }
    const self = frameName(node.callFrame);
    l = { self, own: own ?? self, entry: entry ?? self, idle: node.callFrame.functionName === '(idle)' };
    labels.set(id, l);
    return l;
  };
  return label;
}

const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
const topOf = (m: Map<string, number>, top: number): [string, number][] =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, +(us / 1000).toFixed(1)]);
// A sample stands for the interval up to the next one (capped: a descheduled gap is not this function's).
const sampleUs = (profile: CpuProfile, i: number) => Math.min(profile.timeDeltas[i + 1] ?? 0, 2000);

/** Stretches of busy samples longer than `minMs`, longest first, each with its top `top` contributors. */
export function longTasks(profile: CpuProfile, minMs = 20, top = 6): LongTask[] {
  const label = labeller(profile);
  const tasks: LongTask[] = [];
  let t = profile.startTime;
  let start = -1, sampled = 0;
  let self = new Map<string, number>(), own = new Map<string, number>(), entry = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const l = label(profile.samples[i]);
    if (l.idle) {
      if (start >= 0 && (t - start) / 1000 >= minMs) {
        tasks.push({ startUs: start, ms: +((t - start) / 1000).toFixed(1), sampledMs: +(sampled / 1000).toFixed(1), self: topOf(self, top), own: topOf(own, top), entry: topOf(entry, top) });
      }
      start = -1;
      continue;
    }
    if (start < 0) {
      start = t;
      sampled = 0;
      self = new Map(); own = new Map(); entry = new Map();
    }
    const us = sampleUs(profile, i);
    sampled += us;
    add(self, l.self, us); add(own, l.own, us); add(entry, l.entry, us);
  }
  return tasks.sort((a, b) => b.ms - a.ms);
}

/**
 * What ran during given windows (e.g. the stalls a late timer saw: [end - lag, end], µs on the profile's clock),
 * longest window first. Idle samples count too (the loop was waiting, e.g. for a core) as `(idle)`.
 */
export function attributeWindows(profile: CpuProfile, windows: { startUs: number; endUs: number }[], top = 6): LongTask[] {
  const label = labeller(profile);
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs);
  const maps = sorted.map(() => ({ self: new Map<string, number>(), own: new Map<string, number>(), entry: new Map<string, number>(), sampled: 0 }));
  let t = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length && w < sorted.length; i++) {
    t += profile.timeDeltas[i];
    while (w < sorted.length && sorted[w].endUs <= t) w++;
    // Windows may overlap (two timers' lags): a sample counts in each window that holds it.
    for (let k = w; k < sorted.length && sorted[k].startUs <= t; k++) {
      if (sorted[k].endUs <= t) continue;
      const l = label(profile.samples[i]);
      const us = sampleUs(profile, i);
      const m = maps[k];
      m.sampled += us;
      add(m.self, l.self, us); add(m.own, l.own, us); add(m.entry, l.entry, us);
    }
  }
  return sorted.map((win, k) => ({
    startUs: win.startUs, ms: +((win.endUs - win.startUs) / 1000).toFixed(1), sampledMs: +(maps[k].sampled / 1000).toFixed(1),
    self: topOf(maps[k].self, top), own: topOf(maps[k].own, top), entry: topOf(maps[k].entry, top),
  })).sort((a, b) => b.ms - a.ms);
}

/** Sums the attribution of several long tasks (e.g. all above the target) into one top list per view. */
export function totals(tasks: LongTask[], view: 'self' | 'own' | 'entry', top = 10): [string, number][] {
  const m = new Map<string, number>();
  for (const task of tasks) for (const [k, ms] of task[view]) m.set(k, (m.get(k) ?? 0) + ms);
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => [k, +ms.toFixed(1)]);
}
