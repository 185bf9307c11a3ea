import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { ClientCertificateCredential, ClientSecretCredential, InvalidArgumentError, UsernamePasswordCredential, decodeJwtPayload } from 'adls-gen1';
import { selfSignedCertificate } from 'adls-gen1-test-support';
import { aadError, FakeAad, FakeClock, jwt, TENANT_ID } from './auth-fake-aad.js';

const SP_ID = 'dddddddd-0000-4000-8000-00000000000d';
let aad: FakeAad;
before(async () => { aad = await new FakeAad().start(); });
after(async () => { await aad.stop(); });

const opts = () => ({ authorityHost: aad.base, allowInsecure: true, clock: new FakeClock() });
const appToken = (resource: string) => ({ token_type: 'Bearer', expires_in: 3599, access_token: jwt({ aud: resource, tid: TENANT_ID, oid: 'sp-oid', idtyp: 'app' }) });

test('ClientSecretCredential v2: scope {resource}/.default, secret in the body, token cached per resource', async () => {
  aad.reset();
  aad.on((r) => (r.form.grant_type === 'client_credentials' ? { body: appToken(r.form.scope) } : undefined));
  const c = new ClientSecretCredential(TENANT_ID, SP_ID, 's3cret', opts());
  const t = await c.getToken('https://datalake.azure.net//.default');
  await c.getToken('https://datalake.azure.net/');
  const reqs = aad.requests.filter((r) => r.form.grant_type === 'client_credentials');
  assert.equal(reqs.length, 1);
  assert.deepEqual(reqs[0].form, { grant_type: 'client_credentials', client_id: SP_ID, scope: 'https://datalake.azure.net//.default', client_secret: 's3cret' });
  assert.equal(decodeJwtPayload(t.token)?.idtyp, 'app');
});

test('ClientSecretCredential v1 sends resource; a bad secret is AUTH_INVALID_CLIENT (401)', async () => {
  aad.reset();
  aad.on((r) => (r.form.grant_type === 'client_credentials' && r.form.client_secret !== 'good' ? { ...aadError('invalid_client', 7000215), status: 401 } : undefined));
  aad.on((r) => (r.form.grant_type === 'client_credentials' ? { body: appToken(r.form.resource) } : undefined));
  const ok = new ClientSecretCredential(TENANT_ID, SP_ID, 'good', { ...opts(), protocol: 'v1' });
  await ok.getToken('https://management.core.windows.net//.default');
  assert.equal(aad.requests.at(-1)!.form.resource, 'https://management.core.windows.net/');
  const err = await new ClientSecretCredential(TENANT_ID, SP_ID, 'bad', { ...opts(), protocol: 'v1' }).getToken('https://management.core.windows.net/').catch((e) => e);
  assert.equal(err.code, 'AUTH_INVALID_CLIENT');
  assert.equal(err.status, 401);
  assert.throws(() => new ClientSecretCredential(TENANT_ID, SP_ID, ''), InvalidArgumentError);
});

test('ClientCertificateCredential: RS256 assertion with x5t, aud = token endpoint, iss = sub = client, unique jti, exp ≤ 10 min', async () => {
  aad.reset();
  aad.on((r) => (r.form.grant_type === 'client_credentials' ? { body: appToken(r.form.scope) } : undefined));
  const { certPem, keyPem } = selfSignedCertificate({ commonName: 'adls-test-sp' });
  const pem = certPem + keyPem;
  const clock = new FakeClock();
  const c = new ClientCertificateCredential(TENANT_ID, SP_ID, { certificate: pem }, { authorityHost: aad.base, allowInsecure: true, clock });
  await c.getToken('https://datalake.azure.net//.default');
  await c.getToken('https://management.core.windows.net//.default');
  const forms = aad.requests.filter((r) => r.form.grant_type === 'client_credentials').map((r) => r.form);
  assert.equal(forms.length, 2);
  const jtis = new Set<string>();
  for (const f of forms) {
    assert.equal(f.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(f.client_secret, undefined);
    const [h, p, s] = f.client_assertion.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.equal(header.alg, 'RS256');
    assert.equal(header.x5t, createHash('sha1').update(new X509Certificate(certPem).raw).digest('base64url'));
    assert.equal(payload.aud, `${aad.base}/${TENANT_ID}/oauth2/v2.0/token`);
    assert.equal(payload.iss, SP_ID);
    assert.equal(payload.sub, SP_ID);
    const now = Math.floor(clock.now() / 1000);
    assert.ok(payload.exp > now && payload.exp <= now + 600);
    jtis.add(payload.jti);
    const ok = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey(certPem), Buffer.from(s, 'base64url'));
    assert.ok(ok, 'the signature verifies with the certificate');
  }
  assert.equal(jtis.size, 2);
  assert.throws(() => new ClientCertificateCredential(TENANT_ID, SP_ID, { certificate: 'not a pem' }), InvalidArgumentError);
});

test('UsernamePasswordCredential: user realm, then the v1 password grant; MFA users get AUTH_MFA_REQUIRED', async () => {
  aad.reset();
  aad.on((r) => (r.path.startsWith('/common/UserRealm/') ? { body: { ver: '1.0', account_type: r.path.includes('fed') ? 'Federated' : 'Managed', domain_name: 'contoso.test' } } : undefined));
  aad.on((r) => (r.form.grant_type === 'password' && r.form.username.startsWith('mfa') ? aadError('invalid_grant', 50076, { suberror: 'basic_action' }) : undefined));
  const cid = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
  aad.on((r) => (r.form.grant_type === 'password' ? { body: { ...aad.tokens('v1', r.form.resource), id_token: jwt({ aud: cid, tid: TENANT_ID, oid: 'o', upn: r.form.username, iss: `https://sts.windows.net/${TENANT_ID}/` }) } } : undefined));
  const c = new UsernamePasswordCredential(TENANT_ID, cid, 'bob@contoso.test', 'pw', opts());
  await c.getToken('https://datalake.azure.net//.default');
  assert.ok(aad.requests[0].path.startsWith('/common/UserRealm/bob%40contoso.test'));
  const grant = aad.requests.find((r) => r.form.grant_type === 'password')!;
  assert.equal(grant.path, `/${TENANT_ID}/oauth2/token`);
  assert.deepEqual({ ...grant.form }, { grant_type: 'password', client_id: cid, resource: 'https://datalake.azure.net/', username: 'bob@contoso.test', password: 'pw', scope: 'openid' });
  assert.equal((await c.account())?.username, 'bob@contoso.test');

  const mfa = await new UsernamePasswordCredential(TENANT_ID, cid, 'mfa@contoso.test', 'pw', opts()).getToken('https://datalake.azure.net/').catch((e) => e);
  assert.equal(mfa.code, 'AUTH_MFA_REQUIRED');
  assert.deepEqual(mfa.aadstsCodes, [50076]);
  const fed = await new UsernamePasswordCredential(TENANT_ID, cid, 'fed@contoso.test', 'pw', opts()).getToken('https://datalake.azure.net/').catch((e) => e);
  assert.equal(fed.code, 'AUTH_UNSUPPORTED_ACCOUNT');
});
