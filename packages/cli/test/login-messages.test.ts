// What `adls login`, `whoami` and other commands tell the user after a sign-in failed or expired, how login
// explains trusting the emulator's CA, and `adls emulator totp`. The built CLI against an in-process emulator.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { PageClient, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { loginAnd, runCli, type CliEnv } from './cli-process.js';

let t: TestEmulator;
let cli: CliEnv;
before(async () => {
  t = await startTestEmulator();
  cli = { home: mkdtempSync(join(tmpdir(), 'adls-cli-msg-')), emulatorUrl: t.base };
});
after(async () => {
  await t.stop();
  rmSync(cli.home, { recursive: true, force: true });
});

const alice = () => t.emu.info().users.find((u) => u.mfa)!;
const approve = async (userCode: string) => {
  const r = await t.fetch('/_emulator/device/approve', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: userCode, username: alice().username }),
  });
  assert.equal(r.status, 200, await r.text());
};

/** Rewrites the CLI's token cache: every access token expired 10 minutes ago, optionally without refresh tokens. */
function expireTokens(opts: { dropRefreshToken?: boolean } = {}): void {
  const file = join(cli.home, 'config', 'tokens.json');
  const cache = JSON.parse(readFileSync(file, 'utf8'));
  for (const a of Object.values(cache.accounts) as { accessTokens: Record<string, { expiresOnTimestamp: number }>; refreshToken?: string }[]) {
    for (const tok of Object.values(a.accessTokens)) tok.expiresOnTimestamp = Date.now() - 600_000;
    if (opts.dropRefreshToken) delete a.refreshToken;
  }
  writeFileSync(file, JSON.stringify(cache), { mode: 0o600 });
}

test('login on the emulator says how to trust its CA in the browser, naming the CA file, before the code', async () => {
  const r = await loginAnd(cli, approve);
  assert.equal(r.code, 0, r.stderr);
  const ca = t.emu.info().caCertPath;
  const trust = r.stderr.indexOf('trust that CA');
  assert.ok(trust >= 0 && trust < r.stderr.indexOf('enter the code'), r.stderr);
  assert.ok(r.stderr.includes(`certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n adls-gen1-emulator -i "${ca}"`), r.stderr);
  assert.match(r.stderr, /Firefox: certutil -d sql:<your Firefox profile folder>/);
  await runCli(cli, ['logout', '--all']);
});

test('whoami marks expired tokens: refreshed on the next command while a refresh token exists, else exit 5 and run adls login', async () => {
  assert.equal((await loginAnd(cli, approve)).code, 0);
  const fresh = JSON.parse((await runCli(cli, ['whoami', '--json'])).stdout);
  assert.ok(fresh.tokens.every((x: { expired: boolean }) => x.expired === false));
  assert.equal(fresh.renewable, true);

  expireTokens();
  const plain = await runCli(cli, ['whoami']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /token https:\/\/datalake\.azure\.net\/\s+EXPIRED \S+ \(10 min ago\); the next command refreshes it/);
  const json = JSON.parse((await runCli(cli, ['whoami', '--json'])).stdout);
  assert.ok(json.tokens.length === 2 && json.tokens.every((x: { expired: boolean }) => x.expired === true));

  expireTokens({ dropRefreshToken: true });
  const dead = await runCli(cli, ['whoami']);
  assert.equal(dead.code, 5, dead.stderr);
  assert.match(dead.stdout, /EXPIRED .*no refresh token: run 'adls login'/);
  assert.match(dead.stderr, /has expired and it cannot be refreshed: run 'adls login' again/);
  const deadJson = await runCli(cli, ['whoami', '--json']);
  assert.equal(deadJson.code, 5);
  assert.equal(JSON.parse(deadJson.stdout).renewable, false);
  await runCli(cli, ['logout', '--all']);
});

test('a refresh token Azure AD refuses (AADSTS70008) ends with "run adls login again"', async () => {
  assert.equal((await loginAnd(cli, approve)).code, 0);
  const revoke = await t.fetch(`/_emulator/users/${encodeURIComponent(alice().username)}/revoke`, { method: 'POST' });
  assert.equal(revoke.status, 200, await revoke.text());
  expireTokens();
  const r = await runCli(cli, ['fs', 'ls', '/']);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /AADSTS70008/);
  assert.match(r.stderr, /hint: your sign-in has expired or was revoked .*: run 'adls login' again/);
  await runCli(cli, ['logout', '--all']);
});

test('five wrong verification codes: AADSTS500121 and what to do, not "declined"', async () => {
  const r = await loginAnd(cli, async (userCode) => {
    const b = new PageClient(t);
    await b.openSignIn(userCode);
    await b.post('/devicelogin/signin', { username: alice().username, password: alice().password!, action: 'signin' });
    await b.get('/devicelogin/mfa');
    for (let i = 0; i < 5; i++) await b.post('/devicelogin/mfa', { otp: '000000', action: 'verify' });
  });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /AADSTS500121: Authentication failed during strong authentication request/);
  assert.match(r.stderr, /hint: a wrong verification code was entered too many times.*run 'adls login' again/);
  assert.doesNotMatch(r.stderr, /declined/i);
});

test('a declined sign-in and an expired code each say to run adls login again', async () => {
  const declined = await loginAnd(cli, async (userCode) => {
    await t.fetch('/_emulator/device/decline', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: userCode }) });
  });
  assert.equal(declined.code, 5, declined.stderr);
  assert.match(declined.stderr, /hint: the sign-in was cancelled on the sign-in page: run 'adls login' again/);

  const short = await startTestEmulator({ deviceCodeExpiresIn: 2, deviceCodeInterval: 1 });
  try {
    const expired = await loginAnd({ ...cli, emulatorUrl: short.base }, async () => {});
    assert.equal(expired.code, 5, expired.stderr);
    assert.match(expired.stderr, /hint: the code expired before the sign-in was finished in the browser: run 'adls login' again/);
  } finally { await short.stop(); }
});

test('adls emulator totp prints the current RFC 6238 code of an MFA user from the data folder', async () => {
  const me = alice();
  const r = await runCli(cli, ['emulator', 'totp', me.username, '--location', t.location]);
  assert.equal(r.code, 0, r.stderr);
  const totp = new TOTP({ secret: Secret.fromBase32(me.totpSecret!), algorithm: 'SHA1', digits: 6, period: 30 });
  // The code may roll over between the CLI and this line: the emulator accepts ±1 step, so must this check.
  assert.notEqual(totp.validate({ token: r.stdout.trim(), window: 1 }), null, `code ${r.stdout}`);
  assert.match(r.stderr, /valid for \d+ more seconds?/);
  const json = JSON.parse((await runCli(cli, ['emulator', 'totp', me.username, '--location', t.location, '--json'])).stdout);
  assert.match(json.code, /^\d{6}$/);
  assert.ok(json.validForSeconds >= 1 && json.validForSeconds <= 30);
  assert.match(json.uri, new RegExp(`^otpauth://totp/.*secret=${me.totpSecret}`));

  const unknown = await runCli(cli, ['emulator', 'totp', 'nobody@nowhere.example', '--location', t.location]);
  assert.equal(unknown.code, 3, unknown.stderr);
  const bob = t.emu.info().users.find((u) => !u.mfa)!;
  const noMfa = await runCli(cli, ['emulator', 'totp', bob.username, '--location', t.location]);
  assert.equal(noMfa.code, 2, noMfa.stderr);
  assert.match(noMfa.stderr, /no TOTP secret/);
});
