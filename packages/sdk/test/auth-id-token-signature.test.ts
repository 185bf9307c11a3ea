// id_token signatures (identity spec §7): v2 fetched discovery itself, so the id_token must verify against the
// discovery JWKS (fetched once per authority); v1 has no discovery and checks claims only.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { AuthenticationError, DeviceCodeCredential } from 'adls-gen1';
import { CLIENT_ID, FakeAad, FakeClock, SIGNING_KID, TENANT_ID, jwt, signedJwt } from './auth-fake-aad.js';

let aad: FakeAad;
before(async () => { aad = await new FakeAad().start(); });
after(async () => { await aad.stop(); });

let clock: FakeClock;

function cred(protocol: 'v1' | 'v2' = 'v2') {
  aad.reset();
  clock = new FakeClock();
  aad.nowS = () => Math.floor(clock.now() / 1000);
  return new DeviceCodeCredential({
    authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, clock, protocol, userPromptCallback: () => {},
  });
}

/** Replaces the id_token of every token response. */
function withIdToken(make: (claims: Record<string, unknown>) => string): void {
  aad.on((r) => {
    if (!r.path.endsWith('/oauth2/v2.0/token') && !r.path.endsWith('/oauth2/token')) return undefined;
    const v = r.path.includes('/v2.0/') ? 'v2' : 'v1';
    const resource = v === 'v2' ? (r.form.scope?.split(' ')[0].replace(/\/\.default$/, '') ?? 'https://datalake.azure.net/') : r.form.resource ?? 'https://datalake.azure.net/';
    const body = aad.tokens(v, resource);
    const claims = JSON.parse(Buffer.from(String(body.id_token).split('.')[1], 'base64url').toString('utf8'));
    return { body: { ...body, id_token: make(claims) } };
  });
}

const badIdToken = (e: unknown) => e instanceof AuthenticationError && e.code === 'AUTH_BAD_ID_TOKEN';

test('v2: a genuine id_token verifies; the JWKS is fetched once for several sign-ins and resources', async () => {
  const c = cred();
  await c.getToken('https://datalake.azure.net//.default');
  await c.getToken('https://management.core.windows.net//.default'); // refresh grant, new id_token
  await c.getToken('https://datalake.azure.net//.default', { claims: '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}' });
  assert.equal(aad.count('/discovery/v2.0/keys'), 1);
});

test('v2: an id_token signed by another key is rejected with AUTH_BAD_ID_TOKEN (and nothing is cached)', async () => {
  const c = cred();
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  withIdToken((claims) => signedJwt(claims, forger.privateKey)); // same kid, wrong key
  await assert.rejects(c.getToken('https://datalake.azure.net//.default'), badIdToken);
  assert.equal(await c.account(), undefined);
});

test('v2: tampered claims, an unknown kid, alg none and unsigned tokens are rejected', async () => {
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeries: ((claims: Record<string, unknown>) => string)[] = [
    (claims) => { const [h, , s] = signedJwt(claims).split('.'); return `${h}.${Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else' })).toString('base64url')}.${s}`; },
    (claims) => signedJwt(claims, forger.privateKey, 'unknown-kid'),
    (claims) => `${Buffer.from(JSON.stringify({ alg: 'none', kid: SIGNING_KID })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
    (claims) => jwt(claims),
  ];
  for (const forge of forgeries) {
    const c = cred();
    withIdToken(forge);
    await assert.rejects(c.getToken('https://datalake.azure.net//.default'), badIdToken);
  }
});

test('v2: an unknown kid refetches the JWKS at most once per 5 minutes', async () => {
  const c = cred();
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await c.getToken('https://datalake.azure.net//.default');
  withIdToken((claims) => signedJwt(claims, forger.privateKey, 'rotated'));
  await assert.rejects(c.getToken('https://management.core.windows.net//.default'), badIdToken);
  assert.equal(aad.count('/discovery/v2.0/keys'), 1, 'fetched moments ago: no refetch');
  clock.t += 6 * 60_000;
  await assert.rejects(c.getToken('https://management.core.windows.net//.default', { claims: '{}' }), badIdToken);
  assert.equal(aad.count('/discovery/v2.0/keys'), 2, 'rotation: refetched once after 5 minutes');
});

test('v2: a jwks_uri on another host fails discovery', async () => {
  const c = cred();
  aad.on((r) => (r.path.endsWith('/openid-configuration') ? {
    body: {
      issuer: `${aad.base}/${TENANT_ID}/v2.0`, token_endpoint: `${aad.base}/${TENANT_ID}/oauth2/v2.0/token`,
      jwks_uri: 'https://evil.example/keys',
    },
  } : undefined));
  await assert.rejects(c.getToken('https://datalake.azure.net//.default'), (e: any) => e instanceof AuthenticationError && e.code === 'AUTH_DISCOVERY_FAILED');
});

test('v1: no discovery, so no JWKS fetch; claims are still checked', async () => {
  const c = cred('v1');
  withIdToken((claims) => jwt(claims));
  await c.getToken('https://datalake.azure.net/');
  assert.equal(aad.count('/discovery/v2.0/keys'), 0);
  assert.equal(aad.count('/openid-configuration'), 0);
});
