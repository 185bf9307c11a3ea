import { ClientAbortedError, type RequestContext } from '../http/context.js';

/**
 * The request's file bytes for the store, or undefined when the request carries none (no declared length or a
 * zero one, and no chunked body). A body that ends early (client abort, dropped connection) fails the iteration,
 * so the store commits nothing: an interrupted write is never half-applied.
 */
export function requestBody(ctx: RequestContext): AsyncIterable<Buffer> | undefined {
  const len = ctx.header('content-length');
  const expected = len !== undefined ? len !== '0' : ctx.header('transfer-encoding') !== undefined;
  if (!expected) return undefined;
  const req = ctx.req;
  return (async function* () {
    try {
      for await (const chunk of req) yield chunk as Buffer;
    } catch (e) {
      if (!req.complete) throw new ClientAbortedError();
      throw e;
    }
    if (!req.complete) throw new ClientAbortedError();
  })();
}
