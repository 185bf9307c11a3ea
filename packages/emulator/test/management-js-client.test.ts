import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { lastJsonLine, runNodeScript } from 'adls-gen1-test-support';
import { ALICE, ARM_AUDIENCE, SUB } from './management-helpers.js';

let t: TestEmulator;
// The real clock: the client sleeps Retry-After between polls.
before(async () => { t = await startTestEmulator({ lroMode: 'realistic' }); });
after(() => t.stop());

test('@azure/arm-resources 7.x: resource groups and an account by id, with realistic LROs', async () => {
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  const out = await runNodeScript(fileURLToPath(new URL('./fixtures/arm-resources-client.ts', import.meta.url)), {
    NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath,
    ARM_BASE: `https://127.0.0.1:${t.emu.port}`,
    ARM_TOKEN: token,
    ARM_SUB: SUB,
  });
  const r = lastJsonLine<any>(out);
  assert.deepEqual(r.groupCreated, { name: 'jsclientrg', location: 'eastus2', tags: { from: 'js' } });
  assert.equal(r.groupGot, `/subscriptions/${SUB}/resourceGroups/jsclientrg`);
  assert.deepEqual([r.exists, r.missingExists], [true, false]);
  assert.ok(r.groups.includes('jsclientrg') && r.groups.includes('adls-emulator'));
  assert.deepEqual(r.created, { name: 'jsclientacct', provisioningState: 'Succeeded', endpoint: `jsclientacct.${t.emu.options.dataPlaneSuffix}` });
  assert.ok(r.createMs < 4000, `create polled with Retry-After: 1 (took ${r.createMs} ms)`);
  assert.equal(r.got.state, 'Active');
  assert.deepEqual(r.notFound, { statusCode: 404, code: 'ResourceGroupNotFound' });
  assert.ok(r.groupDeleteMs < 4000, `group delete took ${r.groupDeleteMs} ms`);
  assert.equal(r.groupExistsAfterDelete, false);
  assert.equal(t.emu.core.accounts.get('jsclientacct'), undefined, 'the group delete removed its account');
});
