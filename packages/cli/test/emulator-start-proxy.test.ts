// `adls emulator start --proxy-port 0 --proxy-deny-other --json`, the built binary as a user runs it: its JSON
// names the proxy, which serves the impersonated names (TLS with the emulator's CA) and refuses every other host;
// SIGTERM stops it cleanly. Needs `npm run build` first (like auth-cli.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { CLI_MAIN } from './cli-process.js';

/** CONNECT host:443 through the proxy: the proxy's status and, when it accepted, the open tunnel. */
function connectThrough(proxyUrl: string, host: string): Promise<{ status: number; socket: Socket }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:443`, headers: { Host: `${host}:443` } });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('error', reject);
    req.end();
  });
}

/** The subject names of the certificate met in the tunnel, trusting only `ca`. */
function certificateNames(socket: Socket, host: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket, servername: host, ca }, () => {
      const names = tls.getPeerCertificate().subjectaltname ?? '';
      tls.end();
      resolve(names);
    });
    tls.on('error', reject);
  });
}

test('emulator start --proxy-port 0 --proxy-deny-other --json: example.com refused (403), login.microsoftonline.com served (200), SIGTERM stops it', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'adls-start-proxy-'));
  const child = spawn(process.execPath, [CLI_MAIN, 'emulator', 'start', '--location', dir, '--port', '0', '--proxy-port', '0', '--proxy-deny-other', '--json'],
    { env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
  const exited = new Promise<number | null>((res) => child.on('close', res));
  try {
    // The JSON document is printed once, after the listeners are up.
    const info = await new Promise<{ proxyUrl?: string; caCertPath: string }>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString('utf8');
        try { resolve(JSON.parse(stdout)); } catch { /* not complete yet */ }
      });
      void exited.then((code) => reject(new Error(`exited ${code} before printing its JSON: ${stderr}`)));
    });
    assert.match(String(info.proxyUrl), /^http:\/\/127\.0\.0\.1:\d+$/, 'the proxy listens on loopback');

    const other = await connectThrough(info.proxyUrl!, 'example.com');
    other.socket.destroy();
    assert.equal(other.status, 403, 'a host the emulator does not impersonate is refused');

    const login = await connectThrough(info.proxyUrl!, 'login.microsoftonline.com');
    assert.equal(login.status, 200);
    assert.match(await certificateNames(login.socket, 'login.microsoftonline.com', readFileSync(info.caCertPath, 'utf8')),
      /DNS:login\.microsoftonline\.com/, 'served with a certificate for that name from the emulator CA');
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /stopping emulator/);
  }
});
