import { randomUUID } from 'node:crypto';
import { addAbortSignal, Readable } from 'node:stream';
import { AbortError, InvalidArgumentError } from '../errors.js';
import type { DataLakeFileSystemClient } from './client.js';
import { READ_AHEAD, readExactRange } from './ranged-read.js';

export interface ReadStreamOptions {
  /** First byte (default 0). */
  offset?: number;
  /** Bytes to read (default: to the end of the file). */
  length?: number;
  /** Bytes per OPEN request (default 4 MiB). */
  blockSize?: number;
  abortSignal?: AbortSignal;
}

export const DEFAULT_READ_BLOCK = 4 * 1024 * 1024;

/**
 * A Readable over [offset, offset+length) of a file, fetched block by block with the client's read(), whose
 * body resumes from the last byte received after a connection fault (with the client's retry settings, afresh
 * for each block); a file that yields fewer bytes than its length raises IntegrityError.
 */
export function createBlockReadStream(client: DataLakeFileSystemClient, path: string, options: ReadStreamOptions = {}): Readable {
  const blockSize = options.blockSize ?? DEFAULT_READ_BLOCK;
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be a positive integer (got ${blockSize})`);
  const start = options.offset ?? 0;
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`offset must be a non-negative integer (got ${start})`);
  if (options.length !== undefined && (!Number.isSafeInteger(options.length) || options.length < 0)) {
    throw new RangeError(`length must be a non-negative integer (got ${options.length})`);
  }
  const signal = options.abortSignal;
  const session = randomUUID();

  // Pushes the blocks' chunks as they arrive; when the reader is full, the block's body is held until it asks again.
  let wanted: (() => void) | undefined;
  const wake = () => {
    const w = wanted;
    wanted = undefined;
    w?.();
  };
  let started = false;
  const stream: Readable = new Readable({
    highWaterMark: READ_AHEAD,
    read() {
      if (started) return wake();
      started = true;
      pump().then(() => stream.push(null), (e: Error) => stream.destroy(e));
    },
    destroy(err, callback) {
      wake();
      callback(err);
    },
  });
  const sink = (chunk: Buffer): void | Promise<void> => {
    if (stream.destroyed) throw new AbortError();
    if (!stream.push(chunk)) return new Promise<void>((resolve) => { wanted = resolve; });
  };

  async function pump(): Promise<void> {
    const status = await client.stat(path, { abortSignal: signal });
    if (status.type !== 'FILE') throw new InvalidArgumentError(`${status.path} is a directory, not a file.`);
    const end = options.length === undefined ? status.length : Math.min(status.length, start + options.length);
    const open = (offset: number, length: number) => client.read(status.path, { offset, length, fileSessionId: session, abortSignal: signal });
    for (let pos = start; pos < end && !stream.destroyed; pos += blockSize) {
      await readExactRange(open, pos, Math.min(pos + blockSize, end), `OPEN ${status.path}`, sink, signal);
    }
  }

  return signal ? addAbortSignal(signal, stream) : stream;
}
