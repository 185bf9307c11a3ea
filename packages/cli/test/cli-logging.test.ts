// `adls --verbose/--debug` and ADLS_LOG_LEVEL / AZURE_LOG_LEVEL: the built CLI against an in-process
// emulator logs each request (method, redacted URL, status, duration, retries) to stderr, and no secret.
// Needs `npm run build` first.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { runCli, type Run } from './cli-process.js';

let t: TestEmulator;
let dir: string;
before(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'adls-cli-log-'));
});
after(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

function adls(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli({ home: dir, emulatorUrl: t.base }, args, { env });
}

/** Every token and refresh token of the CLI's token cache. */
function cachedSecrets(): string[] {
  const text = readFileSync(join(dir, 'config', 'tokens.json'), 'utf8');
  return [...text.matchAll(/"(?:token|refreshToken)"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
}

test('--debug login, then fs ls with ADLS_LOG_LEVEL, AZURE_LOG_LEVEL and --verbose: one line per request, no secret', async () => {
  const sp = t.emu.info().servicePrincipal;
  const login = await adls(['--debug', 'login', '--service-principal', '--client-id', sp.clientId], { ADLS_CLIENT_SECRET: sp.clientSecret });
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stderr, /^azure:adls-gen1:info POST https:\/\/localhost:\d+\/[^/ ]+\/oauth2\/v2\.0\/token 200 \d+ ms retries 0$/m);

  // The seeded service principal may not be allowed to list the root (403, exit 4): either answer is logged.
  const line = /^azure:adls-gen1:info GET https:\/\/[^ ]+\/webhdfs\/v1\/\?op=LISTSTATUS[^ ]* (200|403) \d+ ms retries 0$/m;
  const runs = [
    await adls(['fs', 'ls', '/'], { ADLS_LOG_LEVEL: 'info' }),
    await adls(['fs', 'ls', '/'], { AZURE_LOG_LEVEL: 'info' }),
    await adls(['fs', 'ls', '/', '--verbose']),
  ];
  for (const r of runs) {
    const status = line.exec(r.stderr)?.[1];
    assert.ok(status, r.stderr);
    assert.equal(r.code, status === '200' ? 0 : 4, r.stderr);
    assert.doesNotMatch(r.stdout, /azure:/, 'logs go to stderr, never into the data on stdout');
  }
  const quiet = await adls(['fs', 'ls', '/']);
  assert.doesNotMatch(quiet.stderr, /azure:adls-gen1/);

  const secrets = [sp.clientSecret, ...cachedSecrets()];
  assert.ok(secrets.length >= 2, 'the cache holds tokens to look for');
  for (const r of [login, ...runs]) {
    for (const s of secrets) assert.ok(!r.stderr.includes(s), `a secret leaked into the log:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Bearer |eyJ[\w-]+\.[\w-]+/);
  }
});
