// @azure/storage-file-datalake (current, unmodified) against the Gen2 front end, signed in with Azure AD tokens for
// https://storage.azure.com/: file systems, a directory tree, small and chunked uploads, listing past a page,
// ranged reads, renames (also across file systems), ACLs (also recursive) enforced for a second user, deletes.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { SEED } from 'adls-gen1-emulator';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { lastJsonLine, runNodeScript } from 'adls-gen1-test-support';

const STORAGE = 'https://storage.azure.com/';

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(() => t.stop());

test('@azure/storage-file-datalake with bearer tokens: the whole flow, byte-identical, ACLs enforced for bob', { timeout: 180_000 }, async () => {
  const bobOid = t.emu.info().users.find((u) => u.username === SEED.users[1].upn)!.oid;
  const out = await runNodeScript(fileURLToPath(new URL('./fixtures/gen2-datalake-flow.ts', import.meta.url)), {
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath,
    GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
    ALICE_TOKEN: await mintToken(t.emu, { upn: SEED.users[0].upn, audience: STORAGE }),
    BOB_TOKEN: await mintToken(t.emu, { upn: SEED.users[1].upn, audience: STORAGE }),
    BOB_OID: bobOid,
    BIG_MIB: '101',
  });
  const r = lastJsonLine<any>(out);
  assert.equal(r.fsExists, true);
  assert.deepEqual(r.fsMeta, { purpose: 'test' });
  assert.equal(r.createAgain, '409 ContainerAlreadyExists');
  assert.deepEqual(r.smallProps, { contentLength: 10, contentType: 'text/plain', metadata: { kind: 'small' }, resourceType: 'file' });
  assert.equal(r.smallBack, 'hello gen2');
  assert.equal(r.bigSame, true);
  assert.equal(r.bigLength, 101 * 1024 * 1024 + 123, 'over 100 MiB: the chunked path');
  assert.equal(r.rangeSame, true);
  assert.equal(r.rangeStatus, 206);
  assert.deepEqual(r.dirIsFolder, { hdi_isfolder: 'true' });
  assert.equal(r.missing, false);
  assert.equal(r.createExisting, '409 PathAlreadyExists');
  assert.deepEqual(r.listing.all, ['top/', 'top/big.bin', 'top/f0.txt', 'top/f1.txt', 'top/f2.txt', 'top/f3.txt', 'top/f4.txt', 'top/f5.txt', 'top/sub/', 'top/sub/small.txt']);
  assert.equal(r.listing.pages, 4, 'three a page');
  assert.equal(r.movedBack, 'file 0');
  assert.equal(r.oldGone, false);
  assert.equal(r.crossMoved, 'file 1');
  assert.deepEqual(r.acl, ['user::rw-', `user:${bobOid}:r--`, 'group::r--', 'mask::r--', 'other::---']);
  assert.equal(r.permissions.extendedAcls, true);
  assert.equal(r.bobBeforeTraverse, '403 AuthorizationPermissionMismatch');
  assert.deepEqual(r.recursive, { dirs: 3, files: 7, failures: 0 }, 'root, top, top/sub; f2–f5, big.bin, small.txt, moved.txt');
  assert.equal(r.bobRead, 'hello gen2');
  assert.equal(r.bobWrite, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobReadBig, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobCreate, '403 AuthorizationPermissionMismatch');
  assert.equal(r.bobCreateFs, '403 AuthorizationPermissionMismatch');
  assert.deepEqual(r.afterDelete, { all: [], pages: 1 });
  assert.equal(r.fsGone, false);
  assert.equal(r.owner, t.emu.info().users.find((u) => u.username === SEED.users[0].upn)!.oid, 'an Azure AD caller owns what it creates');
});

test('@azure/storage-file-datalake with the connection string from /_emulator/info (Shared Key): the same flow', { timeout: 180_000 }, async () => {
  const info = await (await t.fetch('/_emulator/info')).json() as { storageAccounts: { name: string; connectionString: string; blobEndpoint: string }[] };
  const dev = info.storageAccounts.find((a) => a.name === DEV_STORAGE_ACCOUNT.name)!;
  assert.equal(dev.blobEndpoint, `https://localhost:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`);
  assert.match(dev.connectionString, new RegExp(`^DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${DEV_STORAGE_ACCOUNT.key.replace(/[+/]/g, '\\$&')};BlobEndpoint=https://localhost:`));
  const out = await runNodeScript(fileURLToPath(new URL('./fixtures/gen2-datalake-flow.ts', import.meta.url)), {
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath, CONNECTION_STRING: dev.connectionString, BIG_MIB: '6',
  });
  const r = lastJsonLine<any>(out);
  assert.equal(r.bigSame, true);
  assert.equal(r.rangeSame, true);
  assert.equal(r.smallBack, 'hello gen2');
  assert.equal(r.crossMoved, 'file 1');
  assert.equal(r.listing.all.length, 10);
  assert.deepEqual(r.recursive, { dirs: 3, files: 7, failures: 0 });
  assert.equal(r.owner, '$superuser', 'Shared Key callers create as $superuser');
  assert.deepEqual(r.afterDelete, { all: [], pages: 1 });
  assert.equal(r.fsGone, false);
});
