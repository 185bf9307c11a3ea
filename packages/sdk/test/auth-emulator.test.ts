// The credentials against the real in-process emulator (identity service of packages/emulator).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenCredential as CoreTokenCredential } from '@azure/core-auth';
import { ClientSecretCredential as AzureClientSecretCredential } from '@azure/identity';
import {
  ClientSecretCredential, DeviceCodeCredential, HttpPipeline, MemoryTokenCache, decodeJwtPayload, type DeviceCodeInfo,
} from 'adls-gen1';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { FakeClock } from './auth-fake-aad.js';

let t: TestEmulator;
before(async () => { t = await startTestEmulator(); });
after(async () => { await t.stop(); });

const DL = 'https://datalake.azure.net//.default';
const MGMT = 'https://management.core.windows.net//.default';

async function testApi(path: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await r.json() as Record<string, unknown>;
  assert.equal(r.status, 200, JSON.stringify(json));
  return json;
}

/** A device credential whose prompt callback approves (or declines) the code through the test API. */
function deviceCredential(protocol: 'v1' | 'v2', act: (info: DeviceCodeInfo) => Promise<unknown>, cache = new MemoryTokenCache()) {
  const info = t.emu.info();
  const prompts: DeviceCodeInfo[] = [];
  const cred = new DeviceCodeCredential({
    authorityHost: info.authorityHost, tenantId: info.tenantId, clientId: info.clientId, protocol, ca: t.emu.core.ca.caCertPem,
    tokenCache: cache, clock: new FakeClock(),
    userPromptCallback: async (i) => { prompts.push(i); await act(i); },
  });
  return { cred, prompts, info };
}
const alice = () => t.emu.info().users.find((u) => u.mfa)!.username;

for (const protocol of ['v2', 'v1'] as const) {
  test(`${protocol} device flow as alice (MFA user): amr has mfa; management via the refresh token`, async () => {
    const { cred, prompts, info } = deviceCredential(protocol, (i) => testApi('/_emulator/device/approve', { user_code: i.userCode, username: alice() }));
    const dl = await cred.getToken(DL);
    assert.equal(prompts.length, 1);
    assert.match(prompts[0].message, /enter the code [A-Z0-9]{8,9}/);
    const claims = decodeJwtPayload(dl.token)!;
    assert.equal(claims.aud, 'https://datalake.azure.net/');
    assert.equal(claims.upn, alice());
    assert.equal(claims.tid, info.tenantId);
    assert.ok((claims.amr as string[]).includes('mfa'), `amr ${JSON.stringify(claims.amr)}`);
    const rec = await cred.account();
    assert.equal(rec?.username, alice());
    const mgmt = await cred.getToken(MGMT);
    assert.equal(prompts.length, 1, 'no second device flow');
    const m = decodeJwtPayload(mgmt.token)!;
    assert.equal(m.aud, 'https://management.core.windows.net/');
    assert.ok((m.amr as string[]).includes('mfa'), 'refresh keeps mfa');
  });
}

test('declined on the emulator → AUTH_DECLINED', async () => {
  const { cred } = deviceCredential('v2', (i) => testApi('/_emulator/device/decline', { user_code: i.userCode }));
  const err = await cred.getToken(DL).catch((e) => e);
  assert.equal(err.code, 'AUTH_DECLINED');
  assert.equal(err.remoteCode, 'authorization_declined');
});

test('a revoked refresh token is invalid_grant: the RT is dropped and a new device flow runs', async () => {
  const cache = new MemoryTokenCache();
  const { cred, prompts } = deviceCredential('v2', (i) => testApi('/_emulator/device/approve', { user_code: i.userCode, username: alice() }), cache);
  await cred.getToken(DL);
  await testApi(`/_emulator/users/${encodeURIComponent(alice())}/revoke`, {});
  await cred.getToken(MGMT);
  assert.equal(prompts.length, 2);
});

test('ClientSecretCredential with the seeded confidential app (v2 and v1)', async () => {
  const info = t.emu.info();
  for (const protocol of ['v2', 'v1'] as const) {
    const sp = new ClientSecretCredential(info.tenantId, info.servicePrincipal.clientId, info.servicePrincipal.clientSecret, {
      authorityHost: info.authorityHost, ca: t.emu.core.ca.caCertPem, protocol,
    });
    const tok = await sp.getToken(MGMT);
    const c = decodeJwtPayload(tok.token)!;
    assert.equal(c.aud, 'https://management.core.windows.net/');
    assert.equal(c.idtyp, 'app');
    assert.equal(c.appid ?? c.azp, info.servicePrincipal.clientId);
  }
  const bad = new ClientSecretCredential(info.tenantId, info.servicePrincipal.clientId, 'wrong', { authorityHost: info.authorityHost, ca: t.emu.core.ca.caCertPem });
  assert.equal((await bad.getToken(MGMT).catch((e) => e)).code, 'AUTH_INVALID_CLIENT');
});

test('interop: ours typed as @azure/core-auth TokenCredential; @azure/identity credential in our HttpPipeline', async () => {
  const info = t.emu.info();
  const ours: CoreTokenCredential = new ClientSecretCredential(info.tenantId, info.servicePrincipal.clientId, info.servicePrincipal.clientSecret, {
    authorityHost: info.authorityHost, ca: t.emu.core.ca.caCertPem,
  });
  const device: CoreTokenCredential = new DeviceCodeCredential({ authorityHost: info.authorityHost });
  assert.equal(typeof device.getToken, 'function');
  const at = await ours.getToken('https://datalake.azure.net//.default');
  assert.ok(at && at.expiresOnTimestamp > Date.now());

  // Azure's credential → our pipeline → a loopback server that records the Authorization header.
  const azure = new AzureClientSecretCredential(info.tenantId, info.servicePrincipal.clientId, info.servicePrincipal.clientSecret, {
    authorityHost: info.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: t.emu.core.ca.caCertPem },
  });
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => { seen.push(req.headers); res.end('{}'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const pipeline = new HttpPipeline({ credential: azure, scopes: [DL] });
  try {
    const res = await pipeline.send({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x` });
    await res.body.text();
    assert.equal(res.status, 200);
    const auth = String(seen[0].authorization);
    assert.match(auth, /^Bearer /);
    assert.equal(decodeJwtPayload(auth.slice(7))!.aud, 'https://datalake.azure.net/');
  } finally {
    await pipeline.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
