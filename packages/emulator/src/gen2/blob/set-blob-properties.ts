import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { contentHeadersFrom } from './blob-headers.js';
import { sendEmpty } from '../reply.js';
import { etagOf } from './blob-view.js';
import { blobPath, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { checkWriteConditions } from './write-conditions.js';

/**
 * Set Blob Properties (`PUT /{container}/{blob}?comp=properties`): the `x-ms-blob-*` content headers replace the
 * stored ones (a header left out clears that property, as on Azure); metadata is kept.
 */
export function setBlobProperties(r: Gen2Request): void {
  requireContainer(r);
  const { ns, path } = blobPath(r);
  const node = statBlob(r, ns, path);
  if (!node) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  checkWriteConditions(r, node);
  checkBlobLease(r, ns, path);
  const updated = r.core.store.setProps(ns, path, r.identity.caller, { content: contentHeadersFrom(r.ctx.req) });
  sendEmpty(r, 200, { ETag: etagOf(updated), 'Last-Modified': new Date(updated.mtime).toUTCString() });
}
