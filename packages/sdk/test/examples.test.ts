// Runs every example in examples/ against an in-process emulator, as a user would run them
// (a separate node process with NODE_EXTRA_CA_CERTS), approving device codes as the MFA user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function spawnExample(t: TestEmulator, file: string, env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', `examples/${file}`], {
    cwd: root,
    env: { ...env, ADLS_EMULATOR: t.base },
  });
}

async function runExample(t: TestEmulator, file: string): Promise<string> {
  const alice = t.emu.info().users.find((u) => u.mfa)!;
  const child = spawnExample(t, file, { ...process.env, NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath });
  let out = '';
  const approved = new Set<string>();
  child.stderr.on('data', (d) => { out += d; });
  // A failed approval fails the example (instead of an unhandled rejection in the stream listener).
  let approvalError: unknown;
  const approveNewCodes = async () => {
    for (const m of out.matchAll(/enter the code ([A-Z0-9]{8,9})/g)) {
      if (approved.has(m[1])) continue;
      approved.add(m[1]);
      const res = await t.fetch('/_emulator/device/approve', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_code: m[1], username: alice.username }),
      });
      assert.equal(res.status, 200);
    }
  };
  child.stdout.on('data', (d) => {
    out += d;
    approveNewCodes().catch((e) => { approvalError ??= e; child.kill(); });
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (approvalError) throw approvalError as Error;
  assert.equal(code, 0, out);
  return out;
}

test('README examples run against the emulator', { timeout: 180_000 }, async (s) => {
  const t = await startTestEmulator();
  try {
    await s.test('device-code-filesystem.ts', async () => {
      const out = await runExample(t, 'device-code-filesystem.ts');
      assert.match(out, /FILE 17 \/mysampledirectory\/hello\.txt/);
      assert.match(out, /head: hello/);
    });
    await s.test('azure-identity-interop.ts', async () => {
      const out = await runExample(t, 'azure-identity-interop.ts');
      assert.match(out, /account adlsemulator eastus2/);
      assert.match(out, /root owner /);
    });
    await s.test('without NODE_EXTRA_CA_CERTS: one line naming the CA file and the fix, exit 1, no stack', async () => {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      for (const file of ['device-code-filesystem.ts', 'azure-identity-interop.ts', 'parallel-transfer.ts']) {
        const child = spawnExample(t, file, env);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        assert.equal(code, 1, `${file}: ${stdout}${stderr}`);
        assert.equal(stdout, '', file);
        const lines = stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${file}: ${stderr}`);
        assert.match(lines[0], /^The TLS certificate of https:\/\/[^ ]+ is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)/);
        assert.match(lines[0], /NODE_EXTRA_CA_CERTS=~\/\.adls-gen1\/emulator\/tls\/ca\.pem/);
        assert.doesNotMatch(stderr, /\n\s+at /);
      }
    });
    await s.test('parallel-transfer.ts', async () => {
      const out = await runExample(t, 'parallel-transfer.ts');
      assert.match(out, /uploaded 12582912 B at [\d.]+ MB\/s, downloaded 12582912 B \(checksum verified\)/);
    });
  } finally {
    await t.stop();
  }
});
