// Gen2 key-based authentication end to end: the emulator's HTTPS Gen2 endpoint, @azure/storage-file-datalake
// signed with the development account's connection string and with account and directory SAS URLs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ContainerSASPermissions, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { deriveUserDelegationKey, isoSeconds } from '../src/gen2/auth/user-delegation-key.js';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

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

test('a user delegation SAS naming a delegated user (sduoid) works only with that user\'s token alongside', async () => {
  const account = t.emu.core.storageAccounts.get(DEV_STORAGE_ACCOUNT.name)!;
  const users = t.emu.info().users;
  const owner = users.find((u) => u.oid === account.ownerOid)!;
  const other = users.find((u) => u.oid !== account.ownerOid)!;
  const now = t.emu.options.now();
  // The key Get User Delegation Key would hand the owner (see user-delegation-key.ts).
  const fields = {
    signedOid: owner.oid, signedTid: t.emu.info().tenantId, signedStart: isoSeconds(now - 60_000), signedExpiry: isoSeconds(now + 3600_000),
    signedService: 'b', signedVersion: '2026-02-06',
  };
  const udk = {
    signedObjectId: fields.signedOid, signedTenantId: fields.signedTid, signedStartsOn: new Date(fields.signedStart), signedExpiresOn: new Date(fields.signedExpiry),
    signedService: 'b', signedVersion: fields.signedVersion, value: deriveUserDelegationKey(account.keys[0], account.name, fields),
  };
  const sas = generateBlobSASQueryParameters({
    containerName: 'bykey', permissions: ContainerSASPermissions.parse('r'), expiresOn: new Date(now + 1800_000), delegatedUserObjectId: other.oid,
  }, udk, account.name).toString();
  assert.match(sas, /sduoid=/);
  const read = (token?: string) => t.fetch(`/${account.name}/bykey/dir/a%20b.txt?${sas}`, {
    headers: { 'x-ms-version': '2026-02-06', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const storage = { audience: 'https://storage.azure.com/' };
  const alone = await read();
  assert.equal(alone.status, 403);
  assert.equal(alone.headers.get('x-ms-error-code'), 'AuthenticationFailed');
  const wrongUser = await read(await mintToken(t.emu, { upn: owner.username, ...storage }));
  assert.equal(wrongUser.status, 403);
  const right = await read(await mintToken(t.emu, { upn: other.username, ...storage }));
  assert.equal(right.status, 200, await right.clone().text());
  assert.equal(Buffer.from(await right.arrayBuffer()).toString('utf8'), 'hello gen2 \u00e4\u00f6\u00fc');
});

test('Python azure-storage-file-datalake (Debian) with an account SAS it generated: file system, file, read back; a read-only SAS refused', async () => {
  const script = `
import os, json, datetime
from azure.core.exceptions import HttpResponseError
from azure.storage.filedatalake import DataLakeServiceClient, generate_account_sas, ResourceTypes, AccountSasPermissions
url, account, key = os.environ["GEN2_URL"], os.environ["GEN2_ACCOUNT"], os.environ["GEN2_KEY"]
exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
types = ResourceTypes(service=True, file_system=True, object=True)
sas = generate_account_sas(account, key, types, AccountSasPermissions(read=True, write=True, list=True, create=True, delete=True), exp)
svc = DataLakeServiceClient(url, credential=sas, retry_total=0)
fs = svc.create_file_system("pysas")
f = fs.get_file_client("py dir/py.bin")
f.create_file()
data = "sas from python \\u00e9".encode()
f.append_data(data, offset=0, length=len(data))
f.flush_data(len(data))
out = {"read": f.download_file().readall() == data}
ro = DataLakeServiceClient(url, credential=generate_account_sas(account, key, types, AccountSasPermissions(read=True, list=True), exp), retry_total=0)
try:
    ro.get_file_system_client("pysas").get_file_client("py dir/other.bin").create_file()
    out["readOnly"] = "created"
except HttpResponseError as e:
    out["readOnly"] = f"{e.status_code} {e.error_code}"
print(json.dumps(out))
`;
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/python3', ['-c', script], {
      env: {
        ...process.env, REQUESTS_CA_BUNDLE: t.emu.info().caCertPath, GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
        GEN2_ACCOUNT: DEV_STORAGE_ACCOUNT.name, GEN2_KEY: DEV_STORAGE_ACCOUNT.key,
      },
    });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout.trim().split('\n').pop()!), { read: true, readOnly: '403 AuthorizationPermissionMismatch' });
});
