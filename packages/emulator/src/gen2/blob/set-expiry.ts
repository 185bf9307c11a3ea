import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { sendEmpty } from '../reply.js';
import { parseExpiry } from '../shapes/expiry.js';
import { etagOf } from './blob-view.js';
import { blobPath, requireContainer, statBlob } from './containers.js';

/**
 * Set Blob Expiry (`PUT /{container}/{blob}?comp=expiry`, Path_SetExpiry; what DataLakeFileClient.setExpiry
 * sends): over the store's expiry, the one Gen1's SETEXPIRY sets, so an expired file disappears on both APIs.
 * Files only (a directory is 400 InvalidInput, from the store).
 */
export function setBlobExpiry(r: Gen2Request): void {
  requireContainer(r);
  const { ns, path } = blobPath(r);
  const before = statBlob(r, ns, path);
  if (!before) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  const rule = parseExpiry((n) => r.ctx.header(n), r.core.options.now(), true)!;
  r.core.store.setExpiry(ns, path, r.identity.caller, rule);
  // An expiry already past removes the file at once; the answer still describes the file it set.
  const node = statBlob(r, ns, path) ?? before;
  sendEmpty(r, 200, { ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString() });
}
