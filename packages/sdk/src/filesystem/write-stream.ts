import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { NotFoundError, InvalidArgumentError } from '../errors.js';
import { MAX_APPEND_BYTES } from './append.js';
import type { DataLakeFileSystemClient } from './client.js';

export interface WriteStreamOptions {
  /** Replace an existing file (default true, as Python's open(path, 'wb')). */
  overwrite?: boolean;
  /** Append to an existing file (Python's 'ab'): starts at its length; a missing file is created. */
  append?: boolean;
  permission?: string | number;
  /** Bytes per APPEND (default and maximum 4 MiB). */
  blockSize?: number;
  abortSignal?: AbortSignal;
}

/**
 * A Writable that uploads in blocks, as Python's file object does: CREATE (syncFlag=DATA, empty body),
 * APPEND syncFlag=DATA whenever more than a block is buffered, and a last APPEND syncFlag=CLOSE with the
 * rest (zero bytes for an empty file). One uuid is both leaseid and filesessionid. Every APPEND carries
 * its offset, so retries never duplicate data.
 */
export function createBlockWriteStream(client: DataLakeFileSystemClient, path: string, options: WriteStreamOptions = {}): Writable {
  const blockSize = options.blockSize ?? MAX_APPEND_BYTES;
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > MAX_APPEND_BYTES) {
    throw new RangeError(`blockSize must be between 1 and ${MAX_APPEND_BYTES} (got ${blockSize})`);
  }
  if (options.append && options.overwrite) throw new InvalidArgumentError('append and overwrite exclude each other.');
  const lease = randomUUID();
  const signal = options.abortSignal;
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const send = (data: Buffer, syncFlag: 'DATA' | 'CLOSE') =>
    client.append(path, data, { offset, syncFlag, leaseId: lease, fileSessionId: lease, abortSignal: signal })
      .then(() => { offset += data.length; });

  const open = async () => {
    if (options.append) {
      try {
        const s = await client.stat(path, { abortSignal: signal });
        if (s.type !== 'FILE') throw new InvalidArgumentError(`${s.path} is a directory.`);
        offset = s.length;
        return;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
    await client.create(path, undefined, {
      overwrite: options.overwrite ?? !options.append, permission: options.permission, syncFlag: 'DATA',
      leaseId: lease, fileSessionId: lease, abortSignal: signal,
    });
  };

  /** Sends full blocks while more than one block is buffered (the last block waits for CLOSE). */
  const flushBlocks = async () => {
    if (pendingBytes <= blockSize) return;
    let buf = Buffer.concat(pending, pendingBytes);
    while (buf.length > blockSize) {
      await send(buf.subarray(0, blockSize), 'DATA');
      buf = buf.subarray(blockSize);
    }
    pending = [Buffer.from(buf)];
    pendingBytes = buf.length;
  };

  return new Writable({
    signal,
    construct(cb) { open().then(() => cb(), cb); },
    write(chunk: Buffer, _enc, cb) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      flushBlocks().then(() => cb(), cb);
    },
    final(cb) {
      const rest = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      send(rest, 'CLOSE').then(() => cb(), cb);
    },
  });
}
