// `adls emulator user add|list|remove` and `adls emulator hosts`, in-process, on an emulator's data folder: a
// stopped one, and one that is running (its sign-ins and refresh tokens follow the change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DirectoryAdmin } from 'adls-gen1-emulator';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { registerEmulatorCommands } from '../src/commands/emulator.js';

const DATALAKE = 'https://datalake.azure.net/';

/** Runs `adls emulator …` in-process and captures stdout. */
async function adls(...args: string[]): Promise<string> {
  const program = new Command('adls').exitOverride();
  registerEmulatorCommands(program);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  // The commands write strings; the test runner's own reports (binary) still go out while the command awaits.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write(chunk, ...rest);
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'adls', 'emulator', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test('adls emulator user add|list|remove and hosts work on the data folder directly', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-id-admin-'));
  try {
    const listed = JSON.parse(await adls('user', 'list', '--location', location, '--json'));
    assert.deepEqual(listed.map((u: any) => u.username).sort(), ['alice@adlsemulator.onmicrosoft.com', 'bob@adlsemulator.onmicrosoft.com']);
    const added = JSON.parse(await adls('user', 'add', 'erin@adlsemulator.onmicrosoft.com', '--location', location, '--mfa', '--owner', '--json'));
    assert.equal(added.mfa, true);
    assert.equal(added.subscriptionOwner, true);
    assert.match(added.totpSecret, /^[A-Z2-7]+$/);
    assert.match(added.totpUri, /^otpauth:\/\/totp\//);
    assert.ok(added.password.length >= 12);
    const text = await adls('user', 'list', '--location', location);
    assert.match(text, /erin@adlsemulator\.onmicrosoft\.com\s+erin\s+yes\s+yes\s+yes/);
    await assert.rejects(adls('user', 'add', 'erin@adlsemulator.onmicrosoft.com', '--location', location), /already exists/);
    await assert.rejects(adls('user', 'add', 'not-a-upn', '--location', location), /not a user principal name/);
    assert.match(await adls('user', 'remove', 'erin@adlsemulator.onmicrosoft.com', '--location', location), /removed/);
    await assert.rejects(adls('user', 'remove', 'erin@adlsemulator.onmicrosoft.com', '--location', location), /no user/);

    const admin = DirectoryAdmin.open(location);
    admin.close();
    // hosts: one line per account in the accounts table.
    await (await startTestEmulator({ location })).stop();
    const hosts = await adls('hosts', '--location', location);
    assert.match(hosts, /^127\.0\.0\.1 adlsemulator\.adls\.localhost$/m);
  } finally { rmSync(location, { recursive: true, force: true }); }
});

/** A v1 token request (resource owner password or refresh token) as the Azure CLI app: status and JSON body. */
async function token(t: TestEmulator, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const info = t.emu.info();
  const res = await t.fetch(`/${info.tenantId}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: info.azureCliClientId, resource: DATALAKE, ...form }).toString(),
  });
  return { status: res.status, body: await res.json() };
}

test('a user added while the emulator runs can sign in; removing a user kills their refresh tokens', async () => {
  const t = await startTestEmulator();
  try {
    await adls('user', 'add', 'frank@adlsemulator.onmicrosoft.com', '--password', 'Frank-Passw0rd!', '--location', t.location);
    const ok = await token(t, { grant_type: 'password', username: 'frank@adlsemulator.onmicrosoft.com', password: 'Frank-Passw0rd!' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.refresh_token);
    await adls('user', 'remove', 'frank@adlsemulator.onmicrosoft.com', '--location', t.location);
    const r = await token(t, { grant_type: 'refresh_token', refresh_token: ok.body.refresh_token });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error, 'invalid_grant');
    assert.ok([70000, 70008].includes(r.body.error_codes?.[0]), JSON.stringify(r.body));
  } finally { await t.stop(); }
});
