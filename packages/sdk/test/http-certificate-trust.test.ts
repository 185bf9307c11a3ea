// A server certificate the SDK does not trust (the emulator's CA not installed) is a typed
// CERTIFICATE_UNTRUSTED error whose one-line message names the fix, not a raw TLS stack.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdlsError, CertificateError, DataLakeFileSystemClient, HttpPipeline, type TokenCredential } from 'adls-gen1';
import { selfSignedCertificate } from 'adls-gen1-test-support';

const credential: TokenCredential = { getToken: async () => ({ token: 'tok', expiresOnTimestamp: Date.now() + 3600_000 }) };

describe('untrusted server certificate', () => {
  let server: Server;
  let origin: string;
  let tls: { cert: string; key: string };
  let requests = 0;
  before(async () => {
    // Its own CA, as a fresh emulator CA is to a machine that never saw it.
    const { certPem, keyPem } = selfSignedCertificate({ commonName: 'adls test server', ipAddresses: ['127.0.0.1'] });
    tls = { cert: certPem, key: keyPem };
    server = createServer(tls, (req, res) => { requests++; req.resume(); res.end('{"FileStatus":{"type":"FILE","length":0,"pathSuffix":""}}'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  test('CERTIFICATE_UNTRUSTED with the fix in one line, the TLS error as cause, not retried', async () => {
    const p = new HttpPipeline({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const err = await p.send({ method: 'GET', url: `${origin}/x` }).catch((e) => e);
      assert.ok(err instanceof CertificateError, String(err));
      assert.ok(err instanceof AdlsError);
      assert.equal(err.code, 'CERTIFICATE_UNTRUSTED');
      assert.match(err.message, /^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
      assert.match(err.message, /NODE_EXTRA_CA_CERTS=~\/\.adls-gen1\/emulator\/tls\/ca\.pem/);
      assert.ok(err.message.includes(`${origin}/_emulator/ca.pem`));
      assert.doesNotMatch(err.message, /\n/);
      assert.match(String((err.cause as { code?: string }).code), /CERT|SIGNATURE/);
      assert.equal(requests, 0);
    } finally { await p.close(); }
  });

  test('clients surface the same error; trusting the CA (the `ca` option) fixes it', async () => {
    const untrusting = new DataLakeFileSystemClient(origin, credential);
    try {
      await assert.rejects(untrusting.stat('/f'), (e: unknown) => e instanceof AdlsError && e.code === 'CERTIFICATE_UNTRUSTED');
    } finally { await untrusting.close(); }
    const trusting = new DataLakeFileSystemClient(origin, credential, { ca: tls.cert });
    try {
      assert.equal((await trusting.stat('/f')).type, 'FILE');
    } finally { await trusting.close(); }
  });

  test('trust contexts are shared per CA, never across CAs: a client trusting another CA is still refused', async () => {
    // The TLS context is built once per distinct `ca` and reused (parsing the root store per connection costs ~30 ms).
    const other = { cert: selfSignedCertificate({ commonName: 'another CA', ipAddresses: ['127.0.0.1'] }).certPem };
    const clients = [
      new DataLakeFileSystemClient(origin, credential, { ca: tls.cert }),
      new DataLakeFileSystemClient(origin, credential, { ca: other.cert }),
      new DataLakeFileSystemClient(origin, credential, { ca: tls.cert, connections: 4 }),
    ];
    try {
      assert.equal((await clients[0].stat('/f')).type, 'FILE');
      await assert.rejects(clients[1].stat('/f'), (e: unknown) => e instanceof AdlsError && e.code === 'CERTIFICATE_UNTRUSTED');
      const many = await Promise.all(Array.from({ length: 6 }, () => clients[2].stat('/f')));
      assert.deepEqual(many.map((s) => s.type), Array(6).fill('FILE'));
    } finally { await Promise.all(clients.map((c) => c.close())); }
  });
});
