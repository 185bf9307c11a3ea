// Runs /work/shared/peers/seed_flow.py (unmodified) against the emulator in private namespaces.
//
//   node --conditions=source --import tsx scripts/peers/run-seed-flow.ts [options]
//     --steps a,b,c        ADL_STEPS (default: all seven)
//     --account NAME       'default' = the emulator's default account; default: a fresh name
//     --rg NAME            resource group (default: fresh, or the default account's group)
//     --approve api,pages  approval method per sign-in (last repeats; default api,pages)
//     --timeout SECONDS    python timeout (default 110)
//     --nthreads N         ADL_NTHREADS
//     --lro-mode MODE      emulator LRO mode
//     --py-debug           log every HTTP exchange of the Python clients
//     --seed-flow PATH     default: <repo>/../shared/peers/seed_flow.py
//     --keep               keep the work folder (emulator data, logs, hosts file)
//     --no-namespace       no root needed: localhost only, data plane via 127.0.0.1 (option B, default
//                          account only; fs cannot be combined with account_* steps)
//   exit status: 0 when Python exited 0 and printed SEED FLOW DONE, 1 otherwise.
//
// Internal: `--inside CONFIG RESULT` is the entry point inside the namespaces.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  ALL_STEPS, describeFailure, runSeedFlowInside, runSeedFlowIsolated, type ApproveVia, type SeedFlowOptions, type Step,
} from './seed-flow-harness.js';

const argv = process.argv.slice(2);

if (argv[0] === '--inside') {
  const opts = JSON.parse(readFileSync(argv[1], 'utf8')) as SeedFlowOptions;
  const result = await runSeedFlowInside(opts);
  writeFileSync(argv[2], JSON.stringify(result, null, 2));
  process.exit(result.exitCode === 0 && result.done ? 0 : 1);
}

function opt(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
const steps = (opt('steps')?.split(',') ?? [...ALL_STEPS]) as Step[];
for (const s of steps) if (!(ALL_STEPS as readonly string[]).includes(s)) { console.error(`unknown step ${s}`); process.exit(2); }
const opts: SeedFlowOptions = {
  steps,
  account: opt('account'),
  resourceGroup: opt('rg'),
  approve: opt('approve')?.split(',') as ApproveVia[] | undefined,
  timeoutMs: opt('timeout') ? Number(opt('timeout')) * 1000 : undefined,
  nthreads: opt('nthreads') ? Number(opt('nthreads')) : undefined,
  lroMode: opt('lro-mode'),
  pyDebug: argv.includes('--py-debug'),
  seedFlow: opt('seed-flow'),
  keep: argv.includes('--keep'),
  isolation: argv.includes('--no-namespace') ? 'none' : 'namespace',
  echo: true,
};
try {
  const r = await runSeedFlowIsolated(opts, (s) => process.stdout.write(s));
  const ok = r.exitCode === 0 && r.done;
  if (!ok) console.error('\n' + describeFailure(r));
  else console.error(`\nseed flow OK (steps: ${r.stepsSeen.join(', ')}; approvals: ${r.approvals.map((a) => `${a.via}`).join(', ')})`);
  if (opts.keep) console.error(`work folder kept: ${r.workDir}`);
  process.exit(ok ? 0 : 1);
} catch (e) {
  console.error(`run-seed-flow: ${(e as Error).message}`);
  process.exit(1);
}
