// Sized request bodies (a stream opened afresh per attempt, with a known length) against a tiny scripted
// server: they go out with their Content-Length, a retry opens them again, and a body that fails on this side
// fails the request with its own error, without retries.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { HttpPipeline, IntegrityError, type SizedBody } from 'adls-gen1';

interface Seen { contentLength?: string; transferEncoding?: string; bytes: Buffer }

let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: (n: number, res: ServerResponse) => void;

before(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push({ contentLength: req.headers['content-length'], transferEncoding: req.headers['transfer-encoding'], bytes: Buffer.concat(parts) });
      answer(seen.length, res);
    });
    req.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { seen = []; });

const FAST = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** A sized body over `data`, in pieces of 1000 bytes, counting how often it is opened. */
function sized(data: Buffer, failAfter?: number): SizedBody & { opens: number } {
  const body = {
    length: data.length,
    opens: 0,
    failure: undefined as Error | undefined,
    open() {
      body.opens++;
      return Readable.from((function* () {
        for (let i = 0; i < data.length; i += 1000) {
          if (failAfter !== undefined && i >= failAfter) {
            body.failure = new IntegrityError('the source ended early');
            throw body.failure;
          }
          yield data.subarray(i, i + 1000);
        }
      })(), { objectMode: false });
    },
  };
  return body;
}

describe('sized request bodies', () => {
  test('go out with their Content-Length, and a retried request opens the body again', async () => {
    answer = (n, res) => { res.writeHead(n === 1 ? 503 : 200); res.end(); };
    const data = Buffer.alloc(10_500, 7);
    data.write('start', 0);
    const body = sized(data);
    const p = new HttpPipeline({ retry: FAST });
    try {
      const res = await p.send({ method: 'PUT', url: `${base}/x`, body, bufferBody: true });
      assert.equal(res.status, 200);
    } finally {
      await p.close();
    }
    assert.equal(body.opens, 2);
    assert.equal(seen.length, 2);
    for (const s of seen) {
      assert.equal(s.contentLength, '10500');
      assert.equal(s.transferEncoding, undefined, 'not chunked');
      assert.ok(s.bytes.equals(data), 'the whole body each time');
    }
  });

  test('a body that fails on this side fails the request with its own error, not retried', async () => {
    answer = (_n, res) => { res.writeHead(200); res.end(); };
    const body = sized(Buffer.alloc(50_000, 1), 20_000);
    const p = new HttpPipeline({ retry: FAST });
    try {
      await assert.rejects(p.send({ method: 'PUT', url: `${base}/y`, body, bufferBody: true }), (e) => e instanceof IntegrityError && /ended early/.test(e.message));
    } finally {
      await p.close();
    }
    assert.equal(body.opens, 1, 'a local failure is not a connection fault: no second attempt');
    assert.equal(seen.length, 0, 'the server never got a whole request');
  });
});
