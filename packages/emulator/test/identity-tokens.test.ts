import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { selfSignedCertificate } from 'adls-gen1-test-support';
import { SignJWT } from 'jose';
import { SEED } from 'adls-gen1-emulator';
import { ConsentStore } from '../src/identity/consents.js';
import {
  ALICE, ARM, BOB, CLI_APP, DATALAKE, NATIVE_APP, TENANT, claims, deviceFlowTokens, isAadError, postForm, postJson,
  startIdentityEmulator,
} from './identity-helpers.js';

const V1_TOKEN = `/${TENANT}/oauth2/token`;
const V2_TOKEN = `/${TENANT}/oauth2/v2.0/token`;
const SP = SEED.confidentialClientId;
const SP_SECRET = SEED.confidentialClientSecret;

test('refresh: one RT serves datalake and management (MRRT), rotates, old RT stays valid, amr mfa propagates', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const first = await deviceFlowTokens(t, { scope: `${DATALAKE}/.default offline_access openid profile` });
    assert.ok(claims(first.access_token).amr.includes('mfa'));
    const rt1 = first.refresh_token;
    // v2 scope switch to ARM with the same RT (what @azure/identity does silently).
    const mgmt = await postForm(t, V2_TOKEN, { grant_type: 'refresh_token', client_id: CLI_APP, refresh_token: rt1,
      scope: `${ARM}/.default offline_access openid profile`, client_info: '1' }, { 'X-AnchorMailbox': `Oid:${ALICE.oid}@${TENANT}` });
    assert.equal(mgmt.status, 200, JSON.stringify(mgmt.body));
    const at = claims(mgmt.body.access_token);
    assert.equal(at.aud, ARM);
    assert.deepEqual(at.amr, ['pwd', 'mfa']);
    assert.equal(mgmt.body.scope, 'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default');
    assert.ok(mgmt.body.client_info && mgmt.body.id_token);
    const rt2 = mgmt.body.refresh_token;
    assert.ok(rt2 && rt2 !== rt1, 'rotated');
    // v1 refresh (adal MRRT): `resource` echoed byte-for-byte, with the old and the new RT.
    for (const rt of [rt1, rt2]) {
      const v1 = await postForm(t, V1_TOKEN, { grant_type: 'refresh_token', client_id: CLI_APP, refresh_token: rt, resource: 'https://datalake.azure.net' });
      assert.equal(v1.status, 200, JSON.stringify(v1.body));
      assert.equal(v1.body.resource, 'https://datalake.azure.net');
      assert.equal(claims(v1.body.access_token).aud, 'https://datalake.azure.net');
      assert.match(v1.body.expires_on, /^\d+$/);
      assert.ok(claims(v1.body.access_token).amr.includes('mfa'));
    }
  } finally { await t.stop(); }
});

test('refresh errors: revoked (70008), expired sliding window (70008), other client (70000), garbage (70000), no consent (65001)', async () => {
  const { t, clock } = await startIdentityEmulator();
  try {
    const tok = await deviceFlowTokens(t, { v1: true, username: BOB.upn });
    const refresh = (rt: string, clientId = CLI_APP, resource = DATALAKE) =>
      postForm(t, V1_TOKEN, { grant_type: 'refresh_token', client_id: clientId, refresh_token: rt, resource });
    assert.ok(isAadError(await refresh(tok.refresh_token, NATIVE_APP), 400, 'invalid_grant', 70000));
    assert.ok(isAadError(await refresh('0.AEMU.garbage'), 400, 'invalid_grant', 70000));
    assert.ok(isAadError(await postForm(t, V1_TOKEN, { grant_type: 'refresh_token', client_id: CLI_APP }), 400, 'invalid_request', 900144));

    // Consent withdrawn for one resource: that resource needs a new interactive sign-in; the other still works.
    new ConsentStore(t.emu.core.db).revoke(BOB.oid, CLI_APP, DATALAKE);
    const noConsent = await refresh(tok.refresh_token);
    assert.ok(isAadError(noConsent, 400, 'invalid_grant', 65001));
    assert.equal(noConsent.body.suberror, 'consent_required');
    assert.equal((await refresh(tok.refresh_token, CLI_APP, ARM)).status, 200);

    // Revocation endpoint: every RT of the user dies.
    const rev = await postJson(t, `/_emulator/users/${encodeURIComponent(BOB.upn)}/revoke`, {});
    assert.equal(rev.status, 200);
    assert.ok(rev.body.revoked >= 2);
    assert.ok(isAadError(await refresh(tok.refresh_token, CLI_APP, ARM), 400, 'invalid_grant', 70008));
    assert.equal((await postJson(t, '/_emulator/users/nobody@x/revoke', {})).status, 404);

    // Sliding 90-day lifetime.
    const tok2 = await deviceFlowTokens(t, { v1: true, username: ALICE.upn });
    clock.advance(91 * 24 * 3600);
    assert.ok(isAadError(await refresh(tok2.refresh_token, CLI_APP, ARM), 400, 'invalid_grant', 70008));
  } finally { await t.stop(); }
});

test('password grant (deprecated): non-MFA user gets tokens; MFA user → 50076 basic_action; wrong password → 50126; user realm', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const realm = await t.fetch(`/common/UserRealm/${encodeURIComponent(BOB.upn)}?api-version=1.0`);
    const rb = await realm.json() as any;
    assert.equal(rb.account_type, 'Managed');
    assert.equal(rb.domain_name, 'adlsemulator.onmicrosoft.com');
    assert.equal(((await (await t.fetch('/common/UserRealm/x@unknown.example')).json()) as any).account_type, 'Unknown');

    const ok = await postForm(t, V1_TOKEN, { grant_type: 'password', client_id: CLI_APP, resource: DATALAKE, username: BOB.upn, password: BOB.password });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(claims(ok.body.access_token).amr, ['pwd']);
    assert.ok(ok.body.refresh_token);

    const mfa = await postForm(t, V1_TOKEN, { grant_type: 'password', client_id: CLI_APP, resource: DATALAKE, username: ALICE.upn, password: ALICE.password });
    assert.ok(isAadError(mfa, 400, 'invalid_grant', 50076));
    assert.equal(mfa.body.suberror, 'basic_action');

    const wrong = await postForm(t, V2_TOKEN, { grant_type: 'password', client_id: CLI_APP, scope: `${DATALAKE}/.default`, username: BOB.upn, password: 'nope' });
    assert.ok(isAadError(wrong, 400, 'invalid_grant', 50126));
    assert.ok(isAadError(await postForm(t, V1_TOKEN, { grant_type: 'password', client_id: CLI_APP, resource: DATALAKE, password: 'x' }), 400, 'invalid_request', 900144));
  } finally { await t.stop(); }
});

test('client credentials with a secret: body (v1), HTTP Basic (v2); app-only claims; errors 7000215/7000218/1002012', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const v1 = await postForm(t, V1_TOKEN, { grant_type: 'client_credentials', client_id: SP, client_secret: SP_SECRET, resource: DATALAKE });
    assert.equal(v1.status, 200, JSON.stringify(v1.body));
    assert.equal(v1.body.refresh_token, undefined);
    assert.equal(v1.body.id_token, undefined);
    assert.equal(v1.body.resource, DATALAKE);
    assert.match(v1.body.expires_in, /^\d+$/);
    const c = claims(v1.body.access_token);
    assert.equal(c.idtyp, 'app');
    assert.equal(c.appid, SP);
    assert.equal(c.appidacr, '1');
    assert.equal(c.scp, undefined);
    assert.equal(c.sub, c.oid);
    assert.equal(c.tid, TENANT);
    const principal = await t.emu.core.validator.validate(`Bearer ${v1.body.access_token}`, 'datalake');
    assert.equal(principal.isApp, true);

    const basic = Buffer.from(`${encodeURIComponent(SP)}:${encodeURIComponent(SP_SECRET)}`).toString('base64');
    const v2 = await postForm(t, V2_TOKEN, { grant_type: 'client_credentials', scope: `${ARM}.default` }, { authorization: `Basic ${basic}` });
    assert.equal(v2.status, 200, JSON.stringify(v2.body));
    assert.equal(typeof v2.body.expires_in, 'number');
    assert.equal(claims(v2.body.access_token).aud, ARM);

    assert.ok(isAadError(await postForm(t, V1_TOKEN, { grant_type: 'client_credentials', client_id: SP, client_secret: 'wrong', resource: DATALAKE }), 401, 'invalid_client', 7000215));
    assert.ok(isAadError(await postForm(t, V1_TOKEN, { grant_type: 'client_credentials', client_id: SP, resource: DATALAKE }), 401, 'invalid_client', 7000218));
    assert.ok(isAadError(await postForm(t, V2_TOKEN, { grant_type: 'client_credentials', client_id: SP, client_secret: SP_SECRET, scope: `${ARM}user_impersonation` }), 400, 'invalid_scope', 1002012));
    assert.ok(isAadError(await postForm(t, V2_TOKEN, { grant_type: 'client_credentials', client_id: 'unknown-app', client_secret: 'x', scope: `${ARM}.default` }), 400, 'unauthorized_client', 700016));
    assert.ok(isAadError(await postForm(t, V2_TOKEN, { grant_type: 'authorization_code', client_id: SP, code: 'x' }), 400, 'unsupported_grant_type', 70003));
    assert.ok(isAadError(await postForm(t, V2_TOKEN, { client_id: SP }), 400, 'invalid_request', 900144));
    // A confidential app polling a device code without its credential.
    const dc = await postForm(t, `/${TENANT}/oauth2/devicecode`, { client_id: SP, resource: DATALAKE });
    assert.equal(dc.status, 200);
    assert.ok(isAadError(await postForm(t, V1_TOKEN, { grant_type: 'device_code', client_id: SP, code: dc.body.device_code, resource: DATALAKE }), 401, 'invalid_client', 7000218));
  } finally { await t.stop(); }
});

/** A service principal's self-signed certificate with its SHA-1 and SHA-256 thumbprints (x5t, x5t#S256). */
function makeCert(): { certPem: string; keyPem: string; x5t: string; x5tS256: string } {
  const { certPem, keyPem } = selfSignedCertificate({ commonName: 'sp-test' });
  const der = new X509Certificate(certPem).raw;
  return { certPem, keyPem, x5t: createHash('sha1').update(der).digest('base64url'), x5tS256: createHash('sha256').update(der).digest('base64url') };
}

test('client credentials with a certificate assertion (private_key_jwt): x5t and x5t#S256; aud, exp, jti replay, unknown cert', async () => {
  const { t, clock } = await startIdentityEmulator();
  try {
    const cert = makeCert();
    t.emu.core.directory.addAppCertificate(SP, cert.x5t, cert.certPem);
    const key = createPrivateKey(cert.keyPem);
    const now = () => Math.floor(clock.now / 1000);
    const assertion = (o: { aud?: string; exp?: number; jti?: string; header?: Record<string, string>; iss?: string } = {}) =>
      new SignJWT({ aud: o.aud ?? `${t.base}${V1_TOKEN}`, iss: o.iss ?? SP, sub: o.iss ?? SP, jti: o.jti ?? randomUUID(), nbf: now(), exp: o.exp ?? now() + 600 })
        .setProtectedHeader({ alg: 'RS256', ...(o.header ?? { x5t: cert.x5t }) }).sign(key);
    const grant = async (a: string, path = V1_TOKEN) => postForm(t, path, {
      grant_type: 'client_credentials', client_id: SP, resource: DATALAKE, scope: `${DATALAKE}/.default`,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a });

    const ok = await grant(await assertion());
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(claims(ok.body.access_token).appidacr, '2');
    const s256 = await grant(await assertion({ aud: `${t.base}${V2_TOKEN}`, header: { 'x5t#S256': cert.x5tS256 } }), V2_TOKEN);
    assert.equal(s256.status, 200, JSON.stringify(s256.body));

    const jti = randomUUID();
    assert.equal((await grant(await assertion({ jti }))).status, 200);
    assert.ok(isAadError(await grant(await assertion({ jti })), 401, 'invalid_client', 700025));
    assert.ok(isAadError(await grant(await assertion({ aud: 'https://elsewhere.example/token' })), 401, 'invalid_client', 700023));
    assert.ok(isAadError(await grant(await assertion({ exp: now() + 7200 })), 401, 'invalid_client', 700024));
    assert.ok(isAadError(await grant(await assertion({ exp: now() - 3600 })), 401, 'invalid_client', 700024));
    assert.ok(isAadError(await grant(await assertion({ iss: NATIVE_APP })), 401, 'invalid_client', 700021));
    const other = makeCert();
    const foreign = await new SignJWT({ aud: `${t.base}${V1_TOKEN}`, iss: SP, sub: SP, jti: randomUUID(), exp: now() + 600 })
      .setProtectedHeader({ alg: 'RS256', x5t: other.x5t }).sign(createPrivateKey(other.keyPem));
    assert.ok(isAadError(await grant(foreign), 401, 'invalid_client', 700027));
    // Registered thumbprint but signed with another key → signature failure.
    const forged = await new SignJWT({ aud: `${t.base}${V1_TOKEN}`, iss: SP, sub: SP, jti: randomUUID(), exp: now() + 600 })
      .setProtectedHeader({ alg: 'RS256', x5t: cert.x5t }).sign(createPrivateKey(other.keyPem));
    assert.ok(isAadError(await grant(forged), 401, 'invalid_client', 700027));
    assert.ok(isAadError(await grant('not.a.jwt'), 401, 'invalid_client', 700027));
  } finally { await t.stop(); }
});

// Throughput is a benchmark figure (npm run bench), not a test: here only that concurrent grants all succeed
// with distinct, valid tokens.
test('client-credentials grants in parallel: 4 in flight, 40 tokens, all issued and distinct', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const body = { grant_type: 'client_credentials', client_id: SP, client_secret: SP_SECRET, resource: DATALAKE };
    const tokens: string[] = [];
    await Promise.all([0, 1, 2, 3].map(async () => {
      for (let i = 0; i < 10; i++) {
        const r = await postForm(t, V1_TOKEN, body);
        assert.equal(r.status, 200);
        tokens.push(String((r.body as { access_token: string }).access_token));
      }
    }));
    assert.equal(new Set(tokens).size, 40);
  } finally { await t.stop(); }
});
