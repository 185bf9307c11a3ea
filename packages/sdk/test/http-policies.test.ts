// The pipeline as an ordered list of named policies: the default order, user policies at named positions,
// tracing hooks per send, and the one Retry-After rule.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpPipeline, InvalidArgumentError, retryAfterMs, retryDelay, type PipelinePolicy, type TokenCredential, type TracedRequest,
} from 'adls-gen1';

let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse, n: number) => void;
let hits = 0;
const seen: IncomingMessage['headers'][] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => handler(req, res, ++hits));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { hits = 0; seen.length = 0; handler = (_q, res) => res.end('{}'); });

const FAST = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };
const credential: TokenCredential = { getToken: async () => ({ token: 'tok', expiresOnTimestamp: Date.now() + 3600_000 }) };

/** A policy that records its name when a request passes through it. */
function marker(name: string, trail: string[]): PipelinePolicy {
  return { name, sendRequest: (req, next) => { trail.push(name); return next(req); } };
}

describe('policy order', () => {
  test('the default pipeline: request id, user agent, log, retry, bearer token, tracing', async () => {
    const p = new HttpPipeline({ credential, scopes: ['s'] });
    assert.deepEqual(p.policyNames(), ['requestId', 'userAgent', 'log', 'retry', 'bearerToken', 'tracing']);
    await p.close();
    const anonymous = new HttpPipeline();
    assert.deepEqual(anonymous.policyNames(), ['requestId', 'userAgent', 'log', 'retry', 'tracing']);
    await anonymous.close();
  });

  test('user policies go before/after a named policy or into a phase, and run in that order', async () => {
    const trail: string[] = [];
    const p = new HttpPipeline({
      credential, scopes: ['s'], retry: FAST,
      additionalPolicies: [{ policy: marker('perCall', trail) }, { policy: marker('perSend', trail), position: { phase: 'Sign' } }],
    });
    try {
      p.addPolicy(marker('first', trail), { beforePolicies: ['requestId'] });
      p.addPolicy(marker('afterRetry', trail), { afterPolicies: ['retry'] });
      p.addPolicy(marker('serialize', trail), { phase: 'Serialize' });
      p.addPolicy(marker('afterSerialize', trail), { afterPhase: 'Serialize' });
      assert.deepEqual(p.policyNames(), [
        'first', 'requestId', 'userAgent', 'serialize', 'afterSerialize', 'log', 'perCall', 'retry', 'afterRetry', 'bearerToken', 'tracing', 'perSend',
      ]);
      handler = (_q, res, n) => { res.statusCode = n === 1 ? 503 : 200; res.setHeader('retry-after', '0'); res.end('{}'); };
      const res = await p.send({ method: 'GET', url: `${base}/x`, bufferBody: true });
      assert.equal(res.status, 200);
      assert.equal(res.attempts, 2);
      // Per-call policies run once, per-send ones (inside retry) once per send.
      assert.deepEqual(trail, ['first', 'serialize', 'afterSerialize', 'perCall', 'afterRetry', 'perSend', 'afterRetry', 'perSend']);
    } finally { await p.close(); }
  });

  test('a policy can set headers (after the token, it sees what is sent); removePolicy takes one out', async () => {
    const p = new HttpPipeline({ credential, scopes: ['s'], userAgent: 'ua-test' });
    try {
      p.addPolicy({ name: 'tenantHeader', sendRequest: (req, next) => { req.headers['x-ms-test'] = 'yes'; return next(req); } }, { phase: 'Sign' });
      await (await p.send({ method: 'GET', url: `${base}/x`, bufferBody: true })).body.text();
      assert.equal(seen[0]['x-ms-test'], 'yes');
      assert.equal(seen[0].authorization, 'Bearer tok');
      assert.equal(seen[0]['user-agent'], 'ua-test');
      assert.match(String(seen[0]['x-ms-client-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(p.removePolicy('userAgent'), true);
      assert.equal(p.removePolicy('userAgent'), false);
      await (await p.send({ method: 'GET', url: `${base}/x`, bufferBody: true })).body.text();
      assert.notEqual(seen[1]['user-agent'], 'ua-test');
    } finally { await p.close(); }
  });

  test('bad positions are typed errors naming the problem', async () => {
    const p = new HttpPipeline();
    try {
      assert.throws(() => p.addPolicy(marker('x', []), { beforePolicies: ['nope'] }), (e: unknown) => e instanceof InvalidArgumentError && /no policy named 'nope'/.test(e.message));
      assert.throws(() => p.addPolicy(marker('log', [])), /already has a policy named 'log'/);
      assert.throws(() => p.addPolicy(marker('y', []), { phase: 'Sign', afterPolicies: ['log'] }), InvalidArgumentError);
    } finally { await p.close(); }
  });
});

describe('tracing hooks', () => {
  test('one span per send, with the redacted URL and the attempt, never headers', async () => {
    handler = (_q, res, n) => { res.statusCode = n === 1 ? 500 : 200; res.end('{}'); };
    const started: TracedRequest[] = [];
    const ended: unknown[] = [];
    const p = new HttpPipeline({
      retry: FAST,
      tracing: { start: (r) => { started.push(r); return started.length; }, end: (span, o) => ended.push([span, o.response?.status]) },
    });
    try {
      await (await p.send({ method: 'GET', url: `${base}/x?op=LISTSTATUS&sig=s3cr3t`, bufferBody: true })).body.text();
      assert.deepEqual(started.map((s) => s.attempt), [1, 2]);
      assert.equal(started[0].url, `${base}/x?op=LISTSTATUS&sig=REDACTED`);
      assert.equal(started[0].clientRequestId, started[1].clientRequestId, 'a retry keeps the client request id');
      assert.deepEqual(ended, [[1, 500], [2, 200]]);
      assert.deepEqual(Object.keys(started[0]).sort(), ['attempt', 'clientRequestId', 'method', 'url']);
    } finally { await p.close(); }
  });
});

describe('Retry-After: one rule', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('milliseconds headers first, then seconds or an HTTP date; garbage is no advice', () => {
    assert.equal(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now), 250);
    assert.equal(retryAfterMs({ 'x-ms-retry-after-ms': '40' }, now), 40);
    assert.equal(retryAfterMs({ 'retry-after': '7' }, now), 7000);
    assert.equal(retryAfterMs({ 'retry-after': ['3', '9'] }, now), 3000);
    assert.equal(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
    assert.equal(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now), 0);
    assert.equal(retryAfterMs({ 'retry-after': '0' }, now), 0);
    for (const bad of ['-1', '1.5', 'soon', '']) assert.equal(retryAfterMs({ 'retry-after': bad }, now), undefined, bad);
    assert.equal(retryAfterMs({}, now), undefined);
  });

  test('retry delays honour it, capped; without it, jittered exponential backoff', () => {
    const opts = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(retryDelay(1, opts, { 'retry-after': '30' }, now), 1000);
    assert.equal(retryDelay(1, opts, { 'retry-after': '0' }, now), 0);
    for (let i = 0; i < 20; i++) {
      const d = retryDelay(3, opts);
      assert.ok(d >= 200 && d <= 400, String(d));
    }
  });
});
