// Transparent mode: the proxy answers exactly the public Azure names the emulator impersonates (with
// certificates from the emulator's CA), tunnels or refuses every other host, forwards no proxy credentials,
// and the emulator hands back URLs on the host the client used.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { LocalCa } from '../src/tls/ca.js';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';
import { plainViaProxy, viaProxy } from './proxy-support.js';

const IMPERSONATED = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'management.azure.com',
  'management.core.windows.net', 'adlsemulator.azuredatalakestore.net', 'devstoreaccount1.dfs.core.windows.net', 'devstoreaccount1.blob.core.windows.net'];

/** "Another host": an HTTPS server with a certificate from a CA that is not the emulator's. */
async function otherTlsServer(dir: string): Promise<{ server: Server; port: number; ca: string }> {
  const otherCa = new LocalCa(dir);
  const server = createHttpsServer({ key: readFileSync(join(dir, 'tls', 'leaf-key.pem')), cert: otherCa.certificateFor('localhost') },
    (_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('the other host'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, ca: otherCa.caCertPem };
}

/** Status of a direct request whose Host header names `host` (TLS to localhost). */
async function statusWithHostHeader(t: TestEmulator, host: string, path: string, headers: Record<string, string>): Promise<number> {
  return await new Promise((res, rej) => {
    const r = httpsRequest({ host: '127.0.0.1', port: t.emu.port, servername: 'localhost', path, ca: t.emu.core.ca.caCertPem,
      headers: { ...headers, Host: host } }, (resp) => { resp.resume(); resp.on('end', () => res(resp.statusCode ?? 0)); });
    r.on('error', rej);
    r.end();
  });
}

describe('transparent mode proxy', () => {
  let t: TestEmulator;
  let ca: string;
  let proxyPort: number;
  let tenant: string;
  let otherDir: string;
  let other: { server: Server; port: number; ca: string };
  let plain: Server;
  let plainPort: number;
  let plainSeen: IncomingHttpHeaders | undefined;

  before(async () => {
    t = await startTestEmulator({ proxyPort: 0 });
    ca = t.emu.core.ca.caCertPem;
    proxyPort = t.emu.proxyPort!;
    tenant = t.emu.info().tenantId;
    otherDir = mkdtempSync(join(tmpdir(), 'adls-other-host-'));
    other = await otherTlsServer(otherDir);
    plain = createHttpServer((req, res) => { plainSeen = req.headers; res.end('plain other host'); });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    plainPort = (plain.address() as AddressInfo).port;
  });

  after(async () => {
    await t.stop();
    await new Promise((r) => other.server.close(r));
    await new Promise((r) => plain.close(r));
    rmSync(otherDir, { recursive: true, force: true });
  });

  test('info names the proxy and a trust bundle holding the system roots and the CA', async () => {
    const info = t.emu.info();
    assert.equal(info.proxyUrl, `http://127.0.0.1:${proxyPort}`);
    const bundle = readFileSync(info.caBundlePath, 'utf8');
    assert.ok(bundle.endsWith(ca), 'the bundle ends with the emulator CA');
    assert.ok(bundle.split('BEGIN CERTIFICATE').length > 3, 'the bundle keeps the system roots');
  });

  test('every impersonated name is served locally with a certificate for that name from the emulator CA', async () => {
    for (const host of IMPERSONATED) {
      const r = await viaProxy(proxyPort, { host, ca }, { path: '/common/discovery/keys' });
      assert.equal(r.connectStatus, 200, host);
      assert.equal(r.cert?.subject.CN, host);
      assert.match(r.cert?.subjectaltname ?? '', new RegExp(`DNS:${host.replace(/\./g, '\\.')}`));
      assert.match(String(r.cert?.issuer.O ?? ''), /adls-gen1 emulator/);
      assert.ok(r.status !== undefined, `${host} answered over TLS`);
    }
  });

  test('other hosts are tunnelled untouched: the client meets their own certificate', async () => {
    const r = await viaProxy(proxyPort, { host: 'localhost', port: other.port, ca: other.ca });
    assert.equal(r.connectStatus, 200);
    assert.ok(new X509Certificate(other.ca).subject.includes(`CN=${r.cert?.issuer.CN}`), "issued by the other host's CA");
    assert.ok(!new X509Certificate(ca).subject.includes(`CN=${r.cert?.issuer.CN}`), "not by the emulator's");
    assert.equal(r.body, 'the other host');
    // ...and the emulator's CA does not vouch for it.
    await assert.rejects(viaProxy(proxyPort, { host: 'localhost', port: other.port, ca }), /self.signed|unable to (get|verify)|certificate/i);
  });

  test('an unreachable other host is a 502, a malformed CONNECT target a 400', async () => {
    const closed = createHttpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await viaProxy(proxyPort, { host: '127.0.0.1', port, ca });
    assert.equal(r.connectStatus, 502);
    assert.match(r.connectBody, /ECONNREFUSED/);
    const bad = await viaProxy(proxyPort, { host: 'no port here', port: 0, ca });
    assert.equal(bad.connectStatus, 400);
  });

  test('plain HTTP: other hosts are forwarded without Proxy-Authorization or the headers Connection names; impersonated names are HTTPS only', async () => {
    plainSeen = undefined;
    const r = await plainViaProxy(proxyPort, `http://127.0.0.1:${plainPort}/x`,
      { 'Proxy-Authorization': 'Basic c2VjcmV0', 'X-Kept': '1', Connection: 'keep-alive, X-Hop-Only', 'X-Hop-Only': 'for the proxy' });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'plain other host');
    assert.equal(plainSeen?.['proxy-authorization'], undefined);
    assert.equal(plainSeen?.['x-kept'], '1');
    assert.equal(plainSeen?.['x-hop-only'], undefined);
    const login = await plainViaProxy(proxyPort, 'http://login.microsoftonline.com/common/discovery/keys');
    assert.equal(login.status, 400);
    assert.match(login.body, /HTTPS only/);
    const origin = await plainViaProxy(proxyPort, '/not-absolute');
    assert.equal(origin.status, 400);
  });

  test('instance discovery on the public name answers as Azure does; unknown instances stay invalid', async () => {
    const q = (endpoint: string) => `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(endpoint)}`;
    const v2 = await viaProxy(proxyPort, { host: 'login.microsoftonline.com', ca }, { path: q(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`) });
    assert.equal(v2.status, 200);
    const body = JSON.parse(v2.body!);
    assert.equal(body.tenant_discovery_endpoint, `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`);
    assert.deepEqual(body.metadata[0].aliases, ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']);
    const v1 = await viaProxy(proxyPort, { host: 'login.microsoftonline.com', ca }, { path: q('https://login.windows.net/common/oauth2/authorize') });
    assert.equal(JSON.parse(v1.body!).tenant_discovery_endpoint, 'https://login.windows.net/common/.well-known/openid-configuration');
    const bad = await viaProxy(proxyPort, { host: 'login.microsoftonline.com', ca }, { path: q('https://login.example.org/x/oauth2/authorize') });
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body!).error, 'invalid_instance');
  });

  test("OIDC metadata on a public name: the v2 issuer is Azure's, endpoints stay on the host used", async () => {
    for (const host of ['login.microsoftonline.com', 'login.windows.net']) {
      const r = await viaProxy(proxyPort, { host, ca }, { path: `/${tenant}/v2.0/.well-known/openid-configuration` });
      const doc = JSON.parse(r.body!);
      assert.equal(doc.issuer, `https://login.microsoftonline.com/${tenant}/v2.0`);
      assert.equal(doc.token_endpoint, `https://${host}/${tenant}/oauth2/v2.0/token`);
      const v1 = JSON.parse((await viaProxy(proxyPort, { host, ca }, { path: `/${tenant}/.well-known/openid-configuration` })).body!);
      assert.equal(v1.issuer, `https://sts.windows.net/${tenant}/`);
    }
  });

  test('a v2 token issued on the public name is accepted by Resource Manager and the data planes (Gen1, Gen2)', async () => {
    const info = t.emu.info();
    const alice = info.users[0];
    const now = Math.floor(Date.now() / 1000);
    const claims = (aud: string) => ({ aud, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, iat: now, nbf: now, exp: now + 600, tid: tenant,
      oid: alice.oid, preferred_username: alice.username, scp: 'user_impersonation', azp: info.azureCliClientId, ver: '2.0', amr: ['pwd', 'mfa'] });
    const arm = await t.emu.core.keys.sign(claims('https://management.core.windows.net/'), { v1: false });
    const r = await viaProxy(proxyPort, { host: 'management.azure.com', ca },
      { path: `/subscriptions/${info.subscriptionId}/providers/Microsoft.DataLakeStore/accounts?api-version=2016-11-01`, headers: { Authorization: `Bearer ${arm}` } });
    assert.equal(r.status, 200, r.body);
    const dl = await t.emu.core.keys.sign(claims('https://datalake.azure.net/'), { v1: false });
    const fs = await viaProxy(proxyPort, { host: 'adlsemulator.azuredatalakestore.net', ca },
      { path: '/webhdfs/v1/?op=GETFILESTATUS', headers: { Authorization: `Bearer ${dl}` } });
    assert.equal(fs.status, 200, fs.body);
    const forged = await t.emu.core.keys.sign({ ...claims('https://datalake.azure.net/'), iss: `https://login.example.org/${tenant}/v2.0` }, { v1: false });
    const refused = await viaProxy(proxyPort, { host: 'adlsemulator.azuredatalakestore.net', ca },
      { path: '/webhdfs/v1/?op=GETFILESTATUS', headers: { Authorization: `Bearer ${forged}` } });
    assert.equal(refused.status, 401);
    // Gen2: a v2 token for https://storage.azure.com on Azure's dfs and blob names of a storage account.
    const st = await t.emu.core.keys.sign(claims('https://storage.azure.com'), { v1: false });
    const gen2 = { Authorization: `Bearer ${st}`, 'x-ms-version': '2025-01-05' };
    const created = await viaProxy(proxyPort, { host: 'devstoreaccount1.dfs.core.windows.net', ca }, { method: 'PUT', path: '/viaproxy?resource=filesystem', headers: gen2 });
    assert.equal(created.status, 201, created.body);
    const props = await viaProxy(proxyPort, { host: 'devstoreaccount1.blob.core.windows.net', ca }, { path: '/viaproxy?restype=container', headers: gen2 });
    assert.equal(props.status, 200, props.body);
  });

  test('accounts report the public endpoint when Resource Manager was reached by its public name', async () => {
    const info = t.emu.info();
    const token = await mintToken(t.emu, { audience: 'https://management.core.windows.net/' });
    const path = `/subscriptions/${info.subscriptionId}/resourceGroups/${info.defaultResourceGroup}/providers/Microsoft.DataLakeStore/accounts/${info.defaultAccount}?api-version=2016-11-01`;
    for (const host of ['management.azure.com', 'management.core.windows.net']) {
      const r = await viaProxy(proxyPort, { host, ca }, { path, headers: { Authorization: `Bearer ${token}` } });
      assert.equal(JSON.parse(r.body!).properties.endpoint, `${info.defaultAccount}.azuredatalakestore.net`);
    }
    const direct = await t.fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(((await direct.json()) as any).properties.endpoint, `${info.defaultAccount}.adls.localhost`);
  });

  test('URLs handed back (Location, Azure-AsyncOperation, nextLink) use the public host the client used', async () => {
    const info = t.emu.info();
    const token = await mintToken(t.emu, { audience: 'https://management.core.windows.net/' });
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const group = (name: string) => `/subscriptions/${info.subscriptionId}/resourcegroups/${name}?api-version=2021-04-01`;
    for (const name of ['proxied-a', 'proxied-b']) {
      const put = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { method: 'PUT', path: group(name), headers: auth, body: '{"location":"eastus2"}' });
      assert.equal(put.status, 201, put.body);
    }
    const list = await viaProxy(proxyPort, { host: 'management.core.windows.net', ca },
      { path: `/subscriptions/${info.subscriptionId}/resourcegroups?api-version=2021-04-01&$maxpagesize=1`, headers: auth });
    assert.equal(list.status, 200, list.body);
    assert.match(String(JSON.parse(list.body!).nextLink), /^https:\/\/management\.core\.windows\.net\/subscriptions\//);
    for (const name of ['proxied-a', 'proxied-b']) {
      const del = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { method: 'DELETE', path: group(name), headers: auth });
      assert.equal(del.status, 202, del.body);
      assert.match(String(del.headers!.location), /^https:\/\/management\.azure\.com\/subscriptions\//);
    }
    // A Data Lake Store account is a long-running operation (realistic mode): both URLs a client polls are public.
    const account = `/subscriptions/${info.subscriptionId}/resourceGroups/${info.defaultResourceGroup}/providers/Microsoft.DataLakeStore/accounts/proxiedlro?api-version=2016-11-01`;
    for (const [method, body, status] of [['PUT', '{"location":"eastus2"}', 201], ['DELETE', undefined, 202]] as const) {
      const r = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { method, path: account, headers: auth, body });
      assert.equal(r.status, status, `${method} ${r.body}`);
      assert.match(String(r.headers!['azure-asyncoperation']), /^https:\/\/management\.azure\.com\/subscriptions\/.*\/operationResults\//, method);
      assert.match(String(r.headers!.location), /^https:\/\/management\.azure\.com\/subscriptions\//, method);
    }
  });

  test('401 challenges on public names point at the public authority, direct ones at the emulator', async () => {
    const r = await viaProxy(proxyPort, { host: 'management.azure.com', ca }, { path: `/subscriptions/${t.emu.info().subscriptionId}/resourcegroups?api-version=2021-04-01` });
    assert.equal(r.status, 401);
    assert.match(String(r.headers!['www-authenticate']), new RegExp(`authorization_uri="https://login\\.windows\\.net/${tenant}"`));
    const dl = await viaProxy(proxyPort, { host: 'adlsemulator.azuredatalakestore.net', ca }, { path: '/webhdfs/v1/?op=LISTSTATUS' });
    assert.equal(dl.status, 401);
    assert.match(String(dl.headers!['www-authenticate']), /authorization_uri="https:\/\/login\.windows\.net\//);
    const direct = await t.fetch('/webhdfs/v1/?op=LISTSTATUS');
    assert.match(direct.headers.get('www-authenticate') ?? '', new RegExp(`authorization_uri="${t.base.replace(/[.:/]/g, '\\$&')}/`));
  });

  test('an unknown account host is not served by the default account, whatever its suffix', async () => {
    const token = await mintToken(t.emu);
    const auth = { Authorization: `Bearer ${token}` };
    const r = await viaProxy(proxyPort, { host: 'nosuchaccount.azuredatalakestore.net', ca }, { path: '/webhdfs/v1/?op=LISTSTATUS', headers: auth });
    assert.equal(r.status, 404);
    assert.equal(JSON.parse(r.body!).RemoteException.exception, 'FileNotFoundException');
    assert.equal((await t.fetch('/webhdfs/v1/?op=LISTSTATUS', { host: 'nosuchaccount.adls.localhost', headers: auth })).status, 404);
    assert.equal(await statusWithHostHeader(t, 'some.other.name', '/webhdfs/v1/?op=LISTSTATUS', auth), 404);
    for (const host of ['localhost', '127.0.0.1', 'adlsemulator.adls.localhost']) {
      const d = await t.fetch('/webhdfs/v1/?op=LISTSTATUS', { host, headers: auth });
      assert.equal(d.status, 200, host);
    }
  });
});

describe('transparent mode proxy with --proxy-deny-other', () => {
  let t: TestEmulator;
  before(async () => { t = await startTestEmulator({ proxyPort: 0, proxyDenyOther: true }); });
  after(async () => { await t.stop(); });

  test('refuses every host it does not impersonate (CONNECT and plain HTTP), still serves the impersonated ones', async () => {
    const ca = t.emu.core.ca.caCertPem;
    const port = t.emu.proxyPort!;
    for (const host of ['localhost', '127.0.0.1', 'example.com', 'login.microsoftonline.com.evil.example', 'a.b.azuredatalakestore.net',
      'graph.microsoft.com', 'sts.windows.net']) {
      const r = await viaProxy(port, { host, port: 443, ca });
      assert.equal(r.connectStatus, 403, host);
      assert.match(r.connectBody, /refused/);
    }
    assert.equal((await plainViaProxy(port, 'http://example.com/')).status, 403);
    for (const host of IMPERSONATED) assert.equal((await viaProxy(port, { host, ca }, { path: '/common/discovery/keys' })).connectStatus, 200, host);
  });

  test('the proxy listens on loopback only by default', () => {
    assert.equal(t.emu.info().proxyUrl, `http://127.0.0.1:${t.emu.proxyPort}`);
  });
});

describe('transparent mode proxy off the loopback', () => {
  let t: TestEmulator;
  before(async () => { t = await startTestEmulator({ proxyPort: 0, proxyHost: '0.0.0.0' }); });
  after(async () => { await t.stop(); });

  test('never tunnels: reachable from other machines, it would relay them into this host (the emulator itself included)', async () => {
    const ca = t.emu.core.ca.caCertPem;
    const port = t.emu.proxyPort!;
    for (const host of ['127.0.0.1', 'localhost', 'example.com']) {
      const r = await viaProxy(port, { host, port: t.emu.port, ca });
      assert.equal(r.connectStatus, 403, host);
    }
    assert.equal((await viaProxy(port, { host: IMPERSONATED[0], ca }, { path: '/common/discovery/keys' })).connectStatus, 200);
  });
});
