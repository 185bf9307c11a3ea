import type { ChunkSink, ChunkSource } from '../store/byte-source.js';
import { ClientAbortedError, type RequestContext } from '../http/context.js';

/**
 * The request's file bytes for the store, or undefined when the request carries none (no declared length or a
 * zero one, and no chunked body). A body that ends early (client abort, dropped connection) fails with
 * ClientAbortedError, so the store commits nothing: an interrupted write is never half-applied. When the sink
 * fails, the request is paused, not destroyed, so that the answer can still go out.
 */
export function requestBody(ctx: RequestContext): ChunkSource | undefined {
  const len = ctx.header('content-length');
  const expected = len !== undefined ? len !== '0' : ctx.header('transfer-encoding') !== undefined;
  if (!expected) return undefined;
  const req = ctx.req;
  return {
    forEachChunk: (sink: ChunkSink) => new Promise<void>((resolve, reject) => {
      let held: Promise<void> | undefined;
      let settled = false;
      const stop = (fn: () => void) => {
        if (settled) return;
        settled = true;
        req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
        fn();
      };
      const fail = (e: unknown) => stop(() => {
        if (!req.complete) req.pause();
        reject(e);
      });
      const onData = (chunk: Buffer) => {
        let wait: void | Promise<void>;
        try {
          wait = sink(chunk);
        } catch (e) {
          return fail(e);
        }
        if (!wait) return;
        req.pause();
        held = wait.then(() => { if (!settled) req.resume(); }, fail);
      };
      const onEnd = () => {
        if (!req.complete) return fail(new ClientAbortedError());
        void (held ?? Promise.resolve()).then(() => stop(resolve));
      };
      const onError = (e: Error) => fail(req.complete ? e : new ClientAbortedError());
      const onClose = () => { if (!req.complete) fail(new ClientAbortedError()); };
      if (req.readableEnded) return onEnd();
      req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    }),
  };
}
