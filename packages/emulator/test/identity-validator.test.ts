import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { TokenValidationError, type Audience } from '../src/identity/validator.js';
import { mintToken } from './helpers.js';
import { ARM, BOB, CLI_APP, DATALAKE, TENANT, deviceFlowTokens, startIdentityEmulator } from './identity-helpers.js';

async function kindOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'ok'; } catch (e) {
    if (e instanceof TokenValidationError) return e.kind;
    throw e;
  }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

test('validator accepts issued tokens and rejects forgeries, alg none, unknown kid, expiry, nbf, audience, issuer, tenant', async () => {
  const { t, clock } = await startIdentityEmulator({ clockSkew: 0 });
  try {
    const v = t.emu.core.validator;
    const check = (token: string, aud: Audience = 'datalake') => kindOf(v.validate(`Bearer ${token}`, aud));
    const tok = await deviceFlowTokens(t, { username: BOB.upn });
    assert.equal(await check(tok.access_token), 'ok');
    const p = await v.validate(`bearer ${tok.access_token}`, 'datalake');
    assert.equal(p.oid, BOB.oid);
    assert.equal(p.isApp, false);

    // Audience: a Data Lake token never opens Resource Manager; of the management audiences the data plane takes
    // only the classic one (Microsoft's Gen1 REST guides use it), not management.azure.com.
    assert.equal(await check(tok.access_token, 'management'), 'audience');
    const arm = await mintToken(t.emu, { audience: ARM });
    assert.equal(await check(arm, 'management'), 'ok');
    assert.equal(await check(arm, 'datalake'), 'ok');
    const armNew = await mintToken(t.emu, { audience: 'https://management.azure.com' });
    assert.equal(await check(armNew, 'management'), 'ok');
    assert.equal(await check(armNew, 'datalake'), 'audience');
    assert.equal(await check(await mintToken(t.emu, { audience: 'https://datalake.azure.net' })), 'ok');

    // Forged signature: payload changed after signing.
    const [h, , s] = tok.access_token.split('.');
    const payload = JSON.parse(Buffer.from(tok.access_token.split('.')[1], 'base64url').toString());
    assert.equal(await check(`${h}.${b64({ ...payload, oid: 'someone-else' })}.${s}`), 'invalid');
    // alg none.
    assert.equal(await check(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`), 'invalid');
    // HS256 with the public key as secret (classic confusion attack).
    assert.equal(await check(`${b64({ alg: 'HS256', kid: JSON.parse(Buffer.from(h, 'base64url').toString()).kid })}.${b64(payload)}.AAAA`), 'invalid');
    // Unknown kid: signed by a key the emulator never published.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'not-a-known-kid' }).sign(privateKey);
    assert.equal(await check(stranger), 'invalid');
    // Wrong issuer / unknown tenant.
    assert.equal(await check(await mintToken(t.emu, { claims: { iss: 'https://sts.windows.net/evil/' } })), 'invalid');
    const otherTid = '99999999-9999-4999-8999-999999999999';
    assert.equal(await check(await mintToken(t.emu, { claims: { iss: `https://sts.windows.net/${otherTid}/`, tid: otherTid } })), 'invalid');
    // v2 issuer on the emulator's host is accepted.
    assert.equal(await check(await mintToken(t.emu, { claims: { iss: `${t.base}/${TENANT}/v2.0`, ver: '2.0' } })), 'ok');
    // Not yet valid.
    const now = Math.floor(clock.now / 1000);
    assert.equal(await check(await mintToken(t.emu, { claims: { nbf: now + 600, iat: now + 600 } })), 'invalid');
    // Missing scope on a user token.
    assert.equal(await check(await mintToken(t.emu, { claims: { scp: 'something_else' } })), 'scope');
    // Expiry with the injected clock (skew 0): valid until exp, then expired — also for a cached token.
    const short = await mintToken(t.emu, { expiresIn: 60 });
    assert.equal(await check(short), 'ok');
    clock.advance(61);
    assert.equal(await check(short), 'expired');
    assert.equal(await check(await mintToken(t.emu, { expiresIn: -1 })), 'expired');
    // Header problems.
    assert.equal(await kindOf(v.validate(undefined, 'datalake')), 'missing');
    assert.equal(await kindOf(v.validate('Basic abc', 'datalake')), 'malformed');
    assert.equal(await kindOf(v.validate('Bearer a b', 'datalake')), 'malformed');
    assert.equal(await kindOf(v.validate('Bearer not-a-jwt', 'datalake')), 'malformed');
    void CLI_APP; void DATALAKE;
  } finally { await t.stop(); }
});

test('a token validated before (the cached path): same answers for every spelling of the header, per-request checks still made', async () => {
  const { t, clock } = await startIdentityEmulator({ clockSkew: 0 });
  try {
    const v = t.emu.core.validator;
    const bob = (await deviceFlowTokens(t, { username: BOB.upn })).access_token;
    const other = await mintToken(t.emu, { expiresIn: 120 });
    const otherOid = JSON.parse(Buffer.from(other.split('.')[1], 'base64url').toString()).oid as string;
    assert.notEqual(otherOid, BOB.oid);
    assert.equal((await v.validate(`Bearer ${bob}`, 'datalake')).oid, BOB.oid);
    // Scheme in any case, surrounding blanks: the same token.
    assert.equal((await v.validate(`  BEARER ${bob} `, 'datalake')).oid, BOB.oid);
    // Alternating callers: each header gets its own principal.
    for (let i = 0; i < 3; i++) {
      assert.equal((await v.validate(`Bearer ${other}`, 'datalake')).oid, otherOid);
      assert.equal((await v.validate(`Bearer ${bob}`, 'datalake')).oid, BOB.oid);
    }
    // Near misses of a cached token are not it.
    for (const header of [`Bearer  ${bob}`, `Bearer ${bob},`, `Bearer ${bob} x`, `Bearer${bob}`, `Token ${bob}`]) {
      assert.equal(await kindOf(v.validate(header, 'datalake')), 'malformed', header.slice(0, 12));
    }
    assert.equal(await kindOf(v.validate(`Bearer ${bob}x`, 'datalake')), 'invalid');
    // Audience and expiry are checked on every request, the last header seen included.
    assert.equal(await kindOf(v.validate(`Bearer ${bob}`, 'management')), 'audience');
    assert.equal(await kindOf(v.validate(`Bearer ${other}`, 'datalake')), 'ok');
    clock.advance(121);
    assert.equal(await kindOf(v.validate(`Bearer ${other}`, 'datalake')), 'expired');
  } finally { await t.stop(); }
});

test('WWW-Authenticate challenge strings (ARM format, spec §6)', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const v = t.emu.core.validator;
    const expired = new TokenValidationError('expired', 'x');
    assert.equal(v.challenge(expired, TENANT),
      `Bearer authorization_uri="${t.base}/${TENANT}", error="invalid_token", error_description="The access token has expired."`);
    assert.equal(v.challenge(new TokenValidationError('audience', 'x'), TENANT),
      `Bearer authorization_uri="${t.base}/${TENANT}", error="invalid_token", error_description="The access token has an invalid audience."`);
    assert.equal(v.challenge(new TokenValidationError('missing', 'x'), TENANT),
      `Bearer authorization_uri="${t.base}/${TENANT}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`);
    const mfa = new TokenValidationError('mfa', 'x');
    const challenge = v.challenge(mfa, TENANT);
    assert.match(challenge, /^Bearer authorization_uri="[^"]+", error="insufficient_claims", error_description="Multi-factor authentication is required\.", claims="([^"]+)"$/);
    const claimsB64 = /claims="([^"]+)"/.exec(challenge)![1];
    assert.deepEqual(JSON.parse(Buffer.from(claimsB64, 'base64').toString()), { access_token: { amr: { essential: true, values: ['mfa'] } } });
    // The optional MFA policy: bob's token (pwd only) is refused, alice's (mfa) accepted.
    const bob = await mintToken(t.emu, { upn: BOB.upn, claims: { amr: ['pwd'] } });
    await assert.rejects(v.validate(`Bearer ${bob}`, 'datalake', { requireMfa: true }), (e: any) => e.kind === 'mfa');
    const alice = await mintToken(t.emu, { claims: { amr: ['pwd', 'mfa'] } });
    assert.equal((await v.validate(`Bearer ${alice}`, 'datalake', { requireMfa: true })).amr.includes('mfa'), true);
    assert.equal(expired.armCode, 'ExpiredAuthenticationToken');
    assert.equal(new TokenValidationError('audience', 'x').armCode, 'InvalidAuthenticationTokenAudience');
    assert.equal(new TokenValidationError('invalid', 'x').armCode, 'InvalidAuthenticationToken');
  } finally { await t.stop(); }
});
