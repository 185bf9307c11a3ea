import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { runPythonScript } from 'adls-gen1-test-support';
import { ALICE, ARM_AUDIENCE, SUB } from './management-helpers.js';

/**
 * The Debian track-2 Python management clients (azure-mgmt-resource 22, azure-mgmt-datalake-store 1.0.0)
 * against the emulator in realistic LRO mode, with the real clock: they must finish in seconds, which proves
 * Retry-After is honoured (a 0 or missing value makes Python sleep 30 s per poll).
 */
const SCRIPT = String.raw`
import json, os, sys, time
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.resource import ResourceManagementClient
from azure.mgmt.datalake.store import DataLakeStoreAccountManagementClient
from azure.mgmt.datalake.store.models import CreateDataLakeStoreAccountParameters, DataLakeStoreAccount, CheckNameAvailabilityParameters

class StaticToken:
    def __init__(self, token): self.token = token
    def get_token(self, *scopes, **kwargs): return AccessToken(self.token, int(time.time()) + 3600)

base, sub, cred = os.environ['ARM_BASE'], os.environ['ARM_SUB'], StaticToken(os.environ['ARM_TOKEN'])
rc = ResourceManagementClient(cred, sub, base_url=base)
dc = DataLakeStoreAccountManagementClient(cred, sub, base_url=base)
out = {}

g = rc.resource_groups.create_or_update('pyrg', {'location': 'eastus2', 'tags': {'from': 'python'}})
out['group'] = [g.name, g.location, g.tags]
out['exists'] = [rc.resource_groups.check_existence('pyrg'), rc.resource_groups.check_existence('pynosuchgroup')]

t0 = time.time()
poller = dc.accounts.begin_create('pyrg', 'pyacct1', CreateDataLakeStoreAccountParameters(location='eastus2', tags={'k': 'v'}))
poller.wait()
created = poller.result()
out['createSeconds'] = time.time() - t0
out['created'] = [created.name, created.provisioning_state, created.state, created.endpoint, created.account_id is not None]

a = dc.accounts.get('pyrg', 'pyacct1')
out['get'] = [a.name, a.location, a.tags, a.firewall_state, a.encryption_state, a.current_tier]
out['list'] = sorted(x.name for x in dc.accounts.list())
out['listByGroup'] = [x.name for x in dc.accounts.list_by_resource_group('pyrg')]
u = dc.accounts.begin_update('pyrg', 'pyacct1', {'tags': {'k': 'v2'}}).result()
out['updated'] = u.tags
n = dc.accounts.check_name_availability('eastus2', CheckNameAvailabilityParameters(name='pyacct1'))
out['nameAvailable'] = [n.name_available, n.reason]

try:
    dc.accounts.begin_create('pyrg', 'pyacct2', DataLakeStoreAccount(location='eastus2')).wait()
    out['readOnlyLocation'] = 'no error'
except HttpResponseError as e:
    out['readOnlyLocation'] = [e.status_code, e.error.code]

try:
    dc.accounts.get('pyrg', 'pynosuchacct')
except ResourceNotFoundError as e:
    out['notFound'] = [e.status_code, e.error.code]

t0 = time.time()
dc.accounts.begin_delete('pyrg', 'pyacct1').wait()
out['deleteSeconds'] = time.time() - t0
out['listAfterDelete'] = [x.name for x in dc.accounts.list_by_resource_group('pyrg')]
t0 = time.time()
rc.resource_groups.begin_delete('pyrg').wait()
out['groupDeleteSeconds'] = time.time() - t0
out['groupExistsAfterDelete'] = rc.resource_groups.check_existence('pyrg')
print(json.dumps(out))
`;

const runPython = (env: Record<string, string>) => runPythonScript(SCRIPT, env);

let t: TestEmulator;
before(async () => { t = await startTestEmulator({ lroMode: 'realistic' }); });
after(() => t.stop());

test('python track-2 clients: resource group, account create/get/list/update/delete, group delete', async () => {
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  const out = await runPython({
    REQUESTS_CA_BUNDLE: t.emu.info().caCertPath,
    ARM_BASE: `https://127.0.0.1:${t.emu.port}`,
    ARM_TOKEN: token,
    ARM_SUB: SUB,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  assert.deepEqual(r.group, ['pyrg', 'eastus2', { from: 'python' }]);
  assert.deepEqual(r.exists, [true, false]);
  assert.deepEqual(r.created, ['pyacct1', 'Succeeded', 'Active', `pyacct1.${t.emu.options.dataPlaneSuffix}`, true]);
  assert.ok(r.createSeconds < 5, `begin_create took ${r.createSeconds} s: Retry-After must not be 0`);
  assert.deepEqual(r.get, ['pyacct1', 'eastus2', { k: 'v' }, 'Disabled', 'Enabled', 'Consumption']);
  assert.deepEqual(r.list, ['adlsemulator', 'pyacct1']);
  assert.deepEqual(r.listByGroup, ['pyacct1']);
  assert.deepEqual(r.updated, { k: 'v2' });
  assert.deepEqual(r.nameAvailable, [false, 'AlreadyExists']);
  assert.deepEqual(r.readOnlyLocation, [400, 'LocationRequired']);
  assert.deepEqual(r.notFound, [404, 'ResourceNotFound']);
  assert.ok(r.deleteSeconds < 5, `begin_delete took ${r.deleteSeconds} s`);
  assert.deepEqual(r.listAfterDelete, []);
  assert.ok(r.groupDeleteSeconds < 5, `resource group delete took ${r.groupDeleteSeconds} s`);
  assert.equal(r.groupExistsAfterDelete, false);
});
