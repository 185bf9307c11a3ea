import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { Emulator } from 'adls-gen1-emulator';

function handshake(port: number, ca: string, servername?: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername, rejectUnauthorized: true,
      checkServerIdentity: () => undefined }, () => {
      const cert = s.getPeerCertificate();
      s.end();
      resolve(cert);
    });
    s.on('error', reject);
  });
}

test('TLS: a certificate per SNI host name, signed by the local CA; loopback IPs without SNI', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-emu-tls-'));
  const emu = new Emulator({ location, port: 0 });
  await emu.start();
  try {
    const ca = emu.core.ca.caCertPem;
    const acct = await handshake(emu.port, ca, 'myacct.adls.localhost');
    assert.match(acct.subjectaltname ?? '', /DNS:myacct\.adls\.localhost/);
    const other = await handshake(emu.port, ca, 'localhost');
    assert.match(other.subjectaltname ?? '', /DNS:localhost/);
    const bare = await handshake(emu.port, ca);
    assert.match(bare.subjectaltname ?? '', /IP Address:127\.0\.0\.1/);
    // A client that does not trust the CA is refused (not hung).
    await assert.rejects(
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: emu.port, servername: 'localhost' }, () => resolve(s.end()));
        s.on('error', reject);
      }),
      /self[- ]signed|unable to (get|verify)/i,
    );
  } finally {
    await emu.stop();
    rmSync(location, { recursive: true, force: true });
  }
});

test('the CA, the signing keys and the directory persist across restarts; private keys are 0600', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-emu-persist-'));
  try {
    const first = new Emulator({ location, port: 0 });
    const ca1 = first.core.ca.caCertPem;
    const kid1 = first.core.keys.current.kid;
    const added = first.core.directory.addUser({ upn: 'carol@adlsemulator.onmicrosoft.com', password: 'Carol-Passw0rd!' });
    await first.start();
    await first.stop();

    const second = new Emulator({ location, port: 0 });
    assert.equal(second.core.ca.caCertPem, ca1);
    assert.equal(second.core.keys.current.kid, kid1);
    assert.equal(second.core.directory.userByUpn('carol@adlsemulator.onmicrosoft.com')?.oid, added.oid);
    assert.equal(second.core.directory.listUsers().length, 3, 'seed is not applied twice');
    await second.start();
    await second.stop();

    for (const f of ['tls/ca-key.pem', 'tls/leaf-key.pem', 'keys/signing-current-key.pem']) {
      assert.equal(statSync(join(location, f)).mode & 0o777, 0o600, f);
    }
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});

test('a malformed request line gets 400 and does not crash the server', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-emu-404-'));
  const emu = new Emulator({ location, port: 0 });
  await emu.start();
  try {
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: emu.port, ca: emu.core.ca.caCertPem, servername: 'localhost' }, () => {
        s.write('GARBAGE \x01\x02 HTTP/9.9\r\n\r\n');
      });
      let buf = '';
      s.on('data', (d) => { buf += d.toString(); });
      s.on('end', () => resolve(buf));
      s.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400/);
    const info = await handshake(emu.port, emu.core.ca.caCertPem, 'localhost');
    assert.ok(info.subject, 'server still accepts connections');
  } finally {
    await emu.stop();
    rmSync(location, { recursive: true, force: true });
  }
});
