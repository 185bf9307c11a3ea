// Gen2 key-based authentication end to end: the emulator's HTTPS Gen2 endpoint, @azure/storage-file-datalake
// signed with the development account's connection string and with account and directory SAS URLs.
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

test('the connection string from /_emulator/info (Shared Key), an account SAS and a directory SAS create, write and read; a wrong key, a read-only SAS and a path outside the directory are refused as the service refuses them', async () => {
  const info = await (await t.fetch('/_emulator/info')).json() as { storageAccounts: { name: string; connectionString: string | null }[] };
  const r = await runClient({
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath,
    GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
    GEN2_CONNECTION_STRING: info.storageAccounts.find((a) => a.name === DEV_STORAGE_ACCOUNT.name)!.connectionString!,
    GEN2_ACCOUNT: DEV_STORAGE_ACCOUNT.name,
    GEN2_KEY: DEV_STORAGE_ACCOUNT.key,
  });
  for (const flow of ['sharedKey', 'accountSas', 'directorySas']) {
    for (const [step, outcome] of Object.entries(r[flow]!)) assert.equal(outcome, 'ok', `${flow} ${step}`);
  }
  assert.equal(r.outsideDirectorySas!.createFile, '403 AuthenticationFailed');
  assert.equal(r.wrongKey!.createFileSystem, '403 AuthenticationFailed');
  assert.equal(r.wrongKey!.createFile, '403 AuthenticationFailed');
  assert.equal(r.readOnlySas!.createFile, '403 AuthorizationPermissionMismatch');
  assert.equal(r.readOnlySas!.append, '403 AuthorizationPermissionMismatch');
});
