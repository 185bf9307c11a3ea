import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SEED } from 'adls-gen1-emulator';
import type { TestEmulator } from './helpers.js';
import { ALICE, BOB, CLI_APP, TENANT, approve, startIdentityEmulator } from './identity-helpers.js';

const PYTHON = '/usr/bin/python3';
import { DEFAULT_SEED_FLOW as SEED_FLOW } from '../../../scripts/peers/seed-flow-harness.js';

/**
 * Runs a real client in a child process (the emulator keeps serving in this one), approves the
 * sign-in through the test API as soon as the client prints its user code, and returns the output.
 */
function runClient(t: TestEmulator, cmd: string, args: string[], env: Record<string, string>, username: string):
  Promise<{ code: number | null; stdout: string; stderr: string; prompts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let prompts = 0;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`client timed out\n${stdout}\n${stderr}`)); }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      const before = stdout;
      stdout += d.toString();
      const fresh = stdout.slice(Math.max(0, before.lastIndexOf('\n') + 1));
      for (const m of fresh.matchAll(/code ([A-Z0-9]{8,9})\b/g)) {
        prompts++;
        void approve(t, m[1], username).then((r) => { if (r.status !== 200) stderr += `approve failed: ${JSON.stringify(r.body)}\n`; });
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, prompts }); });
  });
}

const ADAL_SCRIPT = `
import adal, base64, json, sys
ctx = adal.AuthenticationContext(sys.argv[1], validate_authority=False)
code = ctx.acquire_user_code('https://management.core.windows.net/', sys.argv[2])
print(code['message'], flush=True)
tok = ctx.acquire_token_with_device_code('https://management.core.windows.net/', code, sys.argv[2])
payload = tok['accessToken'].split('.')[1]
claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
print('RESULT ' + json.dumps({'amr': claims['amr'], 'aud': claims['aud'], 'userId': tok['userId'], 'isMRRT': tok.get('isMRRT'), 'resource': tok['resource']}), flush=True)
# MRRT: the same context mints a Data Lake token from the cached management refresh token.
dl = ctx.acquire_token('https://datalake.azure.net/', tok['userId'], sys.argv[2])
print('MRRT ' + json.dumps({'resource': dl['resource']}), flush=True)
`;

test('real client: Python adal 1.x v1 device flow as the MFA user (amr has mfa), then MRRT to Data Lake', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const r = await runClient(t, PYTHON, ['-c', ADAL_SCRIPT, `${t.base}/${TENANT}`, CLI_APP], { REQUESTS_CA_BUNDLE: t.emu.core.ca.caCertPath }, ALICE.upn);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`open the page ${t.base}/devicelogin and enter the code [A-Z0-9]{9}`));
    const result = JSON.parse(/^RESULT (.*)$/m.exec(r.stdout)![1]);
    assert.ok(result.amr.includes('mfa'));
    assert.equal(result.aud, 'https://management.core.windows.net/');
    assert.equal(result.userId, ALICE.upn);
    assert.equal(result.isMRRT, true);
    assert.equal(JSON.parse(/^MRRT (.*)$/m.exec(r.stdout)![1]).resource, 'https://datalake.azure.net/');
  } finally { await t.stop(); }
});

test('real client: ../shared/peers/seed_flow.py (unmodified) step arm_auth', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const r = await runClient(t, PYTHON, [SEED_FLOW], {
      REQUESTS_CA_BUNDLE: t.emu.core.ca.caCertPath, ADL_AUTHORITY_HOST: t.base, ADL_TENANT: TENANT, ADL_VALIDATE_AUTHORITY: '0',
      ADL_SUBSCRIPTION_ID: SEED.subscriptionId, ADL_RESOURCE_GROUP: 'rg1', ADL_ACCOUNT: 'acct1', ADL_STEPS: 'arm_auth',
    }, BOB.upn);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /got ARM token/);
    assert.match(r.stdout, /SEED FLOW DONE/);
  } finally { await t.stop(); }
});

const IDENTITY_SCRIPT = `
import { DeviceCodeCredential } from '@azure/identity';
const [authorityHost, tenantId, clientId] = process.argv.slice(1);
const cred = new DeviceCodeCredential({ tenantId, clientId, authorityHost, disableInstanceDiscovery: true,
  userPromptCallback: (info) => console.log(info.message) });
const claims = (t) => JSON.parse(Buffer.from(t.token.split('.')[1], 'base64url').toString());
const a = await cred.getToken('https://datalake.azure.net//.default');
console.log('DATALAKE ' + JSON.stringify({ aud: claims(a).aud, amr: claims(a).amr, exp: a.expiresOnTimestamp }));
const b = await cred.getToken('https://management.core.windows.net//.default');
console.log('MANAGEMENT ' + JSON.stringify({ aud: claims(b).aud, amr: claims(b).amr }));
`;

test('real client: @azure/identity DeviceCodeCredential (v2, msal-node) then a silent getToken for ARM', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const r = await runClient(t, process.execPath, ['--input-type=module', '-e', IDENTITY_SCRIPT, t.base, TENANT, CLI_APP],
      { NODE_EXTRA_CA_CERTS: t.emu.core.ca.caCertPath }, ALICE.upn);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const dl = JSON.parse(/^DATALAKE (.*)$/m.exec(r.stdout)![1]);
    assert.equal(dl.aud, 'https://datalake.azure.net/');
    assert.ok(dl.amr.includes('mfa'));
    assert.ok(dl.exp > Date.now() + 3000_000);
    const mg = JSON.parse(/^MANAGEMENT (.*)$/m.exec(r.stdout)![1]);
    assert.equal(mg.aud, 'https://management.core.windows.net/');
    assert.ok(mg.amr.includes('mfa'), 'MFA propagates through the refresh token');
    assert.equal(r.prompts, 1, 'the ARM token came silently from the refresh token, not a second device code');
  } finally { await t.stop(); }
});
