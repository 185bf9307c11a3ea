import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../http/context.js';
import type { ArmError } from './errors.js';

export type Headers = Record<string, string>;

/**
 * Writes management responses with the headers ARM puts on every answer: x-ms-request-id,
 * x-ms-correlation-request-id (the client's, when it sent one) and the echoed x-ms-client-request-id.
 * HEAD answers never carry a body.
 */
export class ArmReply {
  private readonly common: Headers;

  constructor(private readonly ctx: RequestContext) {
    this.common = {
      'x-ms-request-id': ctx.requestId,
      'x-ms-correlation-request-id': ctx.header('x-ms-correlation-request-id') ?? randomUUID(),
    };
    const clientId = ctx.header('x-ms-client-request-id');
    if (clientId) this.common['x-ms-client-request-id'] = clientId;
  }

  /** Adds a header to every answer of this request (throttling budget). */
  addCommon(headers: Headers): void {
    Object.assign(this.common, headers);
  }

  json(status: number, body: unknown, headers: Headers = {}): void {
    if (this.ctx.method === 'HEAD') return this.empty(status, headers);
    const payload = Buffer.from(JSON.stringify(body));
    this.ctx.res.writeHead(status, {
      ...this.common,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': payload.length,
      ...headers,
    });
    this.ctx.res.end(payload);
  }

  empty(status: number, headers: Headers = {}): void {
    // 204 and 304 must not carry Content-Length; everything else says 0 so keep-alive clients do not wait.
    const length: Headers = status === 204 || status === 304 ? {} : { 'Content-Length': '0' };
    this.ctx.res.writeHead(status, { ...this.common, ...length, ...headers });
    this.ctx.res.end();
  }

  error(err: ArmError, headers: Headers = {}): void {
    this.json(err.status, err.body(), { ...err.headers, ...headers });
  }
}
