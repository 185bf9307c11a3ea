// `adls emulator env [--proxy] [--shell …]`: what to paste so unmodified clients use the emulator, trusting its
// CA. The binary check needs `npm run build` first (like auth-cli.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from 'adls-gen1-emulator';
import { emulatorEnv, NO_PROXY_HOSTS, renderEnv } from '../src/commands/emulator-env.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import { CLI_MAIN } from './cli-process.js';

const INFO = { caCertPath: '/data/tls/ca.pem', caBundlePath: "/data/it's/ca-bundle.pem", proxyUrl: 'http://127.0.0.1:8080' };

describe('emulator env (in-process)', () => {
  test('direct: the CA for Node, the bundle (system roots + CA) for settings that replace a trust store; no proxy', () => {
    assert.deepEqual(emulatorEnv(INFO, false, 'https://localhost:8443'), [
      ['NODE_EXTRA_CA_CERTS', INFO.caCertPath], ['REQUESTS_CA_BUNDLE', INFO.caBundlePath], ['SSL_CERT_FILE', INFO.caBundlePath],
      ['CURL_CA_BUNDLE', INFO.caBundlePath]]);
  });

  test('--proxy adds HTTPS_PROXY and NO_PROXY for the local names; refused (2) when the emulator runs without a proxy', () => {
    const vars = new Map(emulatorEnv(INFO, true, 'https://localhost:8443'));
    assert.equal(vars.get('HTTPS_PROXY'), INFO.proxyUrl);
    assert.equal(vars.get('NO_PROXY'), NO_PROXY_HOSTS);
    assert.ok(![...vars.keys()].some((k) => /INSECURE|VERIFY|REJECT_UNAUTHORIZED/i.test(k)), 'never turns verification off');
    assert.throws(() => emulatorEnv({ ...INFO, proxyUrl: undefined }, true, 'https://localhost:8443'),
      (e: unknown) => exitCodeFor(e) === EXIT.BAD_INPUT && /--proxy-port/.test((e as Error).message));
  });

  test('each shell gets its syntax, with quotes escaped', () => {
    const v: [string, string][] = [['REQUESTS_CA_BUNDLE', INFO.caBundlePath]];
    assert.equal(renderEnv(v, 'bash'), "export REQUESTS_CA_BUNDLE='/data/it'\\''s/ca-bundle.pem'\n");
    assert.equal(renderEnv(v, 'fish'), "set -gx REQUESTS_CA_BUNDLE '/data/it\\'s/ca-bundle.pem'\n");
    assert.equal(renderEnv(v, 'powershell'), "$env:REQUESTS_CA_BUNDLE = '/data/it''s/ca-bundle.pem'\n");
  });
});

describe('adls emulator env (binary, against a running emulator with its proxy)', () => {
  let emu: Emulator;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'adls-env-'));
    emu = new Emulator({ location: dir, port: 0, proxyPort: 0 });
    await emu.start();
  });
  after(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('bash evaluates what it prints: the variables name the proxy, the CA and the bundle', async () => {
    const script = `eval "$(node ${JSON.stringify(CLI_MAIN)} --emulator ${emu.baseUrl} emulator env --proxy)" && `
      + 'printf "%s\\n" "$HTTPS_PROXY" "$NO_PROXY" "$NODE_EXTRA_CA_CERTS" "$REQUESTS_CA_BUNDLE" "$SSL_CERT_FILE"';
    // Asynchronously: the emulator answering the CLI runs in this process.
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ADLS_CA_FILE: emu.core.ca.caCertPath } });
    const r = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (b: Buffer) => { r.stdout += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { r.stderr += b.toString('utf8'); });
    r.status = await new Promise<number | null>((res) => child.on('close', res));
    assert.equal(r.status, 0, r.stderr);
    const [proxy, noProxy, nodeCa, requestsCa, sslCertFile] = r.stdout.trim().split('\n');
    assert.equal(proxy, `http://127.0.0.1:${emu.proxyPort}`);
    assert.equal(noProxy, NO_PROXY_HOSTS);
    assert.equal(readFileSync(nodeCa, 'utf8'), emu.core.ca.caCertPem);
    assert.equal(requestsCa, sslCertFile);
    assert.ok(readFileSync(requestsCa, 'utf8').endsWith(emu.core.ca.caCertPem));
  });
});

describe('adls emulator start: transparent-mode flags (binary)', () => {
  const run = (args: string[]) => new Promise<{ status: number | null; stderr: string }>((res) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'emulator', 'start', ...args]);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    child.on('close', (status) => res({ status, stderr }));
  });

  test('--proxy-host / --proxy-deny-other without --proxy-port, or a proxy with --insecure-http, are bad input (2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-env-flags-'));
    try {
      for (const args of [['--proxy-deny-other'], ['--proxy-host', '0.0.0.0'], ['--proxy-port', '0', '--insecure-http'], ['--proxy-port', '70000']]) {
        const r = await run(['--location', dir, '--port', '0', ...args]);
        assert.equal(r.status, EXIT.BAD_INPUT, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^adls: .*(--proxy-port|port)/m);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
