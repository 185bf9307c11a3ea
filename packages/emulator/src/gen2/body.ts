import { requestBody } from '../datalake/request-body.js';
import type { RequestContext } from '../http/context.js';
import type { ByteSource } from '../store/byte-source.js';
import { contentMd5Of, hashedBody } from './blob/md5-body.js';

/**
 * The request's bytes for the store (streamed), checked against `Content-MD5` when the client sent one: a mismatch
 * fails the stream at its end, so the store records nothing (400 Md5Mismatch).
 */
export function checkedBody(ctx: RequestContext): ByteSource | undefined {
  const body = requestBody(ctx);
  const md5 = ctx.header('content-md5');
  if (!body || md5 === undefined) return body;
  return hashedBody(body, contentMd5Of(md5)).body;
}
