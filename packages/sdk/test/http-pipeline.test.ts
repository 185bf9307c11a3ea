// The shared HTTP pipeline against a tiny scripted server: replies cut mid-body, claims challenges (identity
// spec §7), refused tokens never echoed into errors, and AbortSignal listeners under concurrency.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AbortError, AdlsError, AuthenticationError, DataLakeFileSystemClient, HttpPipeline, TokenCycler, type GetTokenOptions, type TokenCredential,
} from 'adls-gen1';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server;
let base: string;
let handler: Handler;
let hits = 0;
const seenAuth: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    seenAuth.push(String(req.headers.authorization ?? ''));
    req.resume();
    req.on('end', () => handler(req, res, ++hits));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { hits = 0; seenAuth.length = 0; });

const FAST = { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 5 };

/** Headers and half the JSON body, then the connection is destroyed. */
function cutMidBody(res: ServerResponse, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
  res.write(payload.subarray(0, payload.length >> 1));
  res.flushHeaders();
  setImmediate(() => res.socket?.destroy());
}

const MFA_CLAIMS = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';
const CHALLENGE = `Bearer authorization_uri="https://login.example/tenant", error="insufficient_claims", error_description="Multi-factor authentication is required.", claims="${Buffer.from(MFA_CLAIMS).toString('base64')}"`;

/** A credential recording its calls: 'plain-token' normally, 'mfa-token' when asked with the MFA claims (if `honoursClaims`). */
function recordingCredential(honoursClaims = true): TokenCredential & { calls: GetTokenOptions[] } {
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    async getToken(_scopes, options = {}) {
      calls.push(options);
      const token = honoursClaims && options.claims === MFA_CLAIMS ? 'mfa-token' : 'plain-token';
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

/** A WebHDFS-shaped 401 (SecurityException body) with the given challenge. */
function refuse(res: ServerResponse, challenge: string): void {
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': challenge, 'x-ms-request-id': 'req-401' });
  res.end(JSON.stringify({ RemoteException: { exception: 'SecurityException', message: 'Unauthorized', javaClassName: 'java.lang.SecurityException' } }));
}

describe('replies cut after the headers', () => {
  test('an idempotent request with bufferBody is retried until the whole body arrives', async () => {
    handler = (_req, res, n) => (n < 3 ? cutMidBody(res, { FileStatus: { length: 42, padding: 'x'.repeat(2000) } }) : res.end('{"ok":true}'));
    const p = new HttpPipeline({ retry: FAST });
    try {
      const res = await p.send({ method: 'GET', url: `${base}/x`, bufferBody: true });
      assert.deepEqual(await res.body.json(), { ok: true });
      assert.equal(res.attempts, 3);
      assert.equal(hits, 3);
    } finally { await p.close(); }
  });

  test('a non-idempotent request is not replayed: a typed CONNECTION error', async () => {
    handler = (_req, res) => cutMidBody(res, { boolean: true, padding: 'x'.repeat(2000) });
    const p = new HttpPipeline({ retry: FAST });
    try {
      const err = await p.send({ method: 'POST', url: `${base}/x`, body: 'data', bufferBody: true }).catch((e) => e);
      assert.ok(err instanceof AdlsError && err.code === 'CONNECTION', String(err));
      assert.equal(hits, 1);
    } finally { await p.close(); }
  });

  test('filesystem DELETE whose reply was cut finds its own earlier work done', async () => {
    let exists = true;
    handler = (req, res, n) => {
      const op = new URL(req.url!, base).searchParams.get('op');
      if (op === 'DELETE') {
        const had = exists;
        exists = false;
        if (n === 1) return cutMidBody(res, { boolean: had, padding: 'x'.repeat(2000) });
        return res.end(JSON.stringify({ boolean: had }));
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ RemoteException: { exception: 'FileNotFoundException', message: 'gone', javaClassName: 'x' } }));
    };
    const fs = new DataLakeFileSystemClient(base, recordingCredential(), { retry: FAST });
    try {
      await fs.rm('/a/b');
      assert.equal(hits, 3, 'DELETE cut, DELETE answered false, GETFILESTATUS 404');
    } finally { await fs.close(); }
  });
});

describe('401 challenges', () => {
  test('insufficient_claims: getToken is called once with the decoded claims, and the request retried', async () => {
    handler = (req, res) => (req.headers.authorization === 'Bearer mfa-token' ? res.end('{"ok":true}') : refuse(res, CHALLENGE));
    const cred = recordingCredential();
    const p = new HttpPipeline({ credential: cred, scopes: ['https://datalake.azure.net//.default'], retry: FAST });
    try {
      const res = await p.send({ method: 'GET', url: `${base}/x`, bufferBody: true });
      assert.equal(res.status, 200);
      assert.deepEqual(seenAuth, ['Bearer plain-token', 'Bearer mfa-token']);
      assert.deepEqual(cred.calls.map((c) => c.claims), [undefined, MFA_CLAIMS]);
      // the claims token is kept for later requests
      await (await p.send({ method: 'GET', url: `${base}/y` })).body.dump!();
      assert.equal(seenAuth.at(-1), 'Bearer mfa-token');
    } finally { await p.close(); }
  });

  test('an unsatisfied claims challenge surfaces AUTH_CLAIMS_CHALLENGE with the challenge, after one claims attempt', async () => {
    handler = (_req, res) => refuse(res, CHALLENGE);
    const cred = recordingCredential(false);
    const fs = new DataLakeFileSystemClient(base, cred, { retry: FAST });
    try {
      const err = await fs.stat('/p').catch((e) => e);
      assert.ok(err instanceof AuthenticationError, String(err));
      assert.equal(err.code, 'AUTH_CLAIMS_CHALLENGE');
      assert.equal(err.status, 401);
      assert.equal(err.challenge?.error, 'insufficient_claims');
      assert.equal(err.challenge?.errorDescription, 'Multi-factor authentication is required.');
      assert.equal(err.challenge?.claims, MFA_CLAIMS);
      assert.match(err.message, /Multi-factor authentication is required/);
      assert.doesNotMatch(err.message + String(err.stack), /plain-token/);
      assert.equal(hits, 2);
      assert.equal(cred.calls.filter((c) => c.claims === MFA_CLAIMS).length, 1);
    } finally { await fs.close(); }
  });

  test('invalid_token: one forced refresh, then AUTH_REJECTED carrying error and error_description, never the token', async () => {
    handler = (_req, res) => refuse(res, 'Bearer authorization_uri="https://login.example/t", error="invalid_token", error_description="The access token has expired."');
    const cred = recordingCredential();
    const fs = new DataLakeFileSystemClient(base, cred, { retry: FAST });
    try {
      const err = await fs.ls('/p').catch((e) => e);
      assert.ok(err instanceof AuthenticationError, String(err));
      assert.equal(err.code, 'AUTH_REJECTED');
      assert.equal(err.challenge?.error, 'invalid_token');
      assert.equal(err.challenge?.errorDescription, 'The access token has expired.');
      assert.match(err.message, /The access token has expired\./);
      assert.doesNotMatch(JSON.stringify({ ...err, message: err.message, stack: err.stack }), /plain-token/);
      assert.equal(hits, 2);
      assert.equal(cred.calls.length, 2);
      assert.equal((cred.calls[1] as { forceRefresh?: boolean }).forceRefresh, true);
    } finally { await fs.close(); }
  });
});

describe('AbortSignal handling', () => {
  test('many concurrent requests on one signal: no MaxListeners warning, no listener left behind', async () => {
    handler = (_req, res) => setTimeout(() => res.end('{"ok":true}'), 20);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const ac = new AbortController();
    const fs = new DataLakeFileSystemClient(base, recordingCredential(), { retry: FAST, connections: 64 });
    try {
      handler = (_req, res) => setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"FileStatus":{"length":1,"type":"FILE","pathSuffix":""}}'); }, 20);
      await Promise.all(Array.from({ length: 40 }, (_, i) => fs.stat(`/f${i}`, { abortSignal: ac.signal })));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.map((w) => w.name), []);
      assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
    } finally {
      process.off('warning', onWarning);
      await fs.close();
    }
  });

  test('aborting in flight gives AbortError and leaves no listener', async () => {
    handler = () => { /* never answers */ };
    const ac = new AbortController();
    const fs = new DataLakeFileSystemClient(base, recordingCredential(), { retry: FAST });
    try {
      const pending = fs.stat('/slow', { abortSignal: ac.signal });
      setTimeout(() => ac.abort(), 30);
      await assert.rejects(pending, AbortError);
      assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
    } finally { await fs.close(); }
  });

  test('the shared token refresh is not tied to the signal of the request that started it', async () => {
    const started: { signal?: GetTokenOptions['abortSignal']; release(): void }[] = [];
    const credential: TokenCredential = {
      getToken: (_scopes, options = {}) => new Promise((resolve, reject) => {
        options.abortSignal?.addEventListener('abort', () => reject(new AbortError()));
        started.push({ signal: options.abortSignal, release: () => resolve({ token: `tok${started.length}`, expiresOnTimestamp: Date.now() + 3600_000 }) });
      }),
    };
    const cycler = new TokenCycler(credential, ['https://datalake.azure.net//.default']);
    const first = new AbortController();
    const a = cycler.token({ abortSignal: first.signal });
    const b = cycler.token({ abortSignal: new AbortController().signal });
    const c = cycler.token();
    await new Promise((r) => setImmediate(r));
    assert.equal(started.length, 1, 'one refresh shared by all three');
    first.abort();
    await assert.rejects(a, AbortError);
    assert.equal(started[0].signal?.aborted, false, 'the others still wait for it');
    started[0].release();
    assert.deepEqual(await Promise.all([b, c]), ['tok1', 'tok1']);

    // When every waiter gives up, the refresh itself is cancelled.
    const fresh = new TokenCycler(credential, ['https://datalake.azure.net//.default']);
    const x = new AbortController();
    const y = new AbortController();
    const waiting = [fresh.token({ abortSignal: x.signal }), fresh.token({ abortSignal: y.signal })];
    await new Promise((r) => setImmediate(r));
    x.abort();
    y.abort();
    for (const w of waiting) await assert.rejects(w, AbortError);
    assert.equal(started[1].signal?.aborted, true);
  });
});
