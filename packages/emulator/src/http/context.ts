import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Largest non-file request body we buffer (forms, JSON). File data is always streamed. */
export const MAX_SMALL_BODY = 1024 * 1024;

/** Everything a handler needs about one request. Built once per request by the server. */
export class RequestContext {
  readonly requestId = randomUUID();
  private parsedUrl?: URL;
  /** Path exactly as sent (percent-encoded), without the query string. */
  readonly rawPath: string;
  /** Host header without port, lower-cased. */
  readonly hostName: string;
  readonly remoteAddress: string;

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
    this.remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
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

  /** Buffer a small body (form or JSON). Rejects bodies over `limit` bytes. */
  async readBody(limit = MAX_SMALL_BODY): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
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
    super(`request body exceeds ${limit} bytes`);
  }
}

/** A front end of the emulator (identity, management, data plane). */
export interface Service {
  /** Handles the request and returns true, or returns false when the request is not for this service. */
  handle(ctx: RequestContext): Promise<boolean>;
  /** Called once when the emulator stops. */
  close?(): Promise<void> | void;
}
