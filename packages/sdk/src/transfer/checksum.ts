/** Per-chunk MD5 digests (base64) for end-to-end verification, computed from streams or file ranges. */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { throwIfAborted } from '../errors.js';

/** MD5 of bytes [offset, offset + length) of an open file, read `bufferSize` bytes at a time. */
export async function md5OfFileRange(fh: FileHandle, offset: number, length: number, bufferSize: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(bufferSize, length)));
  for (let done = 0; done < length;) {
    throwIfAborted(signal);
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, length - done), offset + done);
    if (bytesRead === 0) throw new Error(`file ended ${length - done} bytes early`);
    hash.update(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
  return hash.digest('base64');
}

/** MD5 and byte count of a whole stream. */
export async function md5OfStream(stream: Readable): Promise<{ md5: string; bytes: number }> {
  const hash = createHash('md5');
  let bytes = 0;
  for await (const piece of stream) {
    hash.update(piece as Buffer);
    bytes += (piece as Buffer).length;
  }
  return { md5: hash.digest('base64'), bytes };
}
