import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { MAX_SMALL_BODY } from '../defaults.js';

/** Everything a handler needs about one request. Built once per request by the server. */
export class RequestContext {
  readonly requestId = randomUUID();
  private parsedUrl?: URL;
  /** Path exactly as sent (percent-encoded), without the query string. */
  readonly rawPath: string;
  /** Host header without port, lower-cased. */
  readonly hostName: string;
  private address?: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** https://host:port of this listener, as seen by the client (from the Host header). */
    readonly origin: string,
  ) {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    this.rawPath = q < 0 ? raw : raw.slice(0, q);
    const host = (req.headers.host ?? '').toLowerCase();
    this.hostName = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  }

  /** The client's IP address (IPv4-mapped IPv6 addresses as plain IPv4), worked out on first use. */
  get remoteAddress(): string {
    this.address ??= (this.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    return this.address;
  }

  /** The request URL, parsed on first use (the data plane's hot path never needs it). */
  get url(): URL {
    // Parse with a fixed base so that odd paths (//x, ..) are never resolved away.
    this.parsedUrl ??= new URL('http://x' + (this.req.url ?? '/').replace(/^\/*/, '/'));
    return this.parsedUrl;
  }

  get method(): string {
    return (this.req.method ?? 'GET').toUpperCase();
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /**
   * Buffers a small body (form or JSON). A body over `limit` bytes (declared or counted) is refused with
   * BodyTooLargeError at once, without reading the rest: the answer then closes the connection (the client
   * may still be sending; reading on would make it wait for its whole upload). A body cut short by the
   * client is ClientAbortedError. The request stream is never destroyed here, so the answer can still go out.
   */
  readBody(limit = MAX_SMALL_BODY): Promise<Buffer> {
    const req = this.req;
    if (declaredLength(req) > limit) return Promise.reject(this.tooLarge(limit));
    if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (fn: () => void) => {
        req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
        fn();
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.pause();
          return done(() => reject(this.tooLarge(limit)));
        }
        chunks.push(chunk);
      };
      const onEnd = () => done(() => resolve(Buffer.concat(chunks)));
      const onError = (e: Error) => done(() => reject(req.complete ? e : new ClientAbortedError()));
      const onClose = () => { if (!req.complete) done(() => reject(new ClientAbortedError())); };
      req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    });
  }

  /** The refusal of an over-limit body; the answer that follows closes the connection. */
  private tooLarge(limit: number): BodyTooLargeError {
    if (!this.res.headersSent) this.res.setHeader('Connection', 'close');
    return new BodyTooLargeError(limit);
  }

  /** Whether the client went away before its request was complete or its answer sent. */
  get clientGone(): boolean {
    return (this.req.destroyed && !this.req.complete) || this.res.destroyed || this.req.socket.destroyed;
  }

  async readForm(): Promise<URLSearchParams> {
    return new URLSearchParams((await this.readBody()).toString('utf8'));
  }

  /** Parses a JSON body; undefined for an empty body; throws SyntaxError for malformed JSON. */
  async readJson(): Promise<unknown> {
    const text = (await this.readBody()).toString('utf8');
    if (text.trim() === '') return undefined;
    return JSON.parse(text);
  }

  sendJson(status: number, body: unknown, headers: Record<string, string | number> = {}): void {
    const payload = Buffer.from(JSON.stringify(body));
    this.res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': payload.length,
      'x-ms-request-id': this.requestId,
      ...headers,
    });
    this.res.end(payload);
  }

  sendHtml(status: number, html: string, headers: Record<string, string | number | string[]> = {}): void {
    const payload = Buffer.from(html);
    this.res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': payload.length,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
      'Referrer-Policy': 'no-referrer',
      ...headers,
    });
    this.res.end(payload);
  }

  sendEmpty(status: number, headers: Record<string, string | number> = {}): void {
    this.res.writeHead(status, { 'Content-Length': 0, 'x-ms-request-id': this.requestId, ...headers });
    this.res.end();
  }

  redirect(location: string, headers: Record<string, string | string[]> = {}): void {
    this.res.writeHead(302, { Location: location, 'Content-Length': 0, ...headers });
    this.res.end();
  }
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body exceeds ${limit} bytes.`);
  }
}

/** The client closed the connection before its request body was complete: there is nobody to answer. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client went away before the request body was complete');
  }
}

/** The Content-Length the client declared (NaN-free: 0 when absent or malformed, Node refuses those anyway). */
export function declaredLength(req: IncomingMessage): number {
  const v = req.headers['content-length'];
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** A front end of the emulator (identity, management, data plane). */
export interface Service {
  /** Handles the request and returns true, or returns false when the request is not for this service. */
  handle(ctx: RequestContext): Promise<boolean>;
  /** Called once when the emulator stops. */
  close?(): Promise<void> | void;
}
