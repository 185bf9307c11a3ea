// The WWW-Authenticate parser behind the bearer token policy's claims challenges (identity spec §7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBearerChallenge } from '../../src/http/challenge.js';

const MFA_CLAIMS = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';

test('parseBearerChallenge: quoted and bare values, other schemes, url-safe base64 claims', () => {
  const c = parseBearerChallenge(`Basic realm="x", Bearer error=invalid_token, error_description="say \\"hi\\"", claims="${Buffer.from(MFA_CLAIMS).toString('base64url')}", PoP nonce="n"`);
  assert.deepEqual(c, { error: 'invalid_token', errorDescription: 'say "hi"', claims: MFA_CLAIMS, authorizationUri: undefined });
  assert.equal(parseBearerChallenge('Basic realm="x"'), undefined);
  assert.equal(parseBearerChallenge(undefined), undefined);
  assert.equal(parseBearerChallenge('Bearer claims="not base64 json!"')?.claims, undefined);
});
