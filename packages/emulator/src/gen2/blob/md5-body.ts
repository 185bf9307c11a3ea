import { createHash } from 'node:crypto';
import { tap, type ByteSource } from '../../store/byte-source.js';
import { Gen2Error } from '../errors.js';

/** A request body passed through unchanged while its MD5 is computed. */
export interface HashedBody {
  body: ByteSource | undefined;
  /** base64 MD5 of everything the body yielded (valid once it has been consumed). */
  md5(): string;
}

/** Parses a transactional `Content-MD5` header: 16 bytes, base64 (InvalidMd5 otherwise). */
export function contentMd5Of(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value)) {
    throw new Gen2Error(400, 'InvalidMd5', 'The MD5 value specified in the request is invalid. The MD5 value must be 128 bits and Base64-encoded.');
  }
  return value;
}

/**
 * Hashes `src` as it streams. With `expected` (a request's `Content-MD5`), a mismatch fails the body's last step,
 * before the store commits anything (a failing body leaves no trace), with the service's Md5Mismatch.
 */
export function hashedBody(src: ByteSource | undefined, expected: string | undefined): HashedBody {
  const hash = createHash('md5');
  let digest: string | undefined;
  const finish = () => (digest ??= hash.digest('base64'));
  function check() {
    if (expected !== undefined && finish() !== expected) {
      throw new Gen2Error(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match with the MD5 value calculated by the server.');
    }
  }
  if (!src) check();
  return { body: src && tap(src, (chunk) => hash.update(chunk), check), md5: finish };
}
