/**
 * A range of an open local file as a request body: every attempt opens a fresh stream that reads the range
 * piece by piece, so an upload holds a few pieces per connection instead of a whole block, and a retried
 * request re-reads its bytes from the file.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { IntegrityError } from '../errors.js';
import type { SizedBody } from '../http/pipeline.js';

/** Bytes per file read (and per TLS write): large enough to keep reads few, small enough to keep memory low. */
export const PIECE_BYTES = 256 * 1024;

export interface FileRangeBody extends SizedBody {
  /** Bytes the most recently opened stream has read so far (all of them once it ended). */
  readonly lastRead: number;
  /** Whether some attempt read the whole range, i.e. may have handed the service a complete request. */
  readonly wholeRead: boolean;
}

/** `onOpen` is told of every attempt and returns what sees that attempt's pieces in order (e.g. a hash). */
export function fileRangeBody(
  fh: FileHandle, offset: number, length: number, localPath: string, onOpen?: () => (piece: Buffer) => void,
): FileRangeBody {
  let current: FileRangeStream | undefined;
  let wholeRead = false;
  let failure: Error | undefined;
  return {
    length,
    get lastRead() { return current?.fromFile ?? 0; },
    get wholeRead() { return wholeRead || current?.fromFile === length; },
    get failure() { return failure; },
    open() {
      if (current?.fromFile === length) wholeRead = true;
      current?.destroy(); // an earlier attempt's stream, if the transport left it open
      current = new FileRangeStream(fh, offset, length, localPath, onOpen?.(), (e) => { failure ??= e; });
      return current;
    },
  };
}

class FileRangeStream extends Readable {
  /** Bytes read from the file so far. */
  fromFile = 0;

  constructor(
    private readonly fh: FileHandle, private readonly offset: number, private readonly length: number,
    private readonly localPath: string, private readonly onPiece: ((piece: Buffer) => void) | undefined,
    private readonly onFailure: (e: Error) => void,
  ) {
    super({ highWaterMark: PIECE_BYTES });
  }

  override _read(): void {
    const n = Math.min(PIECE_BYTES, this.length - this.fromFile);
    if (n === 0) {
      this.push(null);
      return;
    }
    // A new buffer per piece: the transport may still hold the previous ones until their write completes.
    const buf = Buffer.allocUnsafe(n);
    const at = this.offset + this.fromFile;
    this.fh.read(buf, 0, n, at).then(({ bytesRead }) => {
      if (this.destroyed) return;
      if (bytesRead === 0) {
        this.fail(new IntegrityError(`${this.localPath} ended early at byte ${at} (was it truncated during the upload?).`));
        return;
      }
      const piece = bytesRead < n ? buf.subarray(0, bytesRead) : buf;
      this.fromFile += bytesRead;
      this.onPiece?.(piece);
      this.push(piece);
      if (this.fromFile === this.length) this.push(null);
    }, (e: unknown) => { if (!this.destroyed) this.fail(e as Error); });
  }

  private fail(e: Error): void {
    this.onFailure(e);
    this.destroy(e);
  }
}
