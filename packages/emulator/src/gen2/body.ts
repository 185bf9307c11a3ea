import { createHash } from 'node:crypto';
import { requestBody } from '../datalake/request-body.js';
import type { RequestContext } from '../http/context.js';
import { tap, type ByteSource } from '../store/byte-source.js';
import { Gen2Error } from './errors.js';

/**
 * The request's bytes for the store (streamed), checked against `Content-MD5` when the client sent one: a mismatch
 * fails the stream at its end, so the store records nothing (400 Md5Mismatch).
 */
export function checkedBody(ctx: RequestContext): ByteSource | undefined {
  const body = requestBody(ctx);
  const md5 = ctx.header('content-md5');
  if (!body || md5 === undefined) return body;
  if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw new Gen2Error(400, 'InvalidMd5', 'The MD5 value specified in the request is invalid. The MD5 value must be 128 bits and Base64-encoded.');
  const hash = createHash('md5');
  return tap(body, (chunk) => hash.update(chunk), () => {
    if (hash.digest('base64') !== md5) throw new Gen2Error(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match with the MD5 value calculated by the server.');
  });
}
