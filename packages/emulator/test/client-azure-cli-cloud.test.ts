import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from './helpers.js';

/**
 * azure-cli (Debian `azure-cli`, unmodified) reads our cloud metadata: `az cloud register --endpoint-resource-manager`
 * (api-version 2015-01-01) and `ARM_CLOUD_METADATA_URL` (2019-05-01, with the Data Lake suffix).
 */

let t: TestEmulator;
let config: string;
before(async () => {
  t = await startTestEmulator();
  config = mkdtempSync(join(tmpdir(), 'adls-az-'));
});
after(async () => {
  await t.stop();
  rmSync(config, { recursive: true, force: true });
});

function az(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const ca = t.emu.info().caCertPath;
  return new Promise((resolve, reject) => {
    const child = spawn('az', args, {
      env: {
        ...process.env, AZURE_CONFIG_DIR: config, REQUESTS_CA_BUNDLE: ca, SSL_CERT_FILE: ca,
        AZURE_CORE_COLLECT_TELEMETRY: 'no', AZURE_CORE_NO_COLOR: 'true', ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

test('az cloud register --endpoint-resource-manager autodetects login, audience and graph', { timeout: 120_000 }, async () => {
  const base = `https://localhost:${t.emu.port}/`;
  const reg = await az(['cloud', 'register', '-n', 'AdlsEmu', '--endpoint-resource-manager', base]);
  assert.equal(reg.code, 0, reg.err);
  const show = await az(['cloud', 'show', '-n', 'AdlsEmu', '-o', 'json']);
  assert.equal(show.code, 0, show.err);
  const cloud = JSON.parse(show.out);
  assert.equal(cloud.endpoints.resourceManager, base);
  assert.equal(cloud.endpoints.activeDirectory, base);
  assert.equal(cloud.endpoints.activeDirectoryResourceId, 'https://management.core.windows.net/');
  assert.equal(cloud.endpoints.activeDirectoryGraphResourceId, 'https://graph.windows.net/');
});

test('ARM_CLOUD_METADATA_URL (2019-05-01): the whole cloud, Data Lake suffix and resource included', { timeout: 120_000 }, async () => {
  const base = `https://localhost:${t.emu.port}/`;
  const show = await az(['cloud', 'show', '-n', 'AdlsEmulator', '-o', 'json'],
    { ARM_CLOUD_METADATA_URL: `${base}metadata/endpoints?api-version=2019-05-01` });
  assert.equal(show.code, 0, show.err);
  const cloud = JSON.parse(show.out);
  assert.equal(cloud.endpoints.resourceManager, base);
  assert.equal(cloud.endpoints.activeDirectory, base);
  assert.equal(cloud.endpoints.activeDirectoryDataLakeResourceId, 'https://datalake.azure.net/');
  assert.equal(cloud.suffixes.azureDatalakeStoreFileSystemEndpoint, `adls.localhost:${t.emu.port}`);
});
