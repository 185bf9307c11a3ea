import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runDeviceCodeClient } from './client-runner.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, ARM_AUDIENCE, RES, SUB } from './management-helpers.js';

/**
 * The retired Node SDK (ms-rest-azure 1.15.7 + azure-arm-datalake-store 0.4.2 from npm, unmodified): its device
 * code login, accounts at 2015-10-01-preview, and its filesystem client (which percent-encodes every '/').
 */

let t: TestEmulator;
// The real clock and realistic LROs: the SDK polls Azure-AsyncOperation, waiting Retry-After.
before(async () => {
  t = await startTestEmulator({ lroMode: 'realistic' });
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  const res = await t.fetch(`/subscriptions/${SUB}/resourcegroups/retiredsdkrg?api-version=${RES}`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ location: 'eastus2' }),
  });
  assert.equal(res.status, 201);
});
after(() => t.stop());

test('retired Node SDK: device-code login, accounts, filesystem on documented paths', { timeout: 120_000 }, async () => {
  // Approved as alice (the MFA user) through the test API, as a person would on the sign-in pages.
  const run = await runDeviceCodeClient(t, fileURLToPath(new URL('./fixtures/retired-node-sdk.ts', import.meta.url)), {
    EMU_BASE: `https://127.0.0.1:${t.emu.port}`, EMU_PORT: String(t.emu.port), EMU_RG: 'retiredsdkrg', EMU_ACCOUNT: 'retiredsdkacct',
  }, ALICE);
  const { lines } = run;
  assert.equal(run.exit, 0, `exit ${run.exit}\n${run.stderr}\n${lines.join('\n')}`);
  assert.equal(run.codes.length, 1, 'one device code');
  assert.match(lines[0], /^CODE To sign in, use a web browser to open the page https:\/\/127\.0\.0\.1:\d+\/devicelogin and enter the code \S+ to authenticate\.$/);
  const r = JSON.parse(lines.at(-1)!);
  console.log(`retired Node SDK timings (ms since start): ${JSON.stringify(r.timings)}`);

  assert.equal(r.username, ALICE);
  assert.deepEqual(r.subscriptions, [{ id: SUB, name: 'ADLS Emulator Subscription', state: 'Enabled', tenantId: t.emu.info().tenantId }]);
  assert.deepEqual(r.created, { name: 'retiredsdkacct', provisioningState: 'Succeeded', tags: { via: 'retired-node-sdk' } });
  assert.equal(r.got, 'retiredsdkacct');
  assert.deepEqual(r.listed, ['adlsemulator', 'retiredsdkacct']);
  assert.equal(r.mkdirs, true);
  assert.equal(r.opened, 'hello world');
  assert.equal(r.log, 'one\ntwo\n');
  assert.equal(r.partial, 'world');
  assert.deepEqual(r.listing, ['log.txt:FILE', 'sub:DIRECTORY']);
  assert.equal(r.joined, 'abcdef');
  // 750 from SETPERMISSION; bob's entry added, then removed again.
  assert.ok(['user::rwx', 'group::r-x', 'other::---'].every((e) => r.joinedAcl.includes(e)), JSON.stringify(r.joinedAcl));
  assert.ok(!r.joinedAcl.some((e: string) => e.startsWith('user:b0b')), JSON.stringify(r.joinedAcl));
  assert.equal(r.contentSummary.statusCode, 404, 'the package\'s /webhdfs/va/ URL is not a WebHDFS path');
  assert.equal(r.stat, 11);
  assert.equal(r.renamed, true);
  assert.ok(r.acl.includes('user:b0b00000-0000-4000-8000-000000000b0b:r--'), JSON.stringify(r.acl));
  assert.equal(r.deleted, true);
  assert.deepEqual(r.afterDelete, { statusCode: 404, exception: 'FileNotFoundException' });
  assert.deepEqual(r.listedAfterDelete, ['adlsemulator']);
  assert.equal(t.emu.core.accounts.get('retiredsdkacct'), undefined);
});
