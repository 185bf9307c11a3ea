/** Splits a file into chunks: the unit of parallelism, of resume and of progress accounting. */

export interface Chunk {
  index: number;
  offset: number;
  length: number;
}

export interface ChunkPlan {
  size: number;
  /** The chunk size actually used (recorded in resume state so a resumed run plans identically). */
  chunkSize: number;
  chunks: Chunk[];
}

/**
 * The chunk size for a file: the configured maximum, lowered (when `adapt`) so that the file spreads over
 * about two chunks per worker, rounded up to whole blocks and never below one block.
 * A 1 GiB file with 8 workers gets 64 MiB chunks (16 of them) instead of four 256 MiB ones.
 */
export function effectiveChunkSize(size: number, o: { chunkSize: number; blockSize: number; concurrency: number; adapt: boolean }): number {
  if (!o.adapt || o.concurrency <= 1 || size <= o.blockSize) return o.chunkSize;
  const target = Math.ceil(size / (2 * o.concurrency));
  const rounded = Math.ceil(target / o.blockSize) * o.blockSize;
  return Math.min(o.chunkSize, Math.max(o.blockSize, rounded));
}

/** Chunks of `chunkSize` bytes covering [0, size); an empty file has one empty chunk. */
export function planChunks(size: number, chunkSize: number): ChunkPlan {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const chunks: Chunk[] = [];
  if (size === 0) chunks.push({ index: 0, offset: 0, length: 0 });
  for (let offset = 0, index = 0; offset < size; offset += chunkSize, index++) {
    chunks.push({ index, offset, length: Math.min(chunkSize, size - offset) });
  }
  return { size, chunkSize, chunks };
}

/** Blocks of at most `blockSize` bytes covering one chunk (at least one, possibly empty, block). */
export function* blocksOf(chunk: Chunk, blockSize: number): Generator<{ offset: number; length: number }> {
  if (chunk.length === 0) {
    yield { offset: chunk.offset, length: 0 };
    return;
  }
  for (let done = 0; done < chunk.length; done += blockSize) {
    yield { offset: chunk.offset + done, length: Math.min(blockSize, chunk.length - done) };
  }
}
