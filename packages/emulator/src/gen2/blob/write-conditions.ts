import type { Inode } from '../../store/inode.js';
import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etagOf } from './blob-view.js';

/**
 * The conditional headers of a write (Put Blob, Put Block List, Set Blob Properties, Delete Blob) against the
 * blob as it is now (`node` undefined: it does not exist). `If-None-Match: *` on an existing blob is
 * BlobAlreadyExists (409); any other unmet condition is ConditionNotMet (412).
 */
export function checkWriteConditions(r: Gen2Request, node: Inode | undefined): void {
  if (node && r.ctx.header('if-none-match')?.trim() === '*') throw new Gen2Error(409, 'BlobAlreadyExists', 'The specified blob already exists.');
  checkConditions(r.ctx.req.headers, node && { etag: etagOf(node), lastModified: node.mtime }, false);
}
