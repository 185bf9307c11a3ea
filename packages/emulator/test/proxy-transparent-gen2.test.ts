// Transparent mode for ADLS Gen2: the proxy serves Azure Storage's public names `{account}.dfs.core.windows.net`
// and `{account}.blob.core.windows.net` (certificates from the emulator CA), the data plane takes them as host
// style for the named storage account, and URLs handed back on a public name are Azure's public ones.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { viaProxy } from './proxy-support.js';

const ACCOUNT = DEV_STORAGE_ACCOUNT.name;
const DFS = `${ACCOUNT}.dfs.core.windows.net`;
const BLOB = `${ACCOUNT}.blob.core.windows.net`;

describe('transparent mode: Gen2 public storage names', () => {
  let t: TestEmulator;
  let ca: string;
  let proxyPort: number;
  let auth: Record<string, string>;

  before(async () => {
    // --proxy-deny-other: a name the emulator does not impersonate is refused (403), never tunnelled to Azure.
    t = await startTestEmulator({ inMemory: true, proxyPort: 0, proxyDenyOther: true });
    ca = t.emu.core.ca.caCertPem;
    proxyPort = t.emu.proxyPort!;
    auth = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${await mintToken(t.emu, { audience: 'https://storage.azure.com/' })}` };
  });
  after(() => t.stop());

  test('dfs and blob names of a plausible account are served locally with their own certificate; other storage names are not', async () => {
    for (const host of [DFS, BLOB, 'someotheraccount.DFS.core.windows.net']) {
      const r = await viaProxy(proxyPort, { host, ca }, { path: '/', headers: { 'x-ms-version': '2025-01-05' } });
      assert.equal(r.connectStatus, 200, host);
      assert.equal(r.cert?.subject.CN, host.toLowerCase());
      assert.match(String(r.cert?.issuer.O ?? ''), /adls-gen1 emulator/);
    }
    for (const host of [`${ACCOUNT}.queue.core.windows.net`, `${ACCOUNT}.file.core.windows.net`, 'ab.dfs.core.windows.net',
      `a.b.dfs.core.windows.net`, `${'a'.repeat(25)}.blob.core.windows.net`, `${ACCOUNT}.dfs.core.windows.net.evil.example`, 'core.windows.net']) {
      assert.equal((await viaProxy(proxyPort, { host, ca })).connectStatus, 403, host);
    }
  });

  test('a file round trip: DFS create, append, flush on the dfs name; Blob read and listing on the blob name', async () => {
    const dfs = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
      viaProxy(proxyPort, { host: DFS, ca }, { method, path, headers: { ...auth, ...headers }, body });
    assert.equal((await dfs('PUT', '/pubfs?resource=filesystem')).status, 201);
    assert.equal((await dfs('PUT', '/pubfs/dir/hello.txt?resource=file')).status, 201);
    const text = 'hello over the public name';
    assert.equal((await dfs('PATCH', '/pubfs/dir/hello.txt?action=append&position=0', { 'Content-Length': String(text.length) }, text)).status, 202);
    assert.equal((await dfs('PATCH', `/pubfs/dir/hello.txt?action=flush&position=${text.length}`, { 'Content-Length': '0' })).status, 200);
    const read = await viaProxy(proxyPort, { host: BLOB, ca }, { path: '/pubfs/dir/hello.txt', headers: auth });
    assert.equal(read.status, 200, read.body);
    assert.equal(read.body, text);
    const list = await viaProxy(proxyPort, { host: BLOB, ca }, { path: '/pubfs?restype=container&comp=list', headers: auth });
    assert.equal(list.status, 200, list.body);
    assert.match(list.body!, new RegExp(`ServiceEndpoint="https://${BLOB.replace(/\./g, '\\.')}/"`));
    assert.match(list.body!, /<Name>dir\/hello\.txt<\/Name>/);
    // The same bytes through the emulator's own names: one account, one namespace.
    const direct = await t.fetch(`/${ACCOUNT}/pubfs/dir/hello.txt`, { headers: auth });
    assert.equal(await direct.text(), text);
  });

  test('an unknown storage account answers as an unknown account on an emulator host-style name', async () => {
    const path = '/?resource=account';
    const pub = await viaProxy(proxyPort, { host: 'nosuchstorage.dfs.core.windows.net', ca }, { path, headers: auth });
    const direct = await t.fetch(path, { host: `nosuchstorage.dfs.${t.emu.options.dataPlaneSuffix}`, headers: auth });
    assert.equal(pub.status, 400);
    assert.equal(pub.status, direct.status);
    assert.equal(pub.headers!['x-ms-error-code'], 'InvalidOperation');
    assert.equal(pub.headers!['x-ms-error-code'], direct.headers.get('x-ms-error-code'));
    assert.equal(JSON.parse(pub.body!).error.code, (await direct.json() as { error: { code: string } }).error.code);
  });

  test('a 401 on a public storage name challenges with the public authority', async () => {
    const r = await viaProxy(proxyPort, { host: DFS, ca }, { path: '/?resource=account', headers: { 'x-ms-version': '2025-01-05' } });
    assert.equal(r.status, 401);
    assert.match(String(r.headers!['www-authenticate']), /authorization_uri=https:\/\/login\.windows\.net\//);
  });

  test('endpoints handed back by a public name are Azure\'s: /_emulator/info and Resource Manager primaryEndpoints', async () => {
    type Info = { storageAccounts: { name: string; blobEndpoint: string; dfsEndpoint: string; connectionString: string | null }[] };
    const pub = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { path: '/_emulator/info' });
    const dev = (JSON.parse(pub.body!) as Info).storageAccounts.find((a) => a.name === ACCOUNT)!;
    assert.equal(dev.dfsEndpoint, `https://${DFS}`);
    assert.equal(dev.blobEndpoint, `https://${BLOB}`);
    assert.match(dev.connectionString!, new RegExp(`BlobEndpoint=https://${BLOB.replace(/\./g, '\\.')};`));
    const direct = (await (await t.fetch('/_emulator/info')).json() as Info).storageAccounts.find((a) => a.name === ACCOUNT)!;
    assert.doesNotMatch(direct.dfsEndpoint, /core\.windows\.net/);

    const info = t.emu.info();
    const token = await mintToken(t.emu, { audience: 'https://management.core.windows.net/' });
    const path = `/subscriptions/${info.subscriptionId}/resourceGroups/${DEV_STORAGE_ACCOUNT.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}?api-version=2023-05-01`;
    const arm = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { path, headers: { Authorization: `Bearer ${token}` } });
    assert.equal(arm.status, 200, arm.body);
    assert.deepEqual(JSON.parse(arm.body!).properties.primaryEndpoints, { dfs: `https://${DFS}/`, blob: `https://${BLOB}/` });
  });
});
