// What the server exposes and how it stores its state: /_emulator/info, file modes, operation scoping, SNI, CA serials.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { SEED } from 'adls-gen1-emulator';
import { certificateSerial, issuableServerName, LocalCa } from '../src/tls/ca.js';
import { startTestEmulator } from './helpers.js';
import { DLS, RES, startArm, SUB } from './management-helpers.js';

describe('/_emulator/info and the data folder', () => {
  test('without --test-api, /_emulator/info keeps an added user\'s password and TOTP secret private; the seeded, documented ones stay (stable interface)', async () => {
    const t = await startTestEmulator({ testApi: false });
    try {
      t.emu.core.directory.addUser({ upn: 'carol@adlsemulator.onmicrosoft.com', password: 'Carol-Secret-123!', mfa: true });
      const res = await t.fetch('/_emulator/info');
      assert.equal(res.status, 200);
      const text = await res.text();
      const info = JSON.parse(text);
      assert.equal(info.testApi, false);
      const carol = info.users.find((u: any) => u.username.startsWith('carol@'));
      assert.equal(carol.password, null);
      assert.equal(carol.totpSecret, undefined);
      assert.equal(carol.mfa, true);
      assert.ok(!text.includes('Carol-Secret-123!'));
      assert.ok(!text.includes(t.emu.core.directory.userByUpn('carol@adlsemulator.onmicrosoft.com')!.totpSecret!));
      const alice = info.users.find((u: any) => u.username === SEED.users[0].upn);
      assert.equal(alice.password, SEED.users[0].password);
      assert.equal(alice.totpSecret, SEED.users[0].totpSecret);
      // the in-process view (the CLI's banner) is whole
      assert.equal(t.emu.info().users.find((u) => u.username.startsWith('carol@'))!.password, 'Carol-Secret-123!');
    } finally {
      await t.stop();
    }
  });

  test('with --test-api, /_emulator/info carries the credentials test rigs sign in with', async () => {
    const t = await startTestEmulator({ testApi: true });
    try {
      const info = await (await t.fetch('/_emulator/info')).json() as any;
      assert.equal(info.servicePrincipal.clientSecret, SEED.confidentialClientSecret);
      assert.ok(info.users.some((u: any) => u.password === SEED.users[1].password));
    } finally {
      await t.stop();
    }
  });

  test('the database (password hashes, known passwords, TOTP secrets, refresh-token hashes) is owner-only (0600)', async () => {
    const old = process.umask(0o022);
    try {
      const t = await startTestEmulator();
      try {
        for (const f of ['emulator.sqlite', 'emulator.sqlite-wal']) {
          const mode = statSync(join(t.location, f)).mode & 0o777;
          assert.equal(mode, 0o600, `${f} has mode ${mode.toString(8)}`);
        }
      } finally {
        await t.stop();
      }
    } finally {
      process.umask(old);
    }
  });
});

describe('management: operation results stay inside their subscription', () => {
  test('an owner of another subscription cannot read this subscription\'s group or account operations', async () => {
    const t = await startArm({ lroMode: 'realistic' });
    try {
      // A second subscription, also owned by alice (so authorisation passes and only the scoping is tested).
      const SUB2 = '0f0f0f0f-1111-4222-8333-444455556666';
      t.emu.core.db.prepare('INSERT INTO subscriptions VALUES (?, ?, ?)').run(SUB2, SEED.tenantId, 'Other');
      t.emu.core.db.prepare('INSERT INTO subscription_owners VALUES (?, ?)').run(SUB2, SEED.users[0].oid);

      assert.equal((await t.call('PUT', `${t.groupPath('gone')}?api-version=${RES}`, { location: 'eastus2' })).status, 201);
      const del = await t.call('DELETE', `${t.groupPath('gone')}?api-version=${RES}`);
      assert.equal(del.status, 202);
      const loc = new URL(del.headers.get('location')!);
      assert.equal((await t.call('GET', loc.pathname + loc.search)).status, 200);
      const foreign = await t.call('GET', loc.pathname.replace(SUB, SUB2) + loc.search);
      assert.equal(foreign.status, 404);

      await t.call('PUT', `${t.groupPath('lro')}?api-version=${RES}`, { location: 'eastus2' });
      const created = await t.call('PUT', `${t.accountPath('lro', 'scopedlro')}?api-version=${DLS}`, { location: 'eastus2' });
      assert.equal(created.status, 201);
      const result = new URL(created.headers.get('location')!);
      assert.equal((await t.call('GET', result.pathname + result.search)).status, 202);
      // Same account name and sequence number under another subscription: not this operation.
      const other = await t.call('GET', result.pathname.replace(SUB, SUB2) + result.search);
      assert.equal(other.status, 204);
    } finally {
      await t.stop();
    }
  });
});

describe('TLS server names (SNI)', () => {
  /** The subject CN of the certificate the emulator presents for `servername`. */
  const presented = (port: number, ca: string, servername: string) => new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: false }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(String(Array.isArray(cn) ? cn[0] : cn));
    });
    socket.on('error', reject);
  });

  test('only the public host, loopback and plausible {account}.{suffix} names get their own certificate', async () => {
    assert.ok(issuableServerName('localhost', 'localhost', 'adls.localhost'));
    assert.ok(issuableServerName('MyHost.example', 'myhost.example', 'adls.localhost'));
    assert.ok(issuableServerName('acct01.adls.localhost', 'localhost', 'adls.localhost'));
    assert.ok(!issuableServerName('a.b.adls.localhost', 'localhost', 'adls.localhost'));
    assert.ok(!issuableServerName('under_score.adls.localhost', 'localhost', 'adls.localhost'));
    assert.ok(!issuableServerName(`${'a'.repeat(64)}.adls.localhost`, 'localhost', 'adls.localhost'));
    assert.ok(!issuableServerName('random-1234.example.com', 'localhost', 'adls.localhost'));

    const t = await startTestEmulator();
    try {
      const ca = t.emu.core.ca.caCertPem;
      assert.equal(await presented(t.emu.port, ca, 'acct7.adls.localhost'), 'acct7.adls.localhost');
      // Anything else gets the default certificate (no signing, nothing cached).
      const before = (t.emu.core.ca as unknown as { contexts: Map<string, unknown> }).contexts.size;
      assert.equal(await presented(t.emu.port, ca, 'random-name-4711.example.com'), 'localhost');
      assert.equal((t.emu.core.ca as unknown as { contexts: Map<string, unknown> }).contexts.size, before);
    } finally {
      await t.stop();
    }
  });
});

describe('certificate serial numbers', () => {
  /** A self-signed certificate with the given hex serial, as PEM (signed by a small throwaway key). */
  const selfSigned = (serialHex: string, keys: forge.pki.rsa.KeyPair) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serialHex;
    cert.validity.notBefore = new Date(Date.now() - 3600e3);
    cert.validity.notAfter = new Date(Date.now() + 3600e3);
    cert.setSubject([{ name: 'commonName', value: 'serial-test' }]);
    cert.setIssuer([{ name: 'commonName', value: 'serial-test' }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
  };

  test('every random draw gives a positive, minimally encoded DER INTEGER that OpenSSL accepts', () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
    // The draws that broke CI (a leading zero byte: 1 in 256) and the other edges of the byte range.
    for (const first of [0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xff]) {
      const random = Buffer.alloc(16, first === 0x00 ? 0x00 : 0x11);
      random[0] = first;
      const hex = certificateSerial(random);
      assert.equal(hex.length, 32);
      const lead = parseInt(hex.slice(0, 2), 16);
      assert.ok(lead >= 0x40 && lead <= 0x7f, `first byte ${hex.slice(0, 2)} for input ${first}`);
      const parsed = new X509Certificate(selfSigned(hex, keys));
      assert.equal(parsed.serialNumber.toLowerCase(), hex);
    }
    // The old rule (only the top bit cleared) could draw 00 00 0x..: node-forge strips one leading zero, not
    // both, and OpenSSL refuses the certificate with the error CI met once ("illegal padding").
    assert.throws(() => new X509Certificate(selfSigned('000011' + '22'.repeat(13), keys)), /illegal padding/);
  });

  test('a stored CA that OpenSSL refuses is replaced on start, a good one is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-ca-'));
    try {
      const first = new LocalCa(dir);
      const kept = new LocalCa(dir);
      assert.equal(kept.caCertPem, first.caCertPem);
      const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
      writeFileSync(first.caCertPath, selfSigned('000011' + '22'.repeat(13), keys));
      const repaired = new LocalCa(dir);
      assert.notEqual(repaired.caCertPem, first.caCertPem);
      assert.equal(readFileSync(repaired.caCertPath, 'utf8'), repaired.caCertPem);
      const ca = new X509Certificate(repaired.caCertPem);
      assert.ok(new X509Certificate(repaired.certificateFor('localhost')).verify(ca.publicKey));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
