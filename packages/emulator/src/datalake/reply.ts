import { createReadStream, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestContext } from '../http/context.js';
import { type RemoteError, serviceTimestamp } from './remote-error.js';

const WEBHDFS_VERSION = '17.04.24.00';

/**
 * Writes data-plane answers with the service's headers (x-ms-request-id, x-ms-webhdfs-version, Status,
 * no-cache). When a "drop" fault is armed, the answer is cut: part of the body goes out, then the socket is
 * destroyed (an empty answer is not sent at all: the operation happened but the client never hears of it).
 */
export class Reply {
  drop = false;

  constructor(private readonly ctx: RequestContext, private readonly ext: boolean, private readonly now: () => number) {}

  /** Response headers as a flat [name, value, ...] list (cheaper for Node than an object on this hot path). */
  private headers(statusCode: string | undefined, extra: Record<string, string | number>): (string | number)[] {
    const h: (string | number)[] = [
      'x-ms-request-id', this.ctx.requestId,
      'Cache-Control', 'no-cache, no-cache, no-store, max-age=0',
      'Expires', '-1',
      'Pragma', 'no-cache',
      'X-Content-Type-Options', 'nosniff',
    ];
    // The recorded /webhdfsext/ answers carry neither header (filesystem-api §3.2).
    if (!this.ext) h.push('x-ms-webhdfs-version', WEBHDFS_VERSION, 'Status', statusCode ?? '0x0');
    for (const k in extra) h.push(k, String(extra[k]));
    return h;
  }

  json(status: number, body: unknown, statusCode?: string, extra: Record<string, string | number> = {}): void {
    const payload = Buffer.from(JSON.stringify(body));
    const res = this.ctx.res;
    res.writeHead(status, this.headers(statusCode, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length, ...extra }));
    if (this.drop) {
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      setImmediate(() => this.ctx.req.socket.destroy());
      return;
    }
    res.end(payload);
  }

  /** Empty body, no Content-Type: a JSON label on an empty body breaks the Python client (§3.1). */
  empty(status: number, extra: Record<string, string | number> = {}): void {
    if (this.drop) return void this.ctx.req.socket.destroy();
    this.ctx.res.writeHead(status, this.headers(undefined, { 'Content-Length': 0, ...extra }));
    this.ctx.res.end();
  }

  error(e: RemoteError): void {
    const res = this.ctx.res;
    if (res.headersSent || res.destroyed) return void this.ctx.req.socket.destroy();
    const message = `${e.message} [${this.ctx.requestId}][${serviceTimestamp(this.now())}]`;
    const body = { RemoteException: { exception: e.exception, message, javaClassName: e.javaClassName } };
    const drop = this.drop;
    this.drop = false;
    this.json(e.status, body, e.statusCode, e.headers);
    this.drop = drop;
  }

  /**
   * OPEN: raw bytes from already opened blob ranges, streamed with backpressure (chunked). Every fd is closed
   * exactly once: a range handed to a read stream belongs to that stream (it closes the fd when it ends or is
   * destroyed, e.g. when the client goes away); the others are closed here. Closing a handed-over fd again
   * could close another request's file that reused the number.
   */
  async bytes(ranges: { fd: number; start: number; end: number }[]): Promise<void> {
    const res = this.ctx.res;
    const owned = new Set<{ fd: number }>(); // ranges whose fd now belongs to a read stream
    const stream = (r: { fd: number; start: number }, end: number) => {
      owned.add(r);
      return createReadStream('', { fd: r.fd, start: r.start, end: end - 1, autoClose: true, highWaterMark: 256 * 1024 });
    };
    try {
      res.writeHead(200, this.headers(undefined, { 'Content-Type': 'application/octet-stream' }));
      if (this.drop) {
        const first = ranges[0];
        if (first && first.end > first.start) {
          const half = first.start + Math.max(1, Math.floor((first.end - first.start) / 2));
          await pipeline(stream(first, half), res, { end: false });
        } else {
          res.flushHeaders(); // nothing written: still let the status line out before the cut
        }
        setImmediate(() => this.ctx.req.socket.destroy());
        return;
      }
      // One pipeline over all ranges: a pipeline per extent would stack listeners on `res` (a file of many
      // appends has many extents) and Node warns past ten.
      async function* extents() {
        for (const r of ranges) {
          if (r.end > r.start) yield* stream(r, r.end);
        }
      }
      await pipeline(Readable.from(extents(), { objectMode: false }), res);
    } finally {
      for (const r of ranges) {
        if (owned.has(r)) continue;
        try { closeSync(r.fd); } catch { /* best effort */ }
      }
    }
  }
}
