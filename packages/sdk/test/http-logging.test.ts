// Logging through @azure/logger (AZURE_LOG_LEVEL / ADLS_LOG_LEVEL / setLogLevel): one line per call with
// method, redacted URL, status, duration and retries, and never a token, secret, code or request body.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import {
  AzureLogger, ClientSecretCredential, DeviceCodeCredential, HttpPipeline, getLogLevel, redactUrl, setLogLevel, type TokenCredential,
} from 'adls-gen1';
import { CLIENT_ID, FakeAad, FakeClock, TENANT_ID } from './auth-fake-aad.js';

const lines: string[] = [];
const originalLog = AzureLogger.log;
before(() => {
  AzureLogger.log = (...args: unknown[]) => { lines.push(format(...args)); };
  setLogLevel('verbose');
});
after(() => {
  AzureLogger.log = originalLog;
  setLogLevel();
});
beforeEach(() => { lines.length = 0; });

/** Every secret a test hands to the SDK or a server hands back: none may appear in any log line. */
const SECRETS = ['ACCESS-TOKEN-1', 'ACCESS-TOKEN-2', 'SIG-SECRET', 'CODE-SECRET', 'CS-SECRET', 'RT-SECRET', 'PASS-SECRET', 'CLIENT-SECRET-VALUE', 'dc-secret', 'rt-1', 'rt-2', 'Bearer '];
function assertNoSecrets(): void {
  const all = lines.join('\n');
  for (const s of SECRETS) assert.ok(!all.includes(s), `log leaks ${s}:\n${all}`);
  assert.doesNotMatch(all, /eyJ[\w-]+\.[\w-]+/, 'no JWT in the log');
}

describe('data plane calls', () => {
  let server: Server;
  let base: string;
  let n = 0;
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      n++;
      // 1: the token is refused (one forced refresh), 2: throttled, 3: served.
      if (n === 1) { res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }); res.end('{}'); return; }
      if (n === 2) { res.writeHead(503, { 'retry-after': '0' }); res.end('{}'); return; }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=PASS-SECRET' });
      res.end('{"FileStatuses":{"FileStatus":[]}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('info: method, redacted URL, status, duration, retries; verbose: why it retried; no secret anywhere', async () => {
    let k = 0;
    const credential: TokenCredential = { getToken: async () => ({ token: `ACCESS-TOKEN-${++k}`, expiresOnTimestamp: Date.now() + 3600_000 }) };
    const p = new HttpPipeline({ credential, scopes: ['https://datalake.azure.net//.default'], retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const url = `${base}/webhdfs/v1/data?op=LISTSTATUS&api-version=2018-05-01&sig=SIG-SECRET&code=CODE-SECRET&client_secret=CS-SECRET&refresh_token=RT-SECRET`;
      const res = await p.send({ method: 'GET', url, headers: { cookie: 'a=PASS-SECRET' }, bufferBody: true });
      assert.equal(res.status, 200);
    } finally { await p.close(); }
    const info = lines.filter((l) => l.startsWith('azure:adls-gen1:info GET'));
    assert.equal(info.length, 1, lines.join('\n'));
    assert.match(info[0], new RegExp(`^azure:adls-gen1:info GET ${base}/webhdfs/v1/data\\?op=LISTSTATUS&api-version=2018-05-01&sig=REDACTED&code=REDACTED&client_secret=REDACTED&refresh_token=REDACTED 200 \\d+ ms retries 2$`));
    assert.ok(lines.some((l) => /refused the token \(invalid_token\): refreshing it once/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^azure:adls-gen1:verbose GET .* retry 1 of 3 after HTTP 503, in 0 ms$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^azure:adls-gen1:verbose GET .*: x-ms-client-request-id [0-9a-f-]{36}, x-ms-request-id [0-9a-f-]{36}$/.test(l)), lines.join('\n'));
    assertNoSecrets();
  });

  test('a failed call is logged with its code, not its message', async () => {
    const p = new HttpPipeline({ retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    try {
      await assert.rejects(p.send({ method: 'GET', url: 'http://127.0.0.1:1/x?code=CODE-SECRET' }));
    } finally { await p.close(); }
    assert.ok(lines.some((l) => /^azure:adls-gen1:info GET http:\/\/127\.0\.0\.1:1\/x\?code=REDACTED failed \(CONNECTION\) \d+ ms retries 0$/.test(l)), lines.join('\n'));
    assertNoSecrets();
  });
});

describe('sign-in calls', () => {
  let aad: FakeAad;
  before(async () => { aad = await new FakeAad().start(); });
  after(async () => { await aad.stop(); });

  test('device code, refresh and client secret grants: endpoints and statuses logged, no code, token or secret', async () => {
    aad.reset();
    aad.on((r, k) => (r.path.endsWith('/token') && k === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: {} } : undefined));
    const clock = new FakeClock();
    aad.nowS = () => Math.floor(clock.now() / 1000);
    const dc = new DeviceCodeCredential({ authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, clock, userPromptCallback: () => {} });
    await dc.getToken('https://datalake.azure.net//.default');
    await dc.getToken('https://management.core.windows.net//.default');
    aad.on((r) => (r.form.grant_type === 'client_credentials'
      ? { body: { token_type: 'Bearer', expires_in: 3599, access_token: 'ACCESS-TOKEN-2' } } : undefined));
    await new ClientSecretCredential(TENANT_ID, CLIENT_ID, 'CLIENT-SECRET-VALUE', { authorityHost: aad.base, allowInsecure: true, clock }).getToken('https://datalake.azure.net//.default');
    const all = lines.join('\n');
    assert.match(all, new RegExp(`info GET ${aad.base}/${TENANT_ID}/v2.0/.well-known/openid-configuration 200 \\d+ ms retries 0`));
    assert.match(all, new RegExp(`info POST ${aad.base}/${TENANT_ID}/oauth2/v2.0/devicecode 200 \\d+ ms retries 0`));
    assert.match(all, new RegExp(`info POST ${aad.base}/${TENANT_ID}/oauth2/v2.0/token 200 \\d+ ms retries 1`));
    assert.match(all, /verbose POST .*\/token: retry 1 of 3 after HTTP 429, in 1000 ms/);
    assert.ok(aad.requests.some((r) => r.form.client_secret === 'CLIENT-SECRET-VALUE') && aad.requests.some((r) => r.form.refresh_token === 'rt-1'));
    assertNoSecrets();
  });
});

describe('redaction and levels', () => {
  test('redactUrl: user info, fragments and unknown query values go; data plane and ARM parameters stay', () => {
    assert.equal(redactUrl('https://u:PASS-SECRET@h.example/p?op=OPEN&offset=4&length=8&x-ms-foo=1&sv=2&se=now#frag'),
      'https://h.example/p?op=OPEN&offset=4&length=8&x-ms-foo=REDACTED&sv=REDACTED&se=REDACTED');
    assert.equal(redactUrl('https://management.example/subscriptions/s?api-version=2016-11-01&%24skiptoken=abc&%24top=5'),
      'https://management.example/subscriptions/s?api-version=2016-11-01&%24skiptoken=REDACTED&%24top=5');
    assert.equal(redactUrl('not a url'), 'REDACTED');
  });

  test('ADLS_LOG_LEVEL sets the level at load; a bad value is reported, not fatal', () => {
    const probe = "import('adls-gen1').then((m) => console.log(String(m.getLogLevel())))";
    const run = (env: Record<string, string>) => spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '-e', probe], { env: { ...process.env, AZURE_LOG_LEVEL: '', ...env }, encoding: 'utf8' });
    assert.equal(run({ ADLS_LOG_LEVEL: 'info' }).stdout.trim(), 'info');
    assert.equal(run({ ADLS_LOG_LEVEL: 'warning', AZURE_LOG_LEVEL: 'verbose' }).stdout.trim(), 'warning');
    assert.equal(run({ AZURE_LOG_LEVEL: 'error' }).stdout.trim(), 'error');
    const bad = run({ ADLS_LOG_LEVEL: 'loud' });
    assert.equal(bad.status, 0);
    assert.equal(bad.stdout.trim(), 'undefined');
    assert.match(bad.stderr, /ADLS_LOG_LEVEL set to unknown log level 'loud'/);
    assert.equal(getLogLevel(), 'verbose');
  });
});
