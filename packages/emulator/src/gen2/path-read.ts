import { createHash } from 'node:crypto';
import type { ReadHandle } from '../store/store.js';
import { Gen2Error } from './errors.js';
import { sendBytes, sendEmpty } from './reply.js';
import { commonHeaders } from './errors.js';
import type { Gen2Request } from './request.js';
import { checkConditions } from './shapes/conditions.js';
import { etag } from './shapes/http-dates.js';
import { contentHeaders, systemHeaders } from './shapes/path-headers.js';
import { requestedRange, resolveRange } from './shapes/range.js';
import { nameStyle, targetOf } from './target.js';

/**
 * Reads a file (Path_Read on the DFS API, Get Blob on the Blob API): `x-ms-range` / `Range` → 206 with
 * Content-Range, else 200; conditions (304 / 412); `apiHeaders` adds what each API shows besides (metadata as
 * `x-ms-properties` or `x-ms-meta-*`, blob type). A directory reads as empty content on the Blob API.
 */
export async function readPath(r: Gen2Request, apiHeaders: (n: import('../store/inode.js').Inode) => Record<string, string | number | undefined>): Promise<void> {
  const t = targetOf(r);
  const store = r.core.store;
  const node = store.stat(t.ns, t.path, t.caller);
  const tag = etag(node.id, node.version);
  if (checkConditions(r.ctx.req.headers, { etag: tag, lastModified: node.mtime }, true) === 304) return sendEmpty(r, 304, { ETag: tag });
  const name = nameStyle(r);
  const base = { ...systemHeaders(node, name), ...apiHeaders(node), 'Accept-Ranges': 'bytes', 'x-ms-server-encrypted': 'true', 'x-ms-lease-state': 'available', 'x-ms-lease-status': 'unlocked' };
  if (node.kind === 'dir') {
    if (r.api === 'dfs') throw new Gen2Error(400, 'PathIsDirectory', 'The requested operation is not permitted on a directory.');
    store.checkAccess(t.ns, t.path, t.caller, 4);
    return sendEmpty(r, 200, { ...base, ...contentHeaders(node.props.content, true) });
  }
  if (r.ctx.header('x-ms-range-get-content-md5') === 'true' && r.ctx.header('x-ms-range-get-content-crc64') === 'true') {
    throw new Gen2Error(400, 'BothCrc64AndMd5RangeHeaderPresent', 'Both x-ms-range-get-content-crc64 and x-ms-range-get-content-md5 headers are present.');
  }
  const range = requestedRange(r.ctx.req.headers);
  if (range && !(range.start === 0 && node.length === 0)) {
    const { offset, length } = resolveRange(range, node.length);
    const wantMd5 = r.ctx.header('x-ms-range-get-content-md5') === 'true';
    if (wantMd5 && length > MAX_MD5_RANGE) throw new Gen2Error(400, 'OutOfRangeInput', 'The specified range is larger than 4 MiB: no MD5 can be returned for it.');
    const h = store.openRead(t.ns, t.path, t.caller, offset, length);
    const headers = { ...base, ...contentHeaders(node.props.content, false), 'Content-Range': `bytes ${offset}-${offset + h.length - 1}/${h.size}` };
    if (wantMd5) return sendBuffered(r, h, headers);
    return sendBytes(r, 206, h, headers);
  }
  const h = store.openRead(t.ns, t.path, t.caller, 0);
  await sendBytes(r, 200, h, { ...base, ...contentHeaders(node.props.content, true) });
}

/** Largest range the service returns an MD5 for (`x-ms-range-get-content-md5`). */
const MAX_MD5_RANGE = 4 * 1024 * 1024;

/** A small range (≤ 4 MiB) with the MD5 of its bytes: the only case where a read is buffered. */
async function sendBuffered(r: Gen2Request, h: ReadHandle, headers: Record<string, string | number | undefined>): Promise<void> {
  const bytes = Buffer.concat(await h.stream().toArray());
  const all = { ...commonHeaders(r.ctx, r.api), ...headers, 'Content-Length': bytes.length, 'Content-MD5': createHash('md5').update(bytes).digest('base64') };
  r.ctx.res.writeHead(206, Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string | number>);
  r.ctx.res.end(r.ctx.method === 'HEAD' ? undefined : bytes);
}
