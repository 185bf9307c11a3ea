// How the CLI finds which CA to trust for an emulator URL: an explicit CA file alone, else the local data
// folder's CA and NODE_EXTRA_CA_CERTS, else (loopback only) trust on first use. Whether a CA "does not sign"
// the server is the SDK's CERTIFICATE_UNTRUSTED classification, not a list of TLS codes of the CLI's own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { discoverEmulator } from '../src/emulator-discovery.js';
import { CliError, EXIT } from '../src/exit.js';

describe('emulator discovery', () => {
  let t: TestEmulator;
  let dir: string;
  let otherCa: string;
  const saved = { location: process.env.ADLS_EMULATOR_LOCATION, extra: process.env.NODE_EXTRA_CA_CERTS };
  before(async () => {
    t = await startTestEmulator();
    dir = mkdtempSync(join(tmpdir(), 'adls-discovery-'));
    otherCa = join(dir, 'other-ca.pem');
    writeFileSync(otherCa, selfSignedCertificate({ commonName: 'some other CA' }).certPem);
    process.env.ADLS_EMULATOR_LOCATION = join(dir, 'no-emulator-here'); // no local data folder's CA
    delete process.env.NODE_EXTRA_CA_CERTS;
  });
  after(async () => {
    for (const [k, v] of [['ADLS_EMULATOR_LOCATION', saved.location], ['NODE_EXTRA_CA_CERTS', saved.extra]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("an explicit CA file that did not sign the server: refused, naming the file and Node's code", async () => {
    const e = await discoverEmulator(t.base, otherCa).catch((x: unknown) => x);
    assert.ok(e instanceof CliError, String(e));
    assert.match(e.message, new RegExp(`is not signed by the CA in ${otherCa.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([A-Z_]+\\)$`));
    assert.equal(e.exitCode, EXIT.FAILURE);
  });

  test('the right CA file: the emulator answers', async () => {
    const { info, caPem } = await discoverEmulator(t.base, t.emu.info().caCertPath);
    assert.equal(info.tenantId, t.emu.info().tenantId);
    assert.equal(caPem, t.emu.core.ca.caCertPem);
  });

  test('a wrong CA in NODE_EXTRA_CA_CERTS is passed over: a loopback emulator is pinned on first use', async () => {
    process.env.NODE_EXTRA_CA_CERTS = otherCa;
    try {
      const { info, caPem } = await discoverEmulator(t.base);
      assert.equal(info.tenantId, t.emu.info().tenantId);
      assert.equal(caPem.trim(), t.emu.core.ca.caCertPem.trim());
    } finally {
      delete process.env.NODE_EXTRA_CA_CERTS;
    }
  });

  test('nothing listening: says how to start one', async () => {
    const port = new URL(t.base).port;
    const closed = `https://127.0.0.1:${Number(port) === 1 ? 2 : 1}`;
    const e = await discoverEmulator(closed).catch((x: unknown) => x);
    assert.ok(e instanceof CliError, String(e));
    assert.match(e.message, /no emulator is listening at .*adls emulator start/);
  });
});
