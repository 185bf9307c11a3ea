import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  ALICE, ARM, BOB, CLI_APP, DATALAKE, NATIVE_APP, TENANT, approve, claims, getJson, header, isAadError, pollV1, pollV2,
  postForm, postJson, startDeviceCode, startIdentityEmulator,
} from './identity-helpers.js';

test('v1 device code: string numbers, verification_url, message with URL and code; pending → approved → token (code param)', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { v1: true });
    assert.equal(dc.expires_in, '900');
    assert.equal(dc.interval, '1');
    assert.equal(dc.verification_url, `${t.base}/devicelogin`);
    assert.match(dc.user_code, /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{9}$/);
    assert.ok(dc.device_code.length >= 43);
    assert.ok(dc.message.includes(dc.verification_url) && dc.message.includes(`code ${dc.user_code}`));

    const pending = await pollV1(t, dc.device_code);
    assert.ok(isAadError(pending, 400, 'authorization_pending', 70016), JSON.stringify(pending.body));
    // A second immediate poll is still just pending (no slow_down by default).
    assert.equal((await pollV1(t, dc.device_code)).body.error, 'authorization_pending');
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).body.state, 'pending');

    const a = await approve(t, dc.user_code.toLowerCase().replace(/(...)/, '$1-'));
    assert.equal(a.status, 200);
    assert.equal(a.body.state, 'approved');

    const ok = await pollV1(t, dc.device_code);
    assert.equal(ok.status, 200);
    for (const k of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before']) assert.match(ok.body[k], /^\d+$/, k);
    assert.equal(ok.body.token_type, 'Bearer');
    assert.equal(ok.body.resource, ARM);
    assert.equal(ok.body.scope, 'user_impersonation');
    assert.ok(ok.body.refresh_token);
    assert.equal(ok.headers.get('cache-control'), 'no-store, no-cache');
    assert.equal(ok.headers.get('pragma'), 'no-cache');
    const at = claims(ok.body.access_token);
    assert.equal(header(ok.body.access_token).alg, 'RS256');
    assert.equal(header(ok.body.access_token).kid, header(ok.body.access_token).x5t);
    assert.equal(at.aud, ARM);
    assert.equal(at.iss, `https://sts.windows.net/${TENANT}/`);
    assert.equal(at.ver, '1.0');
    assert.equal(at.tid, TENANT);
    assert.equal(at.oid, ALICE.oid);
    assert.equal(at.upn, ALICE.upn);
    assert.equal(at.scp, 'user_impersonation');
    assert.equal(at.appid, CLI_APP);
    assert.equal(at.appidacr, '0');
    assert.deepEqual(at.amr, ['pwd', 'mfa']);
    assert.equal(at.sub.length, 43);
    assert.equal(at.iat, at.nbf);
    assert.equal(at.exp - at.nbf, 3599 + 300);
    assert.equal(Number(ok.body.expires_on), at.exp);
    const idt = claims(ok.body.id_token);
    assert.equal(idt.aud, CLI_APP);
    assert.equal(idt.upn, ALICE.upn);
    assert.equal(idt.iss, `https://sts.windows.net/${TENANT}/`);

    // One-time use: the redeemed code is gone.
    assert.ok(isAadError(await pollV1(t, dc.device_code), 400, 'bad_verification_code', 70018));
  } finally { await t.stop(); }
});

test('v2 device code: numbers, verification_uri, both grant spellings, client_info, id_token, scope echo', async () => {
  const { t } = await startIdentityEmulator();
  try {
    for (const urn of [false, true]) {
      const dc = await startDeviceCode(t);
      assert.equal(dc.expires_in, 900);
      assert.equal(dc.interval, 1);
      assert.equal(dc.verification_uri, `${t.base}/devicelogin`);
      assert.equal(dc.verification_url, undefined);
      assert.equal((await pollV2(t, dc.device_code, { urn })).body.error, 'authorization_pending');
      await approve(t, dc.user_code, BOB.upn);
      const ok = await pollV2(t, dc.device_code, { urn });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.expires_in, 3599);
      assert.equal(ok.body.scope, 'https://datalake.azure.net//user_impersonation https://datalake.azure.net//.default');
      assert.ok(ok.body.refresh_token);
      for (const k of ['error', 'error_description', 'suberror']) assert.equal(ok.body[k], undefined);
      const info = JSON.parse(Buffer.from(ok.body.client_info, 'base64url').toString());
      assert.deepEqual(info, { uid: BOB.oid, utid: TENANT });
      const at = claims(ok.body.access_token);
      assert.equal(at.aud, DATALAKE);
      assert.equal(at.ver, '1.0');
      assert.deepEqual(at.amr, ['pwd']);
      const idt = claims(ok.body.id_token);
      assert.equal(idt.aud, CLI_APP);
      assert.equal(idt.iss, `${t.base}/${TENANT}/v2.0`);
      assert.equal(idt.preferred_username, BOB.upn);
      assert.equal(idt.ver, '2.0');
    }
  } finally { await t.stop(); }
});

test('v2 without offline_access/openid: no refresh_token, no id_token; management.azure.com canonical aud', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { scope: 'https://management.azure.com/.default' });
    await approve(t, dc.user_code, BOB.upn);
    const ok = await pollV2(t, dc.device_code);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.refresh_token, undefined);
    assert.equal(ok.body.id_token, undefined);
    assert.equal(claims(ok.body.access_token).aud, 'https://management.azure.com/');
  } finally { await t.stop(); }
});

test('device code lifecycle with an injected clock: expiry (v1 code_expired, v2 expired_token), decline, wrong client, other tenant', async () => {
  const { t, clock } = await startIdentityEmulator({ deviceCodeExpiresIn: 60 });
  try {
    const v1 = await startDeviceCode(t, { v1: true });
    const v2 = await startDeviceCode(t);
    clock.advance(61);
    assert.ok(isAadError(await pollV1(t, v1.device_code), 400, 'code_expired', 70019));
    assert.ok(isAadError(await pollV2(t, v2.device_code), 400, 'expired_token', 70019));
    assert.equal((await getJson(t, `/_emulator/device/${v2.user_code}`)).body.state, 'expired');
    assert.equal((await approve(t, v2.user_code)).status, 404, 'expired codes cannot be approved');

    const d = await startDeviceCode(t);
    const dec = await postJson(t, '/_emulator/device/decline', { user_code: d.user_code });
    assert.equal(dec.body.state, 'declined');
    assert.ok(isAadError(await pollV2(t, d.device_code), 400, 'authorization_declined', 70000));
    clock.advance(61);
    assert.ok(isAadError(await pollV2(t, d.device_code), 400, 'bad_verification_code', 70018));

    const w = await startDeviceCode(t);
    await approve(t, w.user_code);
    assert.ok(isAadError(await pollV2(t, w.device_code, { clientId: NATIVE_APP }), 400, 'invalid_grant', 70000));
    assert.ok(isAadError(await pollV2(t, 'not-a-real-device-code'), 400, 'bad_verification_code', 70018));
    // code and device_code that differ
    const both = await postForm(t, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'device_code', client_id: CLI_APP, device_code: w.device_code, code: 'x' });
    assert.ok(isAadError(both, 400, 'invalid_request', 90014));
    // Still redeemable by the right client afterwards.
    assert.equal((await pollV2(t, w.device_code)).status, 200);
  } finally { await t.stop(); }
});

test('strict mode: early polls get slow_down and the interval grows by 5 s; the first poll is never penalised', async () => {
  const { t, clock } = await startIdentityEmulator({ strictSlowDown: true, deviceCodeInterval: 2 });
  try {
    const dc = await startDeviceCode(t);
    assert.equal((await pollV2(t, dc.device_code)).body.error, 'authorization_pending');
    assert.ok(isAadError(await pollV2(t, dc.device_code), 400, 'slow_down', 70016));
    clock.advance(3);
    assert.equal((await pollV2(t, dc.device_code)).body.error, 'slow_down', 'interval is now 7 s');
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).body.interval, 12);
    clock.advance(12);
    assert.equal((await pollV2(t, dc.device_code)).body.error, 'authorization_pending');
  } finally { await t.stop(); }
});

test('devicecode endpoint errors: unknown client, missing/unknown resource, several resources, bad scope, unknown tenant, consumers', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const v1 = `/${TENANT}/oauth2/devicecode`;
    const v2 = `/${TENANT}/oauth2/v2.0/devicecode`;
    assert.ok(isAadError(await postForm(t, v1, { client_id: 'nope', resource: ARM }), 400, 'unauthorized_client', 700016));
    assert.ok(isAadError(await postForm(t, v1, { resource: ARM }), 400, 'invalid_request', 900144));
    assert.ok(isAadError(await postForm(t, v1, { client_id: CLI_APP }), 400, 'invalid_request', 900144));
    assert.ok(isAadError(await postForm(t, v1, { client_id: CLI_APP, resource: 'https://graph.windows.net/' }), 400, 'invalid_resource', 500011));
    assert.ok(isAadError(await postForm(t, v2, { client_id: CLI_APP, scope: `${ARM}/.default ${DATALAKE}/.default` }), 400, 'invalid_scope', 70011));
    assert.ok(isAadError(await postForm(t, v2, { client_id: CLI_APP, scope: `${DATALAKE}/write_everything` }), 400, 'invalid_scope', 70011));
    assert.ok(isAadError(await postForm(t, v2, { client_id: CLI_APP, scope: 'https://unknown.example/.default' }), 400, 'invalid_resource', 500011));
    assert.ok(isAadError(await postForm(t, '/00000000-0000-0000-0000-000000000000/oauth2/v2.0/devicecode', { client_id: CLI_APP, scope: 'openid' }), 400, 'invalid_request', 90002));
    assert.ok(isAadError(await postForm(t, '/consumers/oauth2/v2.0/devicecode', { client_id: CLI_APP, scope: 'openid' }), 400, 'invalid_request', 9002331));
    // Only OIDC scopes → the default resource (Azure Data Lake).
    const oidcOnly = await postForm(t, v2, { client_id: CLI_APP, scope: 'openid profile offline_access' });
    assert.equal(oidcOnly.status, 200);
    // Aliases and the verified domain route too.
    for (const tenant of ['common', 'organizations', 'adlsemulator.onmicrosoft.com']) {
      assert.equal((await postForm(t, `/${tenant}/oauth2/devicecode`, { client_id: CLI_APP, resource: DATALAKE })).status, 200, tenant);
    }
    // Malformed body: JSON instead of a form → missing parameter, never a 500.
    const res = await t.fetch(v1, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id":' });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as any).error, 'invalid_request');
  } finally { await t.stop(); }
});

test('alias tenant: a code requested on /common is redeemed on the user\'s tenant; tokens carry the home tid', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const r = await postForm(t, '/organizations/oauth2/v2.0/devicecode', { client_id: CLI_APP, scope: `${ARM}/.default openid` });
    await approve(t, r.body.user_code, BOB.upn);
    const ok = await pollV2(t, r.body.device_code, { tenant: 'organizations' });
    assert.equal(ok.status, 200);
    assert.equal(claims(ok.body.access_token).tid, TENANT);
  } finally { await t.stop(); }
});

test('device codes survive a restart (SQLite-persisted records)', async () => {
  const { t } = await startIdentityEmulator();
  const location = t.location;
  let dc: any;
  try {
    dc = await startDeviceCode(t);
    await approve(t, dc.user_code);
    await t.emu.stop();
  } finally { await t.agent.close(); }
  const { t: t2 } = await startIdentityEmulator({ location });
  try {
    const ok = await pollV2(t2, dc.device_code);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(claims(ok.body.access_token).amr.includes('mfa'));
  } finally { await t2.stop(); rmSync(location, { recursive: true, force: true }); }
});

test('test API: mfa:false stops an MFA user at mfa_required; consent:false stops at consent_required; unknown user/code', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const a = await approve(t, dc.user_code, ALICE.upn, { mfa: false });
    assert.equal(a.body.state, 'mfa_required');
    assert.equal((await pollV2(t, dc.device_code, { clientId: NATIVE_APP })).body.error, 'authorization_pending');
    const b = await approve(t, dc.user_code, ALICE.upn, { consent: false });
    assert.equal(b.body.state, 'consent_required');
    const c = await approve(t, dc.user_code, ALICE.upn);
    assert.equal(c.body.state, 'approved');
    assert.deepEqual(c.body.amr, ['pwd', 'mfa']);
    assert.equal((await approve(t, 'ZZZZZZZZZ')).status, 404);
    assert.ok(isAadError(await approve(t, dc.user_code, 'nobody@adlsemulator.onmicrosoft.com'), 400, 'invalid_request', 50034));
    const bad = await t.fetch('/_emulator/device/approve', { method: 'POST', body: '{nope' });
    assert.equal(bad.status, 400);
  } finally { await t.stop(); }
});

test('test API is 404 JSON when the emulator runs without testApi', async () => {
  const { t } = await startIdentityEmulator({ testApi: false });
  try {
    const dc = await startDeviceCode(t);
    const r = await approve(t, dc.user_code);
    assert.equal(r.status, 404);
    assert.equal(r.body.error, 'invalid_request');
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).status, 404);
    assert.equal((await postJson(t, `/_emulator/users/${ALICE.upn}/revoke`, {})).status, 404);
  } finally { await t.stop(); }
});
