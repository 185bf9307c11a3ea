// The guide's Python flow (shared/peers/seed_flow.py, run unmodified with Debian's python3-adal,
// python3-msrestazure, python3-azure, python3-azure-datalake-store) against the emulator, inside a
// private network + mount namespace (loopback only, private /etc/hosts for {account}.adls.localhost).
// Needs root (CI runs as root) or unprivileged user namespaces; never skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  ALL_STEPS, checkIsolation, DEFAULT_SEED_FLOW, describeFailure, runSeedFlowIsolated, type SeedFlowOptions, type SeedFlowResult,
} from '../../../scripts/peers/seed-flow-harness.js';

function preconditions(): void {
  const iso = checkIsolation();
  assert.ok(iso.ok, `seed-flow harness cannot isolate the Python flow: ${iso.reason}`);
  assert.ok(existsSync('/usr/bin/python3'), '/usr/bin/python3 missing (apt-get install python3-adal python3-msrestazure python3-azure python3-azure-datalake-store)');
  assert.ok(existsSync(DEFAULT_SEED_FLOW), `seed flow not found at ${DEFAULT_SEED_FLOW} (shared/ must sit beside the repository)`);
}

async function runFlow(opts: SeedFlowOptions): Promise<SeedFlowResult> {
  preconditions();
  // pyDebug only logs each HTTP exchange of the Python clients (method, URL, status, JSON/error body)
  // so a failure shows the exact request and answer; seed_flow.py and the clients are untouched.
  return await runSeedFlowIsolated({ pyDebug: true, ...opts });
}

function assertSucceeded(r: SeedFlowResult, steps: readonly string[], vias: string[]): void {
  const why = () => '\n' + describeFailure(r);
  assert.equal(r.error, undefined, `harness error${why()}`);
  assert.equal(r.timedOut, false, `python timed out${why()}`);
  assert.equal(r.exitCode, 0, `python exit code ${r.exitCode}${why()}`);
  assert.ok(r.done, `no 'SEED FLOW DONE' in the output${why()}`);
  assert.match(r.pythonOutput, /^SEED FLOW DONE$/m);
  assert.deepEqual(r.stepsSeen.map((s) => s.replace(/\s.*$/, '')), [...steps], `step markers${why()}`);
  assert.deepEqual(r.approvals.map((a) => a.via), vias, `device-code approvals${why()}`);
  for (const a of r.approvals) assert.ok(a.ok, `approval #${a.index} via ${a.via}: ${a.detail}${why()}`);
  // Retries can hide server faults: the run must not have needed any (no 401/403/5xx, no internal error).
  const bad = r.emulatorLog.split('\n').filter((l) => / (401|403|5\d\d) \d+ms$/.test(l) || /unhandled error/.test(l));
  assert.deepEqual(bad, [], `the emulator answered errors the Python clients retried past${why()}`);
}

test('seed flow: arm_auth (adal device code, approved through the sign-in pages)', { timeout: 100_000 }, async () => {
  const r = await runFlow({ steps: ['arm_auth'], approve: ['pages'], timeoutMs: 60_000 });
  assertSucceeded(r, ['arm_auth'], ['pages']);
  assert.match(r.pythonOutput, /To sign in, use a web browser to open the page https:\/\/localhost:\d+\/devicelogin and enter the code \S+ to authenticate/);
  assert.match(r.pythonOutput, /^got ARM token, expires /m);
});

test('seed flow: fs_auth,fs on the default account (lib.auth + AzureDLFileSystem + multithread)', { timeout: 140_000 }, async () => {
  const r = await runFlow({ steps: ['fs_auth', 'fs'], account: 'default', approve: ['api'], timeoutMs: 110_000 });
  assertSucceeded(r, ['fs_auth', 'fs'], ['api']);
  assert.match(r.pythonOutput, /^--- round trip identical: True$/m);
  assert.match(r.pythonOutput, /^--- exists after rm: False$/m);
});

test('seed flow: all steps (device code → rg → account create/list → lib.auth → filesystem → account delete)', { timeout: 170_000 }, async () => {
  const r = await runFlow({ steps: [...ALL_STEPS], approve: ['api', 'pages'], timeoutMs: 140_000 });
  assertSucceeded(r, ALL_STEPS, ['api', 'pages']);
  assert.match(r.pythonOutput, new RegExp(`^account ${r.account} Succeeded `, 'm'));
  assert.match(r.pythonOutput, new RegExp(`^${r.account} ${'eastus2'} Succeeded$`, 'm'));
  assert.match(r.pythonOutput, /^--- round trip identical: True$/m);
  assert.match(r.pythonOutput, /^deleted$/m);
});

test('seed flow without DEVIATION 5 (ADL_VALIDATE_AUTHORITY=1): lib.auth asks the public instance discovery and cannot reach it', { timeout: 90_000 }, async () => {
  // Shows both why the seed flow patches adal for lib.auth, and that nothing in the namespace gets out.
  const r = await runFlow({ steps: ['fs_auth'], account: 'default', approve: ['api'], timeoutMs: 60_000, extraEnv: { ADL_VALIDATE_AUTHORITY: '1' } });
  const why = '\n' + describeFailure(r);
  assert.equal(r.error, undefined, why);
  assert.notEqual(r.exitCode, 0, why);
  assert.equal(r.done, false, why);
  assert.deepEqual(r.approvals, [], `no device code may be requested${why}`);
  assert.match(r.pythonOutput, /ConnectionError: HTTPSConnectionPool\(host='login\.microsoftonline\.com', port=443\).*\/common\/discovery\/instance/, why);
});

test('seed flow without a namespace: fs_auth,fs on the default account via https://127.0.0.1:<port>/ (option B)', { timeout: 140_000 }, async () => {
  const r = await runSeedFlowIsolated({ steps: ['fs_auth', 'fs'], account: 'default', approve: ['pages'], timeoutMs: 110_000, isolation: 'none', pyDebug: true });
  assertSucceeded(r, ['fs_auth', 'fs'], ['pages']);
  assert.match(r.pythonOutput, /https:\/\/127\.0\.0\.1:\d+\/webhdfs\/v1\/mysampledirectory\?OP=MKDIRS/);
  assert.match(r.pythonOutput, /^--- round trip identical: True$/m);
});
