import { Gen2Error } from './errors.js';
import { sendBytes, sendEmpty } from './reply.js';
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
    const h = store.openRead(t.ns, t.path, t.caller, offset, length);
    return sendBytes(r, 206, h, { ...base, ...contentHeaders(node.props.content, false), 'Content-Range': `bytes ${offset}-${offset + h.length - 1}/${h.size}` });
  }
  const h = store.openRead(t.ns, t.path, t.caller, 0);
  await sendBytes(r, 200, h, { ...base, ...contentHeaders(node.props.content, true) });
}
