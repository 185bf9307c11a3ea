/**
 * A range of an open local file as a request body: every attempt reads the range afresh, piece by piece into
 * two reused buffers, so an upload holds two pieces per connection instead of a whole block, allocates nothing
 * per piece, and a retried request re-reads its bytes from the file.
 */
import type { FileHandle } from 'node:fs/promises';
import { IntegrityError } from '../errors.js';
import type { SizedBody } from '../http/pipeline.js';
import type { BufferPool } from './buffer-pool.js';

/**
 * Bytes per file read and per socket write. It must stay well above a socket's write high-water mark
 * (16 KiB in Node 20, 64 KiB in 22): the two-buffer rotation below relies on it.
 */
export const PIECE_BYTES = 256 * 1024;

export interface FileRangeBody extends SizedBody {
  /** Bytes the most recently opened attempt has read so far (all of them once it ended). */
  readonly lastRead: number;
  /** Whether some attempt read the whole range, i.e. may have handed the service a complete request. */
  readonly wholeRead: boolean;
  /** Gives the buffers back to the pool; call it once the request is over (answered or failed). */
  release(): void;
}

interface Attempt {
  buffers: Buffer[];
  fromFile: number;
  /** The attempt's generator has finished: no file read is pending into its buffers. */
  settled: boolean;
}

/** `onOpen` is told of every attempt and returns what sees that attempt's pieces in order (e.g. a hash). */
export function fileRangeBody(
  fh: FileHandle, offset: number, length: number, localPath: string, pool: BufferPool, onOpen?: () => (piece: Buffer) => void,
): FileRangeBody {
  let attempts: Attempt[] = [];
  let failure: Error | undefined;

  /**
   * The transport asks for the next piece only once the socket holds less than its high-water mark of what
   * was written, which is less than one piece: when piece k+1 is read, piece k-1 has left its buffer, and
   * that buffer can take piece k+1.
   */
  async function* pieces(a: Attempt, onPiece?: (piece: Buffer) => void): AsyncGenerator<Buffer> {
    try {
      for (let k = 0; a.fromFile < length; k++) {
        if (k < 2) a.buffers.push(pool.take());
        const buf = a.buffers[k % 2];
        const n = Math.min(buf.length, length - a.fromFile);
        await readFully(fh, buf, n, offset + a.fromFile, localPath);
        a.fromFile += n;
        const piece = n < buf.length ? buf.subarray(0, n) : buf;
        onPiece?.(piece);
        yield piece;
      }
    } catch (e) {
      failure ??= e as Error;
      throw e;
    } finally {
      a.settled = true;
    }
  }

  return {
    length,
    get lastRead() { return attempts.at(-1)?.fromFile ?? 0; },
    get wholeRead() { return attempts.some((a) => a.fromFile === length); },
    get failure() { return failure; },
    open() {
      const a: Attempt = { buffers: [], fromFile: 0, settled: false };
      attempts.push(a);
      return pieces(a, onOpen?.());
    },
    release() {
      // An attempt the transport left suspended might still read into its buffers: those are left to the GC.
      for (const a of attempts) if (a.settled) for (const b of a.buffers) pool.give(b);
      attempts = [];
    },
  };
}

/** Reads exactly `n` bytes at `position` (a regular file reads short only at its end: then it was truncated). */
async function readFully(fh: FileHandle, buf: Buffer, n: number, position: number, localPath: string): Promise<void> {
  for (let got = 0; got < n;) {
    const { bytesRead } = await fh.read(buf, got, n - got, position + got);
    if (bytesRead === 0) throw new IntegrityError(`${localPath} ended early at byte ${position + got} (was it truncated during the upload?).`);
    got += bytesRead;
  }
}
