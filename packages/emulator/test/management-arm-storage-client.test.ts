import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { runDeviceCodeClient } from './client-runner.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { ALICE, ARM_AUDIENCE, SUB } from './management-helpers.js';

let t: TestEmulator;
// The real clock and realistic LROs: the client polls the create's Location, sleeping Retry-After between polls.
before(async () => { t = await startTestEmulator({ lroMode: 'realistic' }); });
after(() => t.stop());

test('@azure/arm-storage (unmodified): create with a hierarchical namespace, keys, names, lists, update, delete', { timeout: 60_000 }, async (tc) => {
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  const run = await runDeviceCodeClient(t, fileURLToPath(new URL('./fixtures/arm-storage-client.ts', import.meta.url)), {
    ARM_BASE: `https://127.0.0.1:${t.emu.port}`, ARM_TOKEN: token, ARM_SUB: SUB,
  }, ALICE);
  assert.equal(run.exit, 0, run.stderr);
  const r = JSON.parse(run.lines.at(-1)!);
  const suffix = t.emu.options.dataPlaneSuffix;
  assert.equal(r.availableBefore, true);
  assert.deepEqual(r.created, {
    name: 'jsgen2account', provisioningState: 'Succeeded', isHnsEnabled: true, sku: 'Standard_LRS', kind: 'StorageV2',
    dfs: `https://jsgen2account.dfs.${suffix}:${t.emu.port}/`, blob: `https://jsgen2account.blob.${suffix}:${t.emu.port}/`,
  });
  tc.diagnostic(`beginCreateAndWait took ${r.createMs} ms`);
  assert.deepEqual(r.taken, { nameAvailable: false, reason: 'AlreadyExists' });
  assert.equal(r.got, `/subscriptions/${SUB}/resourceGroups/adls-emulator/providers/Microsoft.Storage/storageAccounts/jsgen2account`);
  assert.deepEqual([...r.listed].sort(), [DEV_STORAGE_ACCOUNT.name, 'jsgen2account']);
  assert.deepEqual([...r.listedInGroup].sort(), [DEV_STORAGE_ACCOUNT.name, 'jsgen2account']);
  assert.deepEqual(r.keys, [{ keyName: 'key1', permissions: 'FULL', length: 88 }, { keyName: 'key2', permissions: 'FULL', length: 88 }]);
  assert.deepEqual(r.regenerated, { key1Same: true, key2Changed: true });
  assert.deepEqual(r.updatedTags, { from: 'js', step: 'update' });
  assert.deepEqual(r.notFound, { statusCode: 404, code: 'ResourceNotFound' });
  assert.deepEqual(r.badName, { statusCode: 400, code: 'AccountNameInvalid' });
  assert.equal(r.availableAfter, true);
  assert.equal(t.emu.core.storageAccounts.get('jsgen2account'), undefined);
});
