import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { AbortError, AuthenticationError, DeviceCodeCredential, InvalidArgumentError, type DeviceCodeInfo } from 'adls-gen1';
import { aadError, CLIENT_ID, FakeAad, FakeClock, TENANT_ID } from './auth-fake-aad.js';

let aad: FakeAad;
before(async () => { aad = await new FakeAad().start(); });
after(async () => { await aad.stop(); });

function fresh() {
  aad.reset();
  const clock = new FakeClock();
  aad.nowS = () => Math.floor(clock.now() / 1000);
  return clock;
}

function cred(clock: FakeClock, extra: Partial<ConstructorParameters<typeof DeviceCodeCredential>[0]> = {}, prompts: DeviceCodeInfo[] = []) {
  return new DeviceCodeCredential({
    authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, clock,
    userPromptCallback: (i) => { prompts.push(i); }, ...extra,
  });
}

const pendingTimes = (n: number) => (r: { path: string; form: Record<string, string> }, k: number) =>
  r.path.endsWith('/token') && r.form.grant_type !== 'refresh_token' && k <= n ? aadError('authorization_pending', 70016) : undefined;

test('v2: discovery, scope, URN grant, polls at the interval, prompt gets the message', async () => {
  const clock = fresh();
  aad.on(pendingTimes(2));
  const prompts: DeviceCodeInfo[] = [];
  const c = cred(clock, {}, prompts);
  const t = await c.getToken('https://datalake.azure.net//.default');
  assert.ok(t.token.length > 10);
  assert.equal(prompts.length, 1);
  assert.match(prompts[0].message, /code ABCD2345/);
  assert.equal(prompts[0].userCode, 'ABCD2345');
  assert.equal(aad.count('/v2.0/.well-known/openid-configuration'), 1);
  const dc = aad.requests.find((r) => r.path.endsWith('/oauth2/v2.0/devicecode'))!;
  assert.equal(dc.form.client_id, CLIENT_ID);
  assert.equal(dc.form.scope, 'https://datalake.azure.net//.default offline_access openid profile');
  const polls = aad.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
  assert.equal(polls.length, 3);
  assert.equal(polls[0].form.grant_type, 'urn:ietf:params:oauth:grant-type:device_code');
  assert.equal(polls[0].form.device_code, 'dc-secret');
  assert.deepEqual(clock.sleeps, [5000, 5000]);
  assert.equal((await c.account())?.username, 'alice@contoso.test');
  // Same resource again: from the cache, no network.
  const n = aad.requests.length;
  assert.equal((await c.getToken('https://datalake.azure.net/')).token, t.token);
  assert.equal(aad.requests.length, n);
});

test('v2: a second resource comes from the refresh token (MRRT), not a second device flow', async () => {
  const clock = fresh();
  const c = cred(clock);
  await c.getToken('https://datalake.azure.net//.default');
  await c.getToken(['https://management.core.windows.net//.default']);
  assert.equal(aad.count('/devicecode'), 1);
  const rt = aad.requests.filter((r) => r.form.grant_type === 'refresh_token');
  assert.equal(rt.length, 1);
  assert.equal(rt[0].form.refresh_token, 'rt-1');
  assert.equal(rt[0].form.scope, 'https://management.core.windows.net//.default offline_access openid profile');
  // Rotation: the next refresh uses the RT returned by the last one.
  await c.getToken('https://management.azure.com/.default');
  assert.equal(aad.requests.filter((r) => r.form.grant_type === 'refresh_token')[1].form.refresh_token, 'rt-2');
});

test('v1: resource form, string numbers, verification_url, grant_type=device_code + code', async () => {
  const clock = fresh();
  aad.on(pendingTimes(1));
  const prompts: DeviceCodeInfo[] = [];
  const c = cred(clock, { protocol: 'v1' }, prompts);
  const t = await c.getToken('https://datalake.azure.net//.default');
  assert.ok(t.expiresOnTimestamp > clock.now());
  assert.equal(aad.count('openid-configuration'), 0);
  const dc = aad.requests.find((r) => r.path === `/${TENANT_ID}/oauth2/devicecode`)!;
  assert.deepEqual(dc.form, { client_id: CLIENT_ID, resource: 'https://datalake.azure.net/' });
  assert.equal(prompts[0].verificationUri, `${aad.base}/devicelogin`);
  assert.equal(prompts[0].interval, 5);
  const poll = aad.requests.find((r) => r.path === `/${TENANT_ID}/oauth2/token`)!;
  assert.equal(poll.form.grant_type, 'device_code');
  assert.equal(poll.form.code, 'dc-secret');
  assert.equal(poll.form.resource, 'https://datalake.azure.net/');
  assert.deepEqual(clock.sleeps, [5000]);
  await c.getToken('https://management.core.windows.net/');
  const rt = aad.requests.find((r) => r.form.grant_type === 'refresh_token')!;
  assert.equal(rt.form.resource, 'https://management.core.windows.net/');
});

test('slow_down adds 5 s to the interval (RFC 8628)', async () => {
  const clock = fresh();
  aad.on((r, k) => (r.path.endsWith('/token') && k <= 2 ? aadError('slow_down', 70016) : undefined));
  await cred(clock).getToken('https://datalake.azure.net//.default');
  assert.deepEqual(clock.sleeps, [10_000, 15_000]);
});

for (const [error, code, expected, v] of [
  ['authorization_declined', 70000, 'AUTH_DECLINED', 'v2'],
  ['expired_token', 70019, 'AUTH_CODE_EXPIRED', 'v2'],
  ['code_expired', 70019, 'AUTH_CODE_EXPIRED', 'v1'],
  ['bad_verification_code', 70018, 'AUTH_BAD_VERIFICATION_CODE', 'v2'],
  ['invalid_grant', 70000, 'AUTH_INVALID_GRANT', 'v2'],
  ['invalid_grant', 500121, 'AUTH_MFA_FAILED', 'v2'],
  ['invalid_client', 7000218, 'AUTH_INVALID_CLIENT', 'v1'],
] as const) {
  test(`${v} ${error} while polling → ${expected}`, async () => {
    const clock = fresh();
    aad.on((r, k) => (r.path.endsWith('/token') ? (k === 1 ? aadError('authorization_pending', 70016) : aadError(error, code)) : undefined));
    const err = await cred(clock, { protocol: v }).getToken('https://datalake.azure.net//.default').catch((e) => e);
    assert.ok(err instanceof AuthenticationError, String(err));
    assert.equal(err.code, expected);
    assert.equal(err.remoteCode, error);
    assert.match(err.message, new RegExp(`^AADSTS${code}: `));
    assert.doesNotMatch(err.message, /Trace ID/);
  });
}

test('the client gives up at expires_in even if the server keeps saying pending', async () => {
  const clock = fresh();
  aad.on((r) => (r.path.endsWith('/devicecode') ? { body: { user_code: 'X', device_code: 'd', verification_uri: 'u', expires_in: 12, interval: 5 } } : undefined));
  aad.on((r) => (r.path.endsWith('/token') ? aadError('authorization_pending', 70016) : undefined));
  const err = await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e);
  assert.equal(err.code, 'AUTH_CODE_EXPIRED');
  assert.deepEqual(clock.sleeps, [5000, 5000]);
});

test('message is built from URI and code when Azure AD sends none', async () => {
  const clock = fresh();
  aad.on((r) => (r.path.endsWith('/devicecode') ? { body: { user_code: 'QWERTY23', device_code: 'd', verification_uri: 'https://x/devicelogin', expires_in: 900, interval: 1 } } : undefined));
  const prompts: DeviceCodeInfo[] = [];
  await cred(clock, {}, prompts).getToken('https://datalake.azure.net//.default');
  assert.match(prompts[0].message, /https:\/\/x\/devicelogin.*code QWERTY23/);
});

test('429 and 503 honour Retry-After (bounded), then AUTH_THROTTLED', async () => {
  const clock = fresh();
  aad.on((r, k) => (r.path.endsWith('/devicecode') && k === 1 ? { status: 429, headers: { 'retry-after': '7' }, body: {} } : undefined));
  aad.on((r, k) => (r.path.endsWith('/token') && k === 1 ? { status: 503, headers: { 'retry-after': '3' }, body: {} } : undefined));
  await cred(clock).getToken('https://datalake.azure.net//.default');
  assert.deepEqual(clock.sleeps, [7000, 3000]);

  const clock2 = fresh();
  aad.on((r) => (r.path.endsWith('/token') ? { status: 503, raw: 'busy', headers: { 'retry-after': '1' } } : undefined));
  const err = await cred(clock2, { maxThrottleRetries: 2 }).getToken('https://datalake.azure.net//.default').catch((e) => e);
  assert.equal(err.code, 'AUTH_THROTTLED');
  assert.deepEqual(clock2.sleeps, [1000, 1000]);
});

test('abort while waiting for the user → AbortError; an aborted signal sends nothing', async () => {
  const clock = fresh();
  aad.on(pendingTimes(100));
  const ac = new AbortController();
  const c = cred(clock, { userPromptCallback: () => { setImmediate(() => ac.abort()); } });
  await assert.rejects(c.getToken('https://datalake.azure.net//.default', { abortSignal: ac.signal }), AbortError);
  const n = aad.requests.length;
  await assert.rejects(cred(clock).getToken('https://datalake.azure.net//.default', { abortSignal: AbortSignal.abort() }), AbortError);
  assert.equal(aad.requests.length, n);
});

test('discovery: an issuer on another host is refused; a 400 is AUTH_DISCOVERY_FAILED', async () => {
  const clock = fresh();
  aad.on((r) => (r.path.endsWith('openid-configuration') ? { body: { issuer: 'https://evil.example/x/v2.0', token_endpoint: `${aad.base}/t/oauth2/v2.0/token`, authorization_endpoint: 'a', jwks_uri: 'j' } } : undefined));
  const err = await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e);
  assert.equal(err.code, 'AUTH_DISCOVERY_FAILED');
  assert.equal(aad.count('/devicecode'), 0);
  fresh();
  aad.on((r) => (r.path.endsWith('openid-configuration') ? aadError('invalid_request', 90002) : undefined));
  assert.equal((await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e)).code, 'AUTH_DISCOVERY_FAILED');
});

test('an id_token for another client is rejected (AUTH_BAD_ID_TOKEN)', async () => {
  const clock = fresh();
  aad.on((r) => (r.path.endsWith('/oauth2/v2.0/token') ? { body: aad.tokens('v2', 'https://datalake.azure.net/', { aud: 'someone-else' }) } : undefined));
  assert.equal((await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e)).code, 'AUTH_BAD_ID_TOKEN');
  fresh();
  aad.on((r) => (r.path.endsWith('/oauth2/token') ? { body: aad.tokens('v1', 'https://datalake.azure.net/', { iss: 'https://sts.windows.net/other/' }) } : undefined));
  assert.equal((await cred(clock, { protocol: 'v1' }).getToken('https://datalake.azure.net/').catch((e) => e)).code, 'AUTH_BAD_ID_TOKEN');
});

test('non-JSON bodies and missing fields are AUTH_BAD_RESPONSE', async () => {
  const clock = fresh();
  aad.on((r) => (r.path.endsWith('/devicecode') ? { status: 500, raw: '<html>oops</html>' } : undefined));
  assert.equal((await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e)).code, 'AUTH_BAD_RESPONSE');
  fresh();
  aad.on((r) => (r.path.endsWith('/devicecode') ? { body: { user_code: 'X' } } : undefined));
  assert.equal((await cred(clock).getToken('https://datalake.azure.net//.default').catch((e) => e)).code, 'AUTH_BAD_RESPONSE');
});

test('authority validation: https only; http only on loopback with allowInsecure; one resource per call', async () => {
  assert.throws(() => new DeviceCodeCredential({ authorityHost: 'http://127.0.0.1:1' }), InvalidArgumentError);
  assert.throws(() => new DeviceCodeCredential({ authorityHost: 'http://example.com', allowInsecure: true }), InvalidArgumentError);
  assert.throws(() => new DeviceCodeCredential({ authorityHost: 'https://x/tenant' }), InvalidArgumentError);
  assert.throws(() => new DeviceCodeCredential({ tenantId: 'bad/tenant' }), InvalidArgumentError);
  const c = new DeviceCodeCredential({ authorityHost: aad.base, allowInsecure: true });
  await assert.rejects(c.getToken(['https://datalake.azure.net//.default', 'https://management.azure.com/.default']), InvalidArgumentError);
  await assert.rejects(c.getToken(['openid']), InvalidArgumentError);
});

test('disableAutomaticAuthentication: getToken fails with AUTH_REQUIRED until authenticate()', async () => {
  const clock = fresh();
  const c = cred(clock, { disableAutomaticAuthentication: true });
  assert.equal((await c.getToken('https://datalake.azure.net//.default').catch((e) => e)).code, 'AUTH_REQUIRED');
  const rec = await c.authenticate();
  assert.equal(rec.username, 'alice@contoso.test');
  assert.equal(rec.tenantId, TENANT_ID);
  assert.ok(await c.getToken('https://management.core.windows.net//.default'));
  assert.equal(aad.count('/devicecode'), 1);
});
