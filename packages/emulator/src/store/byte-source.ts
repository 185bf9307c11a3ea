/**
 * Bytes to write, as the store takes them. A request body pushes its chunks to a sink from its 'data' events:
 * a TLS socket delivers 16 KiB per chunk (65,536 per GiB), and each `for await` layer would cost a promise
 * and a microtask turn per chunk.
 */

/** Takes one chunk; a returned promise holds the source until it settles (that is the backpressure). */
export type ChunkSink = (chunk: Buffer) => void | Promise<void>;

/** A source that pushes its chunks; the promise settles once all are taken, or fails with the source's error. */
export interface ChunkSource {
  forEachChunk(sink: ChunkSink): Promise<void>;
}

/** Bytes to write: a request body, or any (async) list of buffers. */
export type ByteSource = ChunkSource | AsyncIterable<Buffer> | Iterable<Buffer>;

/** Feeds every chunk of `source` to `sink`, waiting for the sink whenever it returns a promise. */
export async function eachChunk(source: ByteSource, sink: ChunkSink): Promise<void> {
  if ('forEachChunk' in source) return source.forEachChunk(sink);
  for await (const chunk of source) {
    const held = sink(chunk);
    if (held) await held;
  }
}

/** `source` with `onChunk` seeing each chunk on its way and `onEnd` running after the last (it may throw). */
export function tap(source: ByteSource, onChunk: (chunk: Buffer) => void, onEnd: () => void): ChunkSource {
  return {
    forEachChunk: async (sink) => {
      await eachChunk(source, (chunk) => {
        onChunk(chunk);
        return sink(chunk);
      });
      onEnd();
    },
  };
}
