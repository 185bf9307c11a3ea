// Regression tests of the fuzzing run: over-limit bodies, huge concat lists, credential hashing and lockout,
// bodies abandoned mid-way. None of them measures time: each asserts what is answered (or logged).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { SEED } from 'adls-gen1-emulator';
import { parseValuePaths } from '../src/datalake/paths.js';
import { Directory, hashSecret } from '../src/identity/directory.js';
import { openDatabase, migrate } from '../src/store/db.js';
import { directoryMigrations } from '../src/identity/directory.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST, startDataLake } from './datalake-support.js';
import { mintToken, type TestEmulator } from './helpers.js';
import { postForm, startIdentityEmulator, TENANT } from './identity-helpers.js';

const MiB = 1024 * 1024;

/** A raw request whose body the test writes itself (or abandons). Resolves with the answer, if one comes. */
function rawRequest(t: TestEmulator, o: { method: string; path: string; host?: string; headers: Record<string, string | number> }):
  { req: ClientRequest; answer: Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> } {
  const host = o.host ?? 'localhost';
  const req = request({
    host: '127.0.0.1', port: t.emu.port, servername: host, ca: t.emu.core.ca.caCertPem, method: o.method, path: o.path,
    headers: { host: `${host}:${t.emu.port}`, ...o.headers },
  });
  req.on('error', () => { /* the server may close while we still write: the answer is what counts */ });
  const answer = new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('close', () => setImmediate(() => reject(new Error('closed without an answer'))));
  });
  return { req, answer };
}

/** Writes `total` bytes in 64 KiB pieces, stopping quietly if the server closes the connection. */
async function writeBytes(req: ClientRequest, total: number): Promise<void> {
  const piece = Buffer.alloc(64 * 1024, 0x61);
  for (let sent = 0; sent < total && !req.destroyed; sent += piece.length) {
    if (!req.write(piece.subarray(0, Math.min(piece.length, total - sent)))) {
      await new Promise<void>((r) => {
        const done = () => { req.off('drain', done).off('close', done); r(); };
        req.on('drain', done).on('close', done);
      });
    }
  }
}

describe('over-limit bodies get an immediate 413 with the RemoteException', () => {
  test('MSCONCAT declaring a body over 8 MiB is answered before any of it is read, and the connection closes', async () => {
    const d = await startDataLake();
    try {
      const { req, answer } = rawRequest(d.t, {
        method: 'POST', path: '/webhdfs/v1/joined?op=MSCONCAT', host: HOST,
        headers: { authorization: `Bearer ${d.alice}`, 'content-type': 'application/json', 'content-length': 9 * MiB },
      });
      req.write('{"sources":['); // the rest never comes: only an answer that does not wait for it can arrive
      const a = await answer;
      assert.equal(a.status, 413);
      assert.equal(a.headers.connection, 'close');
      const body = JSON.parse(a.body);
      assert.equal(body.RemoteException.exception, 'IllegalArgumentException');
      assert.match(body.RemoteException.message, /MSCONCAT failed: the request body is larger than 8388608 bytes/);
      req.destroy();
    } finally {
      await d.stop();
    }
  });

  test('a chunked MSCONCAT body that grows past 8 MiB is refused as soon as it crosses the limit', async () => {
    const d = await startDataLake();
    try {
      const { req, answer } = rawRequest(d.t, {
        method: 'POST', path: '/webhdfs/v1/joined?op=MSCONCAT', host: HOST,
        headers: { authorization: `Bearer ${d.alice}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      void writeBytes(req, 9 * MiB); // never ended: the answer must come while the client is still sending
      const a = await answer;
      assert.equal(a.status, 413);
      assert.equal(JSON.parse(a.body).RemoteException.javaClassName, 'java.lang.IllegalArgumentException');
      req.destroy();
    } finally {
      await d.stop();
    }
  });

  test('an operation without a payload refuses a large declared body; file data (CREATE) has no such limit', async () => {
    const d = await startDataLake();
    try {
      const { req, answer } = rawRequest(d.t, {
        method: 'PUT', path: '/webhdfs/v1/dir?op=MKDIRS', host: HOST,
        headers: { authorization: `Bearer ${d.alice}`, 'content-length': MiB },
      });
      req.write('x');
      const a = await answer;
      assert.equal(a.status, 413);
      assert.match(JSON.parse(a.body).RemoteException.message, /^MKDIRS failed/);
      req.destroy();
      assert.equal((await d.call('GET', '/webhdfs/v1/dir?op=GETFILESTATUS')).status, 404, 'nothing was created');
      const big = Buffer.alloc(9 * MiB, 7);
      assert.equal((await d.call('PUT', '/webhdfs/v1/big.bin?op=CREATE&write=true', { body: big })).status, 201);
      assert.equal((await d.call('GET', '/webhdfs/v1/big.bin?op=GETFILESTATUS')).json.FileStatus.length, big.length);
    } finally {
      await d.stop();
    }
  });
});

describe('MSCONCAT source lists', () => {
  test('fails on the first missing source, naming it alone', async () => {
    const d = await startDataLake();
    try {
      assert.equal((await d.call('PUT', '/webhdfs/v1/c/a?op=CREATE&write=true', { body: 'aa' })).status, 201);
      const sources = ['/c/a', ...Array.from({ length: 5000 }, (_, i) => `/c/missing-${i}`)];
      const r = await d.call('POST', '/webhdfs/v1/c/joined?op=MSCONCAT', { body: JSON.stringify({ sources }) });
      assert.equal(r.status, 404);
      assert.equal(r.json.RemoteException.exception, 'FileNotFoundException');
      assert.match(r.json.RemoteException.message, /\/c\/missing-0\b/);
      assert.doesNotMatch(r.json.RemoteException.message, /missing-1\b/);
      assert.equal((await d.call('GET', '/webhdfs/v1/c/a?op=GETFILESTATUS')).json.FileStatus.length, 2, 'the source is untouched');
      assert.equal((await d.call('GET', '/webhdfs/v1/c/joined?op=GETFILESTATUS')).status, 404);
    } finally {
      await d.stop();
    }
  });

  test('a bad name anywhere in a long list is refused (400) before any lookup, even after missing sources', async () => {
    const d = await startDataLake();
    try {
      const sources = [...Array.from({ length: 4000 }, (_, i) => `/c/missing-${i}`), '/c/../etc/passwd'];
      const r = await d.call('POST', '/webhdfs/v1/c/joined?op=MSCONCAT', { body: JSON.stringify({ sources }) });
      assert.equal(r.status, 400);
      assert.equal(r.json.RemoteException.exception, 'IllegalArgumentException');
      assert.match(r.json.RemoteException.message, /Invalid path name: \/c\/\.\.\/etc\/passwd/);
    } finally {
      await d.stop();
    }
  });

  test('a long list is parsed a slice per event-loop turn: callbacks queued meanwhile run before it ends', async () => {
    let turned = false;
    setImmediate(() => { turned = true; });
    const parsed = parseValuePaths(Array.from({ length: 3000 }, (_, i) => `/a//b/./c${i}/`));
    assert.equal(turned, false);
    const paths = await parsed;
    assert.equal(turned, true);
    assert.equal(paths.length, 3000);
    assert.deepEqual(paths[2999], ['a', 'b', 'c2999']);
  });

  test('more sources than the documented cap (10,000) are refused before any lookup', async () => {
    const d = await startDataLake();
    try {
      const sources = Array.from({ length: 10_001 }, (_, i) => `/x/s${i}`);
      const r = await d.call('POST', '/webhdfs/v1/x/joined?op=MSCONCAT', { body: JSON.stringify({ sources }) });
      assert.equal(r.status, 400);
      assert.match(r.json.RemoteException.message, /at most 10000 source files in one request; 10001 were given/);
    } finally {
      await d.stop();
    }
  });
});

describe('password and client-secret hashing', () => {
  test('a secret check runs off the event loop: other callbacks run while it hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-hash-'));
    const db = openDatabase(dir);
    try {
      migrate(db, directoryMigrations);
      const directory = new Directory(db);
      directory.seedIfEmpty();
      assert.ok(hashSecret('x').startsWith('scrypt$'));
      for (const check of [
        () => directory.checkAppSecret(SEED.confidentialClientId, SEED.confidentialClientSecret),
        () => directory.checkPassword(SEED.users[1].upn, SEED.users[1].password),
      ]) {
        let turned = false;
        setImmediate(() => { turned = true; });
        const ok = await check();
        assert.ok(ok, 'the right secret is accepted');
        assert.equal(turned, true, 'the event loop turned while the hash was computed');
      }
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('wrong client secrets lock the app out (429 AADSTS90055 with Retry-After, even for the right secret) until the lockout ends', async () => {
    const { t, clock } = await startIdentityEmulator();
    try {
      const path = `/${TENANT}/oauth2/token`;
      const grant = (secret: string) => postForm(t, path, {
        grant_type: 'client_credentials', client_id: SEED.confidentialClientId, client_secret: secret, resource: 'https://management.core.windows.net/',
      });
      // A concurrent burst: checks of one app run one at a time, so exactly the threshold gets through to the hash.
      const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => grant(`wrong-${i}`)));
      const codes = burst.map((r) => r.body.error_codes?.[0]);
      assert.equal(codes.filter((c) => c === 7000215).length, 10);
      assert.equal(codes.filter((c) => c === 90055).length, 15);
      const locked = await grant(SEED.confidentialClientSecret);
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error, 'temporarily_unavailable');
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      clock.advance(61);
      const ok = await grant(SEED.confidentialClientSecret);
      assert.equal(ok.status, 200);
      assert.ok(ok.body.access_token);
    } finally {
      await t.stop();
    }
  });
});

describe('bodies abandoned mid-way are handled quietly on all three services', () => {
  test('Resource Manager PUT, token endpoint POST and data-plane MSCONCAT/APPEND: no warning, the server stays up', async () => {
    const d = await startDataLake();
    const warnings: string[] = [];
    d.t.emu.core.log.warn = (m) => void warnings.push(m);
    try {
      assert.equal((await d.call('PUT', '/webhdfs/v1/ab/f?op=CREATE&write=true', { body: 'x' })).status, 201);
      const arm = await mintToken(d.t.emu, { audience: 'https://management.core.windows.net/' });
      const cases: { method: string; path: string; host?: string; headers: Record<string, string> }[] = [
        { method: 'PUT', path: `/subscriptions/${SEED.subscriptionId}/resourcegroups/abandoned?api-version=2022-09-01`, headers: { authorization: `Bearer ${arm}`, 'content-type': 'application/json' } },
        { method: 'POST', path: `/${TENANT}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        { method: 'POST', path: '/webhdfs/v1/ab/j?op=MSCONCAT', host: HOST, headers: { authorization: `Bearer ${d.alice}` } },
        { method: 'POST', path: '/webhdfs/v1/ab/f?op=APPEND&append=true&offset=1', host: HOST, headers: { authorization: `Bearer ${d.alice}` } },
      ];
      for (const c of cases) {
        const { req, answer } = rawRequest(d.t, { ...c, headers: { ...c.headers, 'content-length': 100_000 } });
        answer.catch(() => undefined);
        req.write('{"location": "eastus2", ');
        await new Promise((r) => setTimeout(r, 50)); // let the server start reading the body
        req.destroy();
      }
      // Up to 20 s: on a loaded machine the abandoned requests can take seconds to notice the closed sockets.
      for (let i = 0; i < 2000 && d.t.emu.requestsInFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(d.t.emu.requestsInFlight, 0);
      assert.deepEqual(warnings, []);
      assert.equal((await d.call('GET', '/webhdfs/v1/ab/f?op=GETFILESTATUS')).json.FileStatus.length, 1, 'the abandoned append committed nothing');
    } finally {
      await d.stop();
    }
  });
});
