// Runs every *.test.ts under packages/*/test with node's test runner (tsx for TypeScript,
// the "source" export condition so workspace packages resolve to their src/).
// Usage: node scripts/run-tests.mjs [filter-substring...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tsImport } from 'tsx/esm/api';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = [];
for (const pkg of readdirSync('packages')) {
  try { walk(join('packages', pkg, 'test'), files); } catch { /* no tests */ }
}
const selected = files.sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (selected.length === 0) { console.error('no test files matched'); process.exit(1); }
// Most tests need the emulator's SQLite store: without a loadable native module, say how to fix it once.
const { assertSqliteLoads, NativeSqliteError } = await tsImport('../packages/emulator/src/store/sqlite-native.ts', import.meta.url);
try {
  assertSqliteLoads();
} catch (e) {
  if (!(e instanceof NativeSqliteError)) throw e;
  console.error(e.message);
  process.exit(1);
}
// Emulator traffic is local: a proxy exported for npm or apt must never see it (Python requests and
// @azure/core-rest-pipeline both honour HTTPS_PROXY even for 127.0.0.1).
const r = spawnSync(process.execPath, [
  '--conditions=source', '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected,
], { stdio: 'inherit', env: { ...process.env, NO_PROXY: '*', no_proxy: '*' } });
process.exit(r.status ?? 1);
