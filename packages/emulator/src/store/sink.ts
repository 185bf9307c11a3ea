import type { Writable } from 'node:stream';

/** The sink went away (the client closed the connection) before every byte was written to it. */
export class SinkClosedError extends Error {
  constructor() {
    super('the connection closed before the answer was sent');
  }
}

/**
 * Writes `chunk` to `sink` and waits while the sink is over its high-water mark, so that at most one chunk per
 * answer sits in memory beyond the socket's buffer. `written` runs once the sink is done with the chunk (its
 * memory may then be reused); it does not run when the write fails. Rejects when the sink closes or fails first.
 */
export async function writeChunk(sink: Writable, chunk: Buffer, written?: () => void): Promise<void> {
  if (sink.destroyed || sink.writableEnded) throw new SinkClosedError();
  const ok = sink.write(chunk, written && ((e) => { if (!e) written(); }));
  if (!ok) await drained(sink);
}

/** Resolves on the sink's next 'drain'; rejects when it closes or fails before that. */
function drained(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      sink.off('drain', onDrain).off('close', onClose).off('error', onError);
      if (e) reject(e); else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new SinkClosedError());
    const onError = (e: Error) => done(e);
    sink.on('drain', onDrain).on('close', onClose).on('error', onError);
  });
}
