// The guide's end-user sign-in for Gen2: alice (the MFA user) signs in with the device code flow, approving the
// code on the emulator's sign-in pages with her password and TOTP code, for the scope
// https://storage.azure.com/.default, once with our SDK's DeviceCodeCredential (package adls-gen1) and once with
// @azure/identity's; @azure/storage-file-datalake (unmodified) then runs the whole flow with that credential.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { lastJsonLine } from 'adls-gen1-test-support';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { runDeviceCodeClient } from './client-runner.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, BOB } from './identity-helpers.js';
import { approveOnPages } from './signin-pages.js';

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(() => t.stop());

for (const signIn of ['adls-gen1', 'azure-identity'] as const) {
  test(`${signIn} DeviceCodeCredential, approved on the pages as the MFA user: the @azure/storage-file-datalake flow`, { timeout: 180_000 }, async () => {
    const info = t.emu.info();
    const steps: string[][] = [];
    const run = await runDeviceCodeClient(t, fileURLToPath(new URL('./fixtures/gen2-datalake-flow.ts', import.meta.url)), {
      SIGN_IN: signIn, EMU_BASE: info.authorityHost, EMU_TENANT: info.tenantId, EMU_CLIENT: info.clientId,
      GEN2_URL: `https://127.0.0.1:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`,
      BOB_TOKEN: await mintToken(t.emu, { upn: BOB.upn, audience: 'https://storage.azure.com/' }), BOB_OID: BOB.oid, BIG_MIB: '5',
    }, ALICE.upn, async (code) => steps.push(await approveOnPages(t, code, ALICE)));
    assert.equal(run.exit, 0, run.stderr);
    assert.equal(run.codes.length, 1, 'one sign-in serves every call of the flow');
    assert.deepEqual(steps[0]?.slice(0, 2), ['signin', 'mfa'], 'password, then the TOTP code');
    const r = lastJsonLine<any>(run.lines.join('\n'));
    assert.equal(r.owner, ALICE.oid, 'the signed-in user owns what she creates');
    assert.equal(r.smallBack, 'hello gen2');
    assert.equal(r.bigSame, true);
    assert.equal(r.bigLength, 5 * 1024 * 1024 + 123);
    assert.equal(r.rangeSame, true);
    assert.equal(r.listing.all.length, 10);
    assert.equal(r.crossMoved, 'file 1');
    assert.deepEqual(r.acl, ['user::rw-', `user:${BOB.oid}:r--`, 'group::r--', 'mask::r--', 'other::---']);
    assert.deepEqual(r.recursive, { dirs: 3, files: 7, failures: 0 });
    assert.equal(r.bobRead, 'hello gen2');
    assert.equal(r.bobWrite, '403 AuthorizationPermissionMismatch');
    assert.deepEqual(r.afterDelete, { all: [], pages: 1 });
    assert.equal(r.fsGone, false);
  });
}
