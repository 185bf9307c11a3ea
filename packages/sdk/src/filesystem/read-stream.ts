import { randomUUID } from 'node:crypto';
import { addAbortSignal, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError, AdlsError, IntegrityError, InvalidArgumentError } from '../errors.js';
import { DEFAULT_RETRY, isConnectionError, retryDelay } from '../http/pipeline.js';
import type { DataLakeFileSystemClient } from './client.js';

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
/** Consecutive empty answers before a read is declared short (Python gives up after five). */
const MAX_EMPTY_READS = 5;

/**
 * A Readable over [offset, offset+length) of a file, fetched block by block. A block cut short by a
 * connection fault is re-requested from the last byte received; a file that yields fewer bytes than its
 * length raises IntegrityError.
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

  async function* blocks(): AsyncGenerator<Buffer> {
    const status = await client.stat(path, { abortSignal: signal });
    if (status.type !== 'FILE') throw new InvalidArgumentError(`${status.path} is a directory, not a file.`);
    const end = options.length === undefined ? status.length : Math.min(status.length, start + options.length);
    let pos = start;
    let faults = 0;
    let empties = 0;
    while (pos < end) {
      if (signal?.aborted) throw new AbortError();
      const want = Math.min(blockSize, end - pos);
      const blockStart = pos;
      try {
        const body = await client.read(status.path, { offset: pos, length: want, fileSessionId: session, abortSignal: signal });
        for await (const chunk of body as AsyncIterable<Buffer>) {
          const room = blockStart + want - pos;
          if (chunk.length > room) throw new IntegrityError(`OPEN ${status.path} returned more bytes than requested at offset ${blockStart}.`);
          pos += chunk.length;
          yield chunk;
        }
      } catch (e) {
        if (signal?.aborted) throw new AbortError();
        if (!(e instanceof AdlsError && e.code === 'CONNECTION') && !isConnectionError(e)) throw e;
        if (++faults > DEFAULT_RETRY.maxRetries) throw e;
        await pause(retryDelay(faults, DEFAULT_RETRY), signal);
        continue; // resume from pos
      }
      if (pos === blockStart) {
        if (++empties >= MAX_EMPTY_READS) {
          throw new IntegrityError(`${status.path}: expected ${end - start} bytes from offset ${start}, the service stopped at ${pos}.`);
        }
      } else empties = 0;
    }
  }

  const stream = Readable.from(blocks(), { objectMode: false });
  return signal ? addAbortSignal(signal, stream) : stream;
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try { await sleep(ms, undefined, { signal }); } catch { throw new AbortError(); }
}
