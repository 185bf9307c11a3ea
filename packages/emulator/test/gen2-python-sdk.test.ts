// Python's azure-storage-file-datalake (Debian python3-azure-storage), unmodified, against the Gen2 front end:
// connection string (Shared Key) and a bearer token; chunked upload, ranges, appends + flush, listing pages,
// list file systems, ACLs (also recursive, and enforced for a second user), rename, recursive delete. Its paths carry `/` percent-encoded (pydir%2Fpy.bin).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { SEED } from 'adls-gen1-emulator';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

function runPython(env: Record<string, string>): Promise<Record<string, unknown>> {
  const script = fileURLToPath(new URL('./fixtures/gen2_datalake_flow.py', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [script], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`exit ${code}: ${err.slice(-3000)}`))));
  });
}

let t: TestEmulator;
before(async () => { t = await startTestEmulator({ inMemory: true }); });
after(() => t.stop());

const expectFlow = (r: Record<string, unknown>, bobOid = 'b0b00000-0000-4000-8000-000000000b0b') => {
  assert.deepEqual(r.fsMeta, { lang: 'python' });
  assert.deepEqual(r.fileSystems, ['pyflow']);
  assert.deepEqual(r.recursive, [2, 2, 0], 'pydir, pydir/sub; py.bin, small.txt');
  assert.equal(r.createAgain, '409 ContainerAlreadyExists');
  assert.equal(r.same, true);
  assert.equal(r.range, true);
  assert.equal(r.small, 'hello python');
  assert.deepEqual(r.paths, [['pydir', true], ['pydir/py.bin', false], ['pydir/sub', true], ['pydir/sub/small.txt', false]]);
  assert.equal(r.size, 3 * 1024 * 1024 + 17);
  assert.equal(r.acl, `user::rw-,user:${bobOid}:r--,group::r--,mask::r--,other::---`);
  assert.equal(r.permissions, 'rw-r-----+');
  assert.equal(r.renamed, 'hello python');
  assert.equal(r.oldExists, '404 BlobNotFound');
  assert.deepEqual(r.after, []);
};

test('azure-storage-file-datalake (Python) with the connection string', { timeout: 120_000 }, async () => {
  const dev = t.emu.info().storageAccounts.find((a) => a.name === DEV_STORAGE_ACCOUNT.name)!;
  expectFlow(await runPython({ REQUESTS_CA_BUNDLE: t.emu.info().caCertPath, GEN2_CONNECTION_STRING: dev.connectionString! }));
});

test('azure-storage-file-datalake (Python) with a bearer token for https://storage.azure.com/; ACLs enforced for bob', { timeout: 120_000 }, async () => {
  const bob = SEED.users[1];
  const bobOid = t.emu.info().users.find((u) => u.username === bob.upn)!.oid;
  const r = await runPython({
    REQUESTS_CA_BUNDLE: t.emu.info().caCertPath,
    GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
    GEN2_TOKEN: await mintToken(t.emu, { audience: 'https://storage.azure.com/' }),
    BOB_TOKEN: await mintToken(t.emu, { upn: bob.upn, audience: 'https://storage.azure.com/' }), BOB_OID: bobOid,
  });
  expectFlow(r, bobOid);
  assert.equal(r.bobBefore, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobRead, 'hello python');
  assert.equal(r.bobWrite, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobReadBig, '403 AuthorizationPermissionMismatch');
});
