import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { runPythonScript } from 'adls-gen1-test-support';
import { ALICE, ARM_AUDIENCE, SUB } from './management-helpers.js';

/**
 * Debian's track-2 azure-mgmt-storage (api-version 2022-09-01, what azure-cli 2.45 uses too) against the
 * emulator in realistic LRO mode: begin_create follows the 202's Location (sleeping its Retry-After), then the
 * account's keys, names, lists, update and delete.
 */
const SCRIPT = String.raw`
import json, os, time
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.storage import StorageManagementClient
from azure.mgmt.storage.models import StorageAccountCreateParameters, Sku, StorageAccountRegenerateKeyParameters, StorageAccountCheckNameAvailabilityParameters

class StaticToken:
    def __init__(self, token): self.token = token
    def get_token(self, *scopes, **kwargs): return AccessToken(self.token, int(time.time()) + 3600)

base, sub, cred = os.environ['ARM_BASE'], os.environ['ARM_SUB'], StaticToken(os.environ['ARM_TOKEN'])
sc = StorageManagementClient(cred, sub, base_url=base)
rg, name = 'adls-emulator', 'pygen2account'
out = {}

out['availableBefore'] = sc.storage_accounts.check_name_availability(StorageAccountCheckNameAvailabilityParameters(name=name)).name_available
t0 = time.time()
created = sc.storage_accounts.begin_create(rg, name, StorageAccountCreateParameters(
    sku=Sku(name='Standard_RAGRS'), kind='StorageV2', location='eastus2', is_hns_enabled=True, tags={'from': 'python'})).result()
out['createSeconds'] = time.time() - t0
out['created'] = [created.name, created.provisioning_state, created.is_hns_enabled, created.sku.name, created.sku.tier,
                  created.primary_endpoints.dfs, created.primary_endpoints.blob]
out['get'] = sc.storage_accounts.get_properties(rg, name).id
out['list'] = sorted(a.name for a in sc.storage_accounts.list())
out['listByGroup'] = sorted(a.name for a in sc.storage_accounts.list_by_resource_group(rg))
keys = sc.storage_accounts.list_keys(rg, name).keys
out['keys'] = [[k.key_name, k.permissions, len(k.value)] for k in keys]
renewed = sc.storage_accounts.regenerate_key(rg, name, StorageAccountRegenerateKeyParameters(key_name='key1')).keys
out['renewed'] = [renewed[0].value != keys[0].value, renewed[1].value == keys[1].value]
out['updated'] = sc.storage_accounts.update(rg, name, {'tags': {'from': 'python', 'step': 'update'}}).tags
n = sc.storage_accounts.check_name_availability(StorageAccountCheckNameAvailabilityParameters(name=name))
out['taken'] = [n.name_available, n.reason]
try:
    sc.storage_accounts.get_properties(rg, 'pynosuchaccount')
except ResourceNotFoundError as e:
    out['notFound'] = [e.status_code, e.error.code]
try:
    sc.storage_accounts.list_keys(rg, 'pynosuchaccount')
except ResourceNotFoundError as e:
    out['keysNotFound'] = [e.status_code, e.error.code]
sc.storage_accounts.delete(rg, name)
out['listAfterDelete'] = sorted(a.name for a in sc.storage_accounts.list_by_resource_group(rg))
print(json.dumps(out))
`;

const runPython = (env: Record<string, string>) => runPythonScript(SCRIPT, env);

let t: TestEmulator;
before(async () => { t = await startTestEmulator({ lroMode: 'realistic' }); });
after(() => t.stop());

test('python azure-mgmt-storage: create (Gen2) through the LRO, keys, names, lists, update, delete', { timeout: 120_000 }, async (tc) => {
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  const out = await runPython({ REQUESTS_CA_BUNDLE: t.emu.info().caCertPath, ARM_BASE: `https://127.0.0.1:${t.emu.port}`, ARM_TOKEN: token, ARM_SUB: SUB });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  tc.diagnostic(`begin_create took ${r.createSeconds.toFixed(2)} s`);
  const suffix = t.emu.options.dataPlaneSuffix;
  assert.equal(r.availableBefore, true);
  assert.deepEqual(r.created, ['pygen2account', 'Succeeded', true, 'Standard_RAGRS', 'Standard',
    `https://pygen2account.dfs.${suffix}:${t.emu.port}/`, `https://pygen2account.blob.${suffix}:${t.emu.port}/`]);
  assert.equal(r.get, `/subscriptions/${SUB}/resourceGroups/adls-emulator/providers/Microsoft.Storage/storageAccounts/pygen2account`);
  assert.deepEqual(r.list, [DEV_STORAGE_ACCOUNT.name, 'pygen2account']);
  assert.deepEqual(r.listByGroup, [DEV_STORAGE_ACCOUNT.name, 'pygen2account']);
  assert.deepEqual(r.keys, [['key1', 'FULL', 88], ['key2', 'FULL', 88]]);
  assert.deepEqual(r.renewed, [true, true]);
  assert.deepEqual(r.updated, { from: 'python', step: 'update' });
  assert.deepEqual(r.taken, [false, 'AlreadyExists']);
  assert.deepEqual(r.notFound, [404, 'ResourceNotFound']);
  assert.deepEqual(r.keysNotFound, [404, 'StorageAccountNotFound']);
  assert.deepEqual(r.listAfterDelete, [DEV_STORAGE_ACCOUNT.name]);
});
