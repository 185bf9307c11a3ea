// `adls demo --interactive`: the banner says how to trust the CA and shows the TOTP secret as a QR code and an
// otpauth:// URI; `adls emulator totp` prints a code from the running demo's data folder, and that code signs
// the person in through the real pages, after which the guide flow completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { PageClient, type TestEmulator } from 'adls-gen1-test-support';
import { CLI_MAIN, runCli } from './cli-process.js';


test('demo --interactive: CA trust steps, QR code + otpauth URI; the code from `adls emulator totp` completes the sign-in', { timeout: 240_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'adls-demo-int-'));
  const location = join(home, 'emulator');
  const child = spawn(process.execPath, [CLI_MAIN, 'demo', '--interactive', '--location', location, '--file-size', '2MiB', '--chunk-size', '1MiB'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, NO_PROXY: '*' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { out += c; });
  const exited = new Promise<number | null>((res) => child.on('close', res));
  let agent: Agent | undefined;
  try {
    while (!/waiting for you to sign in/.test(out)) {
      if (child.exitCode !== null) assert.fail(`demo ended early:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(out.includes(`-i "${join(location, 'tls', 'ca.pem')}"`), 'names the CA file in the trust steps');
    const uri = /otpauth:\/\/totp\/\S+/.exec(out)?.[0];
    assert.ok(uri && /secret=[A-Z2-7]+/.test(uri) && /issuer=adls-gen1(%20|\+)emulator/.test(uri), `otpauth URI: ${uri}`);
    const qrRows = out.split('\n').filter((l) => /^[ ▀▄█]{20,}$/.test(l));
    assert.ok(qrRows.length >= 10, `a QR code drawn with half blocks:\n${out}`);
    assert.ok(qrRows.every((l) => l.length === qrRows[0].length), 'the QR rows are equally wide');
    const user = /Sign in as (\S+), password (\S+)\./.exec(out)!;
    assert.match(out, new RegExp(`adls emulator totp ${user[1]} --location ${location}`));

    const totp = await runCli({ home, emulatorUrl: 'https://unused.invalid' }, ['emulator', 'totp', user[1], '--location', location]);
    assert.equal(totp.code, 0, totp.stderr);
    const code = totp.stdout.trim();
    assert.match(code, /^\d{6}$/);

    // A person at the browser: the pages over HTTPS, trusting the demo's CA.
    const m = /open the page (https:\/\/[^/\s]+)\/devicelogin and enter the code ([A-Z0-9]+)/.exec(out)!;
    agent = new Agent({ connect: { ca: readFileSync(join(location, 'tls', 'ca.pem'), 'utf8') } });
    const site = { fetch: (path: string, init = {}) => fetch(`${m[1]}${path}`, { ...init, dispatcher: agent }) } as unknown as TestEmulator;
    const b = new PageClient(site);
    await b.openSignIn(m[2]);
    assert.equal((await b.post('/devicelogin/signin', { username: user[1], password: user[2], action: 'signin' })).location, '/devicelogin/mfa');
    await b.get('/devicelogin/mfa');
    const verified = await b.post('/devicelogin/mfa', { otp: code, action: 'verify' });
    assert.equal(verified.status, 302, verified.html);
    if (verified.location?.endsWith('/consent')) {
      await b.get('/devicelogin/consent');
      await b.post('/devicelogin/consent', { action: 'accept' });
    }
    assert.equal(await exited, 0, out.slice(-3000));
    assert.match(out, /GUIDE FLOW DONE/);
  } finally {
    child.kill('SIGKILL');
    await agent?.close();
    rmSync(home, { recursive: true, force: true });
  }
});
