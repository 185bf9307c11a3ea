import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runDeviceCodeClient } from './client-runner.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, SUB } from './management-helpers.js';

/** Azure's current JS clients on the generic Resource Manager surface, signed in with a real device code flow. */

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(() => t.stop());

test('@azure/identity + @azure/arm-resources(-subscriptions): subscriptions, tenants, generic resources, providers', { timeout: 90_000 }, async () => {
  const info = t.emu.info();
  const run = await runDeviceCodeClient(t, fileURLToPath(new URL('./fixtures/azure-js-generic.ts', import.meta.url)), {
    EMU_BASE: `https://127.0.0.1:${t.emu.port}`, EMU_TENANT: info.tenantId, EMU_CLIENT: info.azureCliClientId, EMU_SUB: SUB,
  }, ALICE);
  assert.equal(run.exit, 0, `exit ${run.exit}\n${run.stderr}\n${run.lines.join('\n')}`);
  assert.equal(run.codes.length, 1, 'one sign-in');
  const r = JSON.parse(run.lines.at(-1)!);
  assert.deepEqual(r.subscriptions, [{ id: SUB, state: 'Enabled', tenantId: info.tenantId }]);
  assert.deepEqual(r.tenants, [{ id: info.tenantId, category: 'Home', domains: [info.tenantDomain] }]);
  assert.deepEqual(r.locations, ['centralus', 'eastus2', 'northeurope', 'westeurope']);
  assert.deepEqual(r.accounts, [{ name: 'adlsemulator', type: 'Microsoft.DataLakeStore/accounts', location: 'eastus2' }]);
  assert.deepEqual(r.inGroup, [{ name: 'adlsemulator', provisioningState: 'Succeeded', hasCreatedTime: true }]);
  assert.deepEqual([r.exists, r.missing], [true, false]);
  assert.deepEqual(r.provider, { namespace: 'Microsoft.DataLakeStore', state: 'Registered', accounts: ['2016-11-01', '2015-10-01-preview'] });
  assert.equal(r.registered, 'Registered');
  assert.deepEqual(r.badFilter, { statusCode: 400, code: 'InvalidFilterInQueryString' });
});
