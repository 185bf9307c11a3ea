// User delegation SAS end to end with @azure/storage-file-datalake: Get User Delegation Key (Azure AD only), a SAS
// signed with it that reads and no more, and a delegation that carries its user's ACL rights, not more.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { SEED } from 'adls-gen1-emulator';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(() => t.stop());

function runFixture(env: Record<string, string>): Promise<Record<string, unknown>> {
  const script = fileURLToPath(new URL('./fixtures/gen2-user-delegation.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

test('getUserDelegationKey + a user delegation SAS: reads with the SAS alone, refuses what it does not grant and what the user may not do', { timeout: 120_000 }, async () => {
  const storage = 'https://storage.azure.com/';
  const r = await runFixture({
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath,
    GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
    ACCOUNT: DEV_STORAGE_ACCOUNT.name,
    ALICE_TOKEN: await mintToken(t.emu, { upn: SEED.users[0].upn, audience: storage }),
    BOB_TOKEN: await mintToken(t.emu, { upn: SEED.users[1].upn, audience: storage }),
  });
  assert.deepEqual(r.keyFields, { oid: true, value: 32 });
  assert.equal(r.aliceRead, 'delegated read');
  assert.equal(r.aliceWrite, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobRead, '403 AuthorizationPermissionMismatch');
  assert.equal(r.keyWithSas, '403 AuthorizationResourceTypeMismatch', 'a file SAS cannot sign a service-level request');
});
