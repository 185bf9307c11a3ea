// `adls login | whoami | logout` as a user runs them: the built CLI in a child process, against an
// in-process emulator, with a temporary config folder. Needs `npm run build` first.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { loginAnd, runCli } from './cli-process.js';

let t: TestEmulator;
let dir: string;
before(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'adls-cli-auth-'));
});
after(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with a HOME and config folder of its own; `onStderr` sees stderr as it arrives. */
const adls = (args: string[], opts: { env?: Record<string, string>; onStderr?: (all: string) => void } = {}) =>
  runCli({ home: dir, emulatorUrl: t.base }, args, opts);

async function testApi(path: string, body: unknown): Promise<void> {
  const r = await t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

/** `adls login`, acting on the user code as soon as the CLI prints it. */
const login = (act: (userCode: string) => Promise<void>, args: string[] = []) => loginAnd({ home: dir, emulatorUrl: t.base }, act, args);

const alice = () => t.emu.info().users.find((u) => u.mfa)!.username;

for (const protocol of ['v2', 'v1']) {
  test(`login (${protocol}) prints the code, waits for approval; whoami --json shows alice; logout`, async () => {
    const r = await login((code) => testApi('/_emulator/device/approve', { user_code: code, username: alice() }), ['--protocol', protocol]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /To sign in, use a web browser to open the page https:\/\/localhost:\d+\/devicelogin and enter the code/);
    assert.match(r.stderr, new RegExp(`Signed in as ${alice()}`));
    assert.equal(statSync(join(dir, 'config', 'tokens.json')).mode & 0o777, 0o600);

    const w = await adls(['whoami', '--json']);
    assert.equal(w.code, 0, w.stderr);
    const me = JSON.parse(w.stdout);
    assert.equal(me.username, alice());
    assert.equal(me.tenantId, t.emu.info().tenantId);
    assert.ok(me.amr.includes('mfa'));
    assert.deepEqual(me.tokens.map((x: { resource: string }) => x.resource).sort(), ['https://datalake.azure.net/', 'https://management.core.windows.net/']);
    assert.doesNotMatch(w.stdout + w.stderr, /eyJ/, 'no token is printed');

    const plain = await adls(['whoami']);
    assert.match(plain.stdout, new RegExp(alice()));

    assert.equal((await adls(['logout'])).code, 0);
    const gone = await adls(['whoami', '--json']);
    assert.equal(gone.code, 5, gone.stderr);
    assert.match(gone.stderr, /not signed in/);
  });
}

test('an explicit CA file (ADLS_CA_FILE) is used for the emulator', async () => {
  const w = await adls(['whoami'], { env: { ADLS_CA_FILE: t.emu.info().caCertPath } });
  assert.equal(w.code, 5, w.stderr); // reached the emulator, not signed in
  const wrong = await adls(['whoami'], { env: { ADLS_CA_FILE: join(dir, 'missing.pem') } });
  assert.equal(wrong.code, 2, wrong.stderr);
});

test('bad input exits 2', async () => {
  for (const args of [['login', '--protocol', 'v3'], ['login', '--service-principal'], ['login', '--password', 'x'], ['login', '--no-such-flag'], ['whoami', '--cloud', 'mars']]) {
    const r = await adls(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('a declined sign-in exits 5', async () => {
  const r = await login((code) => testApi('/_emulator/device/decline', { user_code: code }));
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /declined|AADSTS/i);
});

test('service principal login with a client secret; whoami shows the app', async () => {
  const sp = t.emu.info().servicePrincipal;
  const r = await adls(['login', '--service-principal', '--client-id', sp.clientId], { env: { ADLS_CLIENT_SECRET: sp.clientSecret } });
  assert.equal(r.code, 0, r.stderr);
  const me = JSON.parse((await adls(['whoami', '--json'])).stdout);
  assert.equal(me.type, 'servicePrincipal');
  assert.equal(me.username, sp.clientId);
  const bad = await adls(['login', '--service-principal', '--client-id', sp.clientId, '--client-secret', 'wrong']);
  assert.equal(bad.code, 5, bad.stderr);
  await adls(['logout', '--all']);
});
