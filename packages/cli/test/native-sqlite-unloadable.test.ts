// When better-sqlite3's compiled module is missing (npm blocked or skipped its install script) or built for
// another Node.js, every way of starting the emulator fails at once with a short message naming the fix, not
// a list of searched paths or a stack. The built CLI runs in a child process with `better-sqlite3` resolved to
// a broken copy of the real package (fixtures/unloadable-sqlite). Needs `npm run build` first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_MAIN, runNode, type Run } from './cli-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, 'fixtures/unloadable-sqlite');
/** The tests' shared helpers, as this run resolves them (their TypeScript source, under the `source` condition). */
const HELPERS = import.meta.resolve('adls-gen1-test-support');
const scratch = mkdtempSync(join(tmpdir(), 'adls-unloadable-sqlite-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A project folder whose node_modules/better-sqlite3 is the real package's JavaScript without a built module. */
function unbuiltCopy(name: string): { project: string; pkg: string } {
  const real = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  const project = join(scratch, name);
  const pkg = join(project, 'node_modules', 'better-sqlite3');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(real, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(real, 'lib'), join(pkg, 'lib'), { recursive: true });
  // Its JavaScript dependencies, as npm would have installed them beside it.
  const fromPkg = createRequire(join(real, 'package.json'));
  for (const dep of ['bindings', 'file-uri-to-path']) {
    const depDir = dirname(fromPkg.resolve(`${dep}/package.json`));
    symlinkSync(depDir, join(project, 'node_modules', dep));
  }
  return { project, pkg };
}

/** The same, with a build/Release/better_sqlite3.node that registers for another NODE_MODULE_VERSION. */
function otherNodeCopy(): { project: string; pkg: string; abi: number } {
  const copy = unbuiltCopy('other-node');
  const out = join(copy.pkg, 'build', 'Release');
  mkdirSync(out, { recursive: true });
  const abi = Number(process.versions.modules) - 6;
  const cc = spawnSync('cc', ['-shared', '-fPIC', `-DOTHER_ABI=${abi}`, '-o', join(out, 'better_sqlite3.node'), join(FIXTURES, 'other-node-abi.c')], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `cc failed: ${cc.stderr}`);
  return { ...copy, abi };
}


/** Runs node with `better-sqlite3` resolved to the copy in `pkg`. */
/** A start that cannot load its store must give up by itself, within seconds: one that hangs is killed here. */
const GIVE_UP_MS = 60_000;

function node(pkg: string, args: string[]): Promise<Run> {
  return runNode(['--import', pathToFileURL(join(FIXTURES, 'register.mjs')).href, ...args],
    { PATH: process.env.PATH ?? '', HOME: scratch, TMPDIR: scratch, ADLS_TEST_SQLITE_DIR: pkg, ADLS_CONFIG_DIR: join(scratch, 'config') },
    { signal: AbortSignal.timeout(GIVE_UP_MS) });
}

/** What every failure must look like: a few lines, the fix, and none of the raw loader output. */
function assertShortFailure(r: Run, fix: RegExp): void {
  assert.notEqual(r.code, null, `still running after ${GIVE_UP_MS / 1000} s (killed): it must fail fast`);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.ok(lines.length <= 3, `at most 3 lines, got:\n${r.stderr}`);
  assert.match(r.stderr, fix);
  assert.doesNotMatch(r.stderr, /Tried:|→|^\s+at /m, 'no searched paths, no stack');
  assert.doesNotMatch(r.stderr, /build\/Release|compiled\//, 'no searched paths');
}

const neverBuilt = unbuiltCopy('never-built');
const neverBuiltFix = new RegExp(`never built[^\\n]*\\n(adls: )?fix: cd ${neverBuilt.project} && npm rebuild better-sqlite3 .*npm install-scripts approve better-sqlite3`);

test('adls emulator start without a built native module: one short message naming the fix, nothing written', async () => {
  const location = join(scratch, 'data-never-built');
  const r = await node(neverBuilt.pkg, [CLI_MAIN, 'emulator', 'start', '--port', '0', '--location', location]);
  assertShortFailure(r, neverBuiltFix);
  assert.match(r.stderr, /^adls: the emulator's SQLite store cannot load: better-sqlite3's native module was never built/);
  assert.equal(r.stdout, '');
  assert.deepEqual(existsSync(location) ? readdirSync(location) : [], [], 'no database created');
});

test('adls emulator start with a native module built for another Node.js: says so and names npm rebuild', async () => {
  const other = otherNodeCopy();
  const r = await node(other.pkg, [CLI_MAIN, 'emulator', 'start', '--port', '0', '--location', join(scratch, 'data-other-node')]);
  assertShortFailure(r, new RegExp(`built for another Node\\.js \\(module version ${other.abi}; Node\\.js ${process.version} needs ${process.versions.modules}\\)\\nfix: cd ${other.project} && npm rebuild better-sqlite3$`, 'm'));
});

test('npm start (adls demo) and adls emulator user list fail the same way', async () => {
  for (const args of [['demo'], ['emulator', 'user', 'list', '--location', join(scratch, 'data-users')]]) {
    const r = await node(neverBuilt.pkg, [CLI_MAIN, ...args]);
    assertShortFailure(r, neverBuiltFix);
  }
});

test("the tests' emulator helper stops the test file with the same short message", async () => {
  const script = `import { startTestEmulator } from ${JSON.stringify(HELPERS)};\nawait startTestEmulator();`;
  const r = await node(neverBuilt.pkg, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script]);
  assertShortFailure(r, neverBuiltFix);
});
