// The Blob API of the Gen2 front end with Debian's Python azure-storage-blob (unmodified): containers, Put Blob,
// chunked uploads in blocks, block lists, listings with directories, metadata, errors; the uploads then seen
// through the DFS API (azure-storage-file-datalake's list paths and access control, and a raw DFS read).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from './helpers.js';
import { runPythonScript } from 'adls-gen1-test-support';
import { connectionString, DEV, DFS_HOST, storageCredential } from './gen2-blob-helpers.js';

const SCRIPT = String.raw`
import hashlib, json, os, time
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.storage.blob import BlobBlock, BlobServiceClient, ContentSettings
from azure.storage.filedatalake import DataLakeServiceClient

class StaticToken:
    def __init__(self, token): self.token = token
    def get_token(self, *scopes, **kwargs): return AccessToken(self.token, int(time.time()) + 3600)

MiB = 1024 * 1024
opts = dict(max_single_put_size=MiB, max_block_size=MiB, connection_timeout=10, retry_total=0)
if os.environ.get('CONN_STR'):
    svc = BlobServiceClient.from_connection_string(os.environ['CONN_STR'], **opts)
    dl = DataLakeServiceClient.from_connection_string(os.environ['CONN_STR'], retry_total=0)
else:
    svc = BlobServiceClient(os.environ['BLOB_URL'], credential=StaticToken(os.environ['TOKEN']), **opts)
    dl = DataLakeServiceClient(os.environ['BLOB_URL'], credential=StaticToken(os.environ['TOKEN']), retry_total=0)
prefix = os.environ['PREFIX']
out = {}
sha = lambda b: hashlib.sha256(b).hexdigest()

for i in [3, 0, 4, 1, 2]:
    svc.create_container(prefix + 'page%d' % i, metadata={'idx': str(i)})
pages = svc.list_containers(name_starts_with=prefix + 'page', include_metadata=True, results_per_page=2).by_page()
out['containerPages'] = [[(c.name[len(prefix):], c.metadata['idx']) for c in p] for p in pages]

c = svc.create_container(prefix + 'fs')
small = os.urandom(1000)
c.get_blob_client('dir/small.bin').upload_blob(small, content_settings=ContentSettings(content_type='application/x-small'), metadata={'who': 'python'})
p = c.get_blob_client('dir/small.bin').get_blob_properties()
out['small'] = [p.size, p.content_settings.content_type, p.metadata, sha(c.get_blob_client('dir/small.bin').download_blob().readall()) == sha(small)]

big = os.urandom(5 * MiB + 123)
bc = c.get_blob_client('dir/sub/big.bin')
bc.upload_blob(big)
committed, uncommitted = bc.get_block_list('all')
out['big'] = [len(committed), [b.size for b in committed], len(uncommitted), sha(bc.download_blob().readall()) == sha(big)]
out['bigSha'] = sha(big)
# The same namespace seen from the DFS API (azure-storage-file-datalake's list paths and access control are DFS calls).
fsc = dl.get_file_system_client(prefix + 'fs')
out['dfsPaths'] = [(p.name, p.is_directory, p.content_length) for p in fsc.get_paths(recursive=True)]
out['dfsPermissions'] = fsc.get_file_client('dir/sub/big.bin').get_access_control()['permissions']

hand = c.get_blob_client('hand.txt')
hand.stage_block('YWFh', b'one ')
hand.stage_block('YmJi', b'two')
hand.commit_block_list([BlobBlock(block_id='YmJi'), BlobBlock(block_id='YWFh')])
out['hand'] = hand.download_blob().readall().decode()
try:
    hand.commit_block_list([BlobBlock(block_id='Y2Nj')])
except HttpResponseError as e:
    out['badList'] = [e.status_code, e.error_code]

out['flat'] = [(b.name, (b.metadata or {}).get('hdi_isfolder', '')) for b in c.list_blobs(include=['metadata'])]
out['walk'] = sorted(b.name for b in c.walk_blobs(delimiter='/'))
out['walkDir'] = sorted(b.name for b in c.walk_blobs(name_starts_with='dir/', delimiter='/'))

try:
    c.get_blob_client('missing.bin').get_block_list()
except ResourceNotFoundError as e:
    out['missing'] = [e.status_code, e.error_code]
try:
    svc.get_container_client(prefix + 'nosuch').get_blob_client('x').upload_blob(b'x')
except ResourceNotFoundError as e:
    out['noContainer'] = [e.status_code, e.error_code]
try:
    c.get_blob_client('hand.txt').upload_blob(b'again')
except ResourceExistsError as e:
    out['exists'] = [e.status_code, e.error_code]
c.get_blob_client('hand.txt').delete_blob()
try:
    c.get_blob_client('dir').delete_blob()
except HttpResponseError as e:
    out['notEmpty'] = [e.status_code, e.error_code]
print(json.dumps(out))
`;

const runPython = (env: Record<string, string>) => runPythonScript(SCRIPT, env);

describe('gen2 blob API with Python azure-storage-blob (Debian)', () => {
  let t: TestEmulator;
  before(async () => { t = await startTestEmulator(); });
  after(async () => { await t.stop(); });

  /** The big blob the script uploaded, read back through the DFS API (a raw DFS read on the dfs host). */
  const readThroughDfs = async (prefix: string, token: string) => {
    const res = await t.fetch(`/${prefix}fs/dir/sub/big.bin`, { host: DFS_HOST, headers: { 'x-ms-version': '2025-01-05', authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ms-resource-type'), 'file');
    return createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
  };

  const check = (out: string) => {
    const r = JSON.parse(out.trim().split('\n').pop()!);
    assert.deepEqual(r.dfsPaths, [['dir', true, 0], ['dir/small.bin', false, 1000], ['dir/sub', true, 0], ['dir/sub/big.bin', false, 5 * 1024 * 1024 + 123]]);
    assert.match(r.dfsPermissions, /^rw-r-----\+?$/);
    assert.deepEqual(r.containerPages, [[['page0', '0'], ['page1', '1']], [['page2', '2'], ['page3', '3']], [['page4', '4']]]);
    assert.deepEqual(r.small, [1000, 'application/x-small', { who: 'python' }, true]);
    assert.deepEqual(r.big, [6, [1048576, 1048576, 1048576, 1048576, 1048576, 123], 0, true]);
    assert.equal(r.hand, 'twoone ');
    assert.deepEqual(r.badList, [400, 'InvalidBlockList']);
    assert.deepEqual(r.flat, [['dir', 'true'], ['dir/small.bin', ''], ['dir/sub', 'true'], ['dir/sub/big.bin', ''], ['hand.txt', '']]);
    assert.deepEqual(r.walk, ['dir', 'dir/', 'hand.txt']);
    assert.deepEqual(r.walkDir, ['dir/small.bin', 'dir/sub', 'dir/sub/']);
    assert.deepEqual(r.missing, [404, 'BlobNotFound']);
    assert.deepEqual(r.noContainer, [404, 'ContainerNotFound']);
    assert.deepEqual(r.exists, [409, 'BlobAlreadyExists']);
    assert.deepEqual(r.notEmpty, [409, 'DirectoryIsNotEmpty']);
    return r as { bigSha: string };
  };

  it('runs the blob flow signed in with Azure AD', async () => {
    const { token } = await storageCredential(t);
    const r = check(await runPython({ REQUESTS_CA_BUNDLE: t.emu.info().caCertPath, BLOB_URL: `https://127.0.0.1:${t.emu.port}/${DEV}`, TOKEN: token, PREFIX: 'py' }));
    assert.equal(await readThroughDfs('py', token), r.bigSha, 'the block blob, read through DFS, byte-identical');
  });

  it('runs the blob flow with the connection string (Shared Key)', async () => {
    const r = check(await runPython({ REQUESTS_CA_BUNDLE: t.emu.info().caCertPath, CONN_STR: connectionString(t), PREFIX: 'key' }));
    assert.equal(await readThroughDfs('key', (await storageCredential(t)).token), r.bigSha);
  });
});
