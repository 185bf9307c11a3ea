import type { ReadHandle } from '../store/store.js';
import { commonHeaders } from './errors.js';
import type { Gen2Request } from './request.js';

type Headers = Record<string, string | number | undefined>;

const defined = (h: Headers): Record<string, string | number> =>
  Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string | number>;

/** A success without a body (HEAD answers keep their Content-Length when given). */
export function sendEmpty(r: Gen2Request, status: number, headers: Headers = {}): void {
  r.ctx.res.writeHead(status, { ...commonHeaders(r.ctx, r.api), 'Content-Length': 0, ...defined(headers) });
  r.ctx.res.end();
}

/** A JSON body (DFS listings). */
export function sendJson(r: Gen2Request, status: number, body: unknown, headers: Headers = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  r.ctx.res.writeHead(status, { ...commonHeaders(r.ctx, r.api), 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length, ...defined(headers) });
  r.ctx.res.end(payload);
}

/** An XML body (Blob answers), after the byte-order mark the Blob endpoint writes. */
export function sendXml(r: Gen2Request, status: number, xml: string, headers: Headers = {}): void {
  const payload = Buffer.from('\uFEFF' + xml);
  r.ctx.res.writeHead(status, { ...commonHeaders(r.ctx, r.api), 'Content-Type': 'application/xml', 'Content-Length': payload.length, ...defined(headers) });
  r.ctx.res.end(payload);
}

/** File bytes, streamed with backpressure; the handle is released in every case. */
export async function sendBytes(r: Gen2Request, status: number, h: ReadHandle, headers: Headers): Promise<void> {
  const res = r.ctx.res;
  try {
    res.writeHead(status, { ...commonHeaders(r.ctx, r.api), 'Content-Length': h.length, ...defined(headers) });
  } catch (e) {
    h.close();
    throw e;
  }
  if (r.ctx.method === 'HEAD') {
    h.close();
    return void res.end();
  }
  await h.send(res);
  res.end();
}
