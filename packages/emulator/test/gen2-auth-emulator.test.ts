// Gen2 key-based authentication end to end: the emulator's HTTPS Gen2 endpoint, @azure/storage-file-datalake
// signed with the development account's connection string and with account SAS URLs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(() => t.stop());

function runClient(env: Record<string, string>): Promise<Record<string, Record<string, string>>> {
  const script = fileURLToPath(new URL('./fixtures/gen2-auth-client.ts', import.meta.url));
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

test('connection string (Shared Key) and account SAS pass authentication; a wrong key and a read-only SAS are refused as the service refuses them', async () => {
  const r = await runClient({
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath,
    GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
    GEN2_ACCOUNT: DEV_STORAGE_ACCOUNT.name,
    GEN2_KEY: DEV_STORAGE_ACCOUNT.key,
  });
  const authRefusal = /^40[13] /;
  for (const [step, outcome] of [...Object.entries(r.sharedKey!), ...Object.entries(r.accountSas!)]) {
    assert.doesNotMatch(outcome, authRefusal, `${step}: ${outcome}`);
  }
  assert.equal(r.wrongKey!.createFileSystem, '403 AuthenticationFailed');
  assert.equal(r.wrongKey!.createFile, '403 AuthenticationFailed');
  assert.equal(r.readOnlySas!.createFile, '403 AuthorizationPermissionMismatch');
  assert.equal(r.readOnlySas!.append, '403 AuthorizationPermissionMismatch');
});
