import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { sendEmpty } from '../reply.js';
import { blobPath, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { checkWriteConditions } from './write-conditions.js';

/**
 * Delete Blob (`DELETE /{container}/{blob}`) on a hierarchical account: a file, or an empty directory; a directory
 * with children is refused (409 DirectoryIsNotEmpty: the DFS API deletes recursively). Snapshots do not exist here.
 */
export function deleteBlob(r: Gen2Request): void {
  requireContainer(r);
  if (r.query.has('snapshot') || r.query.has('versionid')) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
  const { ns, path } = blobPath(r);
  const node = statBlob(r, ns, path);
  if (!node) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  checkWriteConditions(r, node);
  checkBlobLease(r, ns, path);
  if (node.kind === 'dir' && r.core.store.list(ns, path, r.identity.caller, { limit: 1 }).children.length > 0) {
    throw new Gen2Error(409, 'DirectoryIsNotEmpty', 'This operation is not permitted on a non-empty directory.');
  }
  r.core.store.delete(ns, path, r.identity.caller, false);
  sendEmpty(r, 202, { 'x-ms-delete-type-permanent': 'true' });
}
