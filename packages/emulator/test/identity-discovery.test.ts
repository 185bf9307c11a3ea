import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANT, getJson, isAadError, startIdentityEmulator } from './identity-helpers.js';

test('v2 and v1 discovery documents follow the Host the client used (localhost and 127.0.0.1)', async () => {
  const { t } = await startIdentityEmulator();
  try {
    for (const host of ['localhost', '127.0.0.1']) {
      const base = `https://${host}:${t.emu.port}`;
      const v2 = await (await t.fetch(`/${TENANT}/v2.0/.well-known/openid-configuration`, { host })).json() as any;
      assert.equal(v2.issuer, `${base}/${TENANT}/v2.0`);
      assert.equal(v2.token_endpoint, `${base}/${TENANT}/oauth2/v2.0/token`);
      assert.equal(v2.authorization_endpoint, `${base}/${TENANT}/oauth2/v2.0/authorize`);
      assert.equal(v2.device_authorization_endpoint, `${base}/${TENANT}/oauth2/v2.0/devicecode`);
      // msal-node derives the devicecode URL from token_endpoint: keep them consistent.
      assert.equal(v2.token_endpoint.replace('/token', '/devicecode'), v2.device_authorization_endpoint);
      assert.equal(v2.jwks_uri, `${base}/${TENANT}/discovery/v2.0/keys`);
      assert.deepEqual(v2.id_token_signing_alg_values_supported, ['RS256']);
      assert.equal(v2.request_uri_parameter_supported, false);
      const v1 = await (await t.fetch(`/${TENANT}/.well-known/openid-configuration`, { host })).json() as any;
      assert.equal(v1.issuer, `https://sts.windows.net/${TENANT}/`);
      assert.equal(v1.token_endpoint, `${base}/${TENANT}/oauth2/token`);
      assert.equal(v1.jwks_uri, `${base}/common/discovery/keys`);
      assert.equal(v1.microsoft_multi_refresh_token, true);
    }
    // Domain tenants use the GUID in endpoints; aliases keep the alias and a {tenantid} issuer.
    const dom = (await getJson(t, '/adlsemulator.onmicrosoft.com/v2.0/.well-known/openid-configuration')).body;
    assert.equal(dom.token_endpoint, `${t.base}/${TENANT}/oauth2/v2.0/token`);
    const common = (await getJson(t, '/common/v2.0/.well-known/openid-configuration')).body;
    assert.equal(common.issuer, `${t.base}/{tenantid}/v2.0`);
    assert.equal(common.token_endpoint, `${t.base}/common/oauth2/v2.0/token`);
  } finally { await t.stop(); }
});

test('JWKS: two RSA keys, kid == x5t == SHA-1 of the x5c certificate; v1 and v2 paths; tokens are signed by the first', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const v1 = (await getJson(t, '/common/discovery/keys')).body;
    const v2 = (await getJson(t, `/${TENANT}/discovery/v2.0/keys`)).body;
    assert.equal(v1.keys.length, 2);
    const { createHash } = await import('node:crypto');
    for (const k of v1.keys) {
      assert.equal(k.kty, 'RSA');
      assert.equal(k.use, 'sig');
      assert.equal(k.kid, k.x5t);
      assert.equal(k.e, 'AQAB');
      assert.equal(createHash('sha1').update(Buffer.from(k.x5c[0], 'base64')).digest('base64url'), k.kid);
    }
    assert.equal(v2.keys[0].issuer, `${t.base}/${TENANT}/v2.0`);
    assert.equal((await getJson(t, `/${TENANT}/discovery/keys`)).status, 200);
  } finally { await t.stop(); }
});

test('instance discovery and error bodies: unknown tenant 400/90002, unknown path 404, wrong method 405, all JSON with AAD headers', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const inst = await getJson(t, `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${t.base}/${TENANT}/oauth2/v2.0/authorize`)}`);
    assert.equal(inst.status, 200);
    assert.equal(inst.body.tenant_discovery_endpoint, `${t.base}/${TENANT}/v2.0/.well-known/openid-configuration`);
    assert.deepEqual(inst.body.metadata[0].aliases, [new URL(t.base).host]);
    const foreign = await getJson(t, '/common/discovery/instance?authorization_endpoint=https://login.example.org/x/oauth2/authorize');
    assert.ok(isAadError(foreign, 400, 'invalid_instance', 50049));

    const unknownTenant = await getJson(t, '/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration');
    assert.ok(isAadError(unknownTenant, 400, 'invalid_request', 90002));
    const notFound = await t.fetch('/nothing/here/at/all', { headers: { 'client-request-id': 'req-123' } });
    assert.equal(notFound.status, 404);
    assert.equal(notFound.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(notFound.headers.get('client-request-id'), 'req-123');
    assert.ok(notFound.headers.get('x-ms-request-id'));
    const nb = await notFound.json() as any;
    assert.equal(nb.correlation_id, 'req-123');
    assert.match(nb.error_description, /Correlation ID: req-123/);

    const wrongMethod = await t.fetch(`/${TENANT}/oauth2/v2.0/token`);
    assert.equal(wrongMethod.status, 405);
    const wb = await wrongMethod.json() as any;
    assert.equal(wb.error, 'invalid_request');
    assert.deepEqual(wb.error_codes, [900561]);
    const putDiscovery = await t.fetch(`/${TENANT}/v2.0/.well-known/openid-configuration`, { method: 'PUT', body: 'x' });
    assert.equal(putDiscovery.status, 405);
    const badPct = await t.fetch('/%E0%A4%A/oauth2/token', { method: 'POST' });
    assert.equal(badPct.status, 404);
    await badPct.json();
    // The human error page error_uri points to.
    const page = await t.fetch('/error?code=70016<script>');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes('AADSTS70016') && !html.includes('<script>'));
  } finally { await t.stop(); }
});
