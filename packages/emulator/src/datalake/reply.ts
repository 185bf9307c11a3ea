import type { RequestContext } from '../http/context.js';
import type { ReadHandle } from '../store/store.js';
import { type RemoteError, serviceTimestamp } from './remote-error.js';

const WEBHDFS_VERSION = '17.04.24.00';
const NO_HEADERS: Record<string, string | number> = Object.freeze({});

/**
 * Writes data-plane answers with the service's headers (x-ms-request-id, x-ms-webhdfs-version, Status,
 * no-cache). When a "drop" fault is armed, the answer is cut: part of the body goes out, then the socket is
 * destroyed (an empty answer is not sent at all: the operation happened but the client never hears of it).
 */
export class Reply {
  drop = false;

  constructor(private readonly ctx: RequestContext, private readonly ext: boolean, private readonly now: () => number) {}

  /** Response headers as a flat [name, value, ...] list (cheaper for Node than an object on this hot path). */
  private headers(statusCode: string | undefined, extra: Record<string, string | number>, contentType?: string, contentLength?: number): (string | number)[] {
    const h: (string | number)[] = [
      'x-ms-request-id', this.ctx.requestId,
      'Cache-Control', 'no-cache, no-cache, no-store, max-age=0',
      'Expires', '-1',
      'Pragma', 'no-cache',
      'X-Content-Type-Options', 'nosniff',
    ];
    // The recorded /webhdfsext/ answers carry neither header (filesystem-api §3.2).
    if (!this.ext) h.push('x-ms-webhdfs-version', WEBHDFS_VERSION, 'Status', statusCode ?? '0x0');
    if (contentType !== undefined) h.push('Content-Type', contentType);
    if (contentLength !== undefined) h.push('Content-Length', contentLength);
    for (const k in extra) h.push(k, String(extra[k]));
    return h;
  }

  json(status: number, body: unknown, statusCode?: string, extra: Record<string, string | number> = NO_HEADERS): void {
    this.jsonText(status, JSON.stringify(body), statusCode, extra);
  }

  /** A JSON answer already serialised (built piece by piece, e.g. a listing page). */
  jsonText(status: number, text: string, statusCode?: string, extra: Record<string, string | number> = NO_HEADERS): void {
    // The text goes to Node as is: it writes the head and a string body as one piece (no Buffer copy of it here).
    this.sendJson(status, text, Buffer.byteLength(text), statusCode, extra);
  }

  /** A JSON answer already encoded (a listing page, built slice by slice). */
  jsonBytes(status: number, payload: Buffer, statusCode?: string, extra: Record<string, string | number> = NO_HEADERS): void {
    this.sendJson(status, payload, payload.length, statusCode, extra);
  }

  private sendJson(status: number, body: string | Buffer, length: number, statusCode: string | undefined, extra: Record<string, string | number>): void {
    const res = this.ctx.res;
    res.writeHead(status, this.headers(statusCode, extra, 'application/json; charset=utf-8', length));
    if (this.drop) {
      res.write((typeof body === 'string' ? Buffer.from(body) : body).subarray(0, Math.floor(length / 2)));
      setImmediate(() => this.ctx.req.socket.destroy());
      return;
    }
    res.end(body);
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
   * OPEN: the bytes of a read handle, streamed (chunked, as the service answers) with backpressure. A "drop" fault sends half
   * of them, then cuts the connection. The handle's bytes are released in every case.
   */
  async bytes(h: ReadHandle): Promise<void> {
    const res = this.ctx.res;
    try {
      res.writeHead(200, this.headers(undefined, { 'Content-Type': 'application/octet-stream' }));
    } catch (e) {
      h.close();
      throw e;
    }
    if (!this.drop) {
      await h.send(res);
      return void res.end();
    }
    const half = Math.floor(h.length / 2);
    let sent = 0;
    if (half === 0) {
      h.close();
      res.flushHeaders(); // nothing written: still let the status line out before the cut
    } else {
      for await (const chunk of h.stream()) { // leaving the loop destroys the stream, which releases the bytes
        const part = (chunk as Buffer).subarray(0, half - sent);
        res.write(part);
        sent += part.length;
        if (sent >= half) break;
      }
    }
    setImmediate(() => this.ctx.req.socket.destroy());
  }
}
