import { Gen2Error } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Request } from '../request.js';
import { checkPathLease, runLeaseAction } from '../leases/path-leases.js';
import { etagOf } from './blob-view.js';
import { blobPath, requireContainer, statBlob } from './containers.js';

export { leaseHeaders, leasesOf } from '../leases/path-leases.js';

/** A write to a blob (Put Blob, Put Block, Put Block List, Set Blob Properties, Delete Blob) honours its lease. */
export function checkBlobLease(r: Gen2Request, ns: string, path: readonly string[]): void {
  checkPathLease(r, ns, path, 'blob');
}

/** Lease Blob (`PUT /{container}/{blob}?comp=lease`): the shared lease actions on an existing blob. */
export function leaseBlob(r: Gen2Request): void {
  requireContainer(r);
  const { ns, path } = blobPath(r);
  const node = statBlob(r, ns, path);
  if (!node) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  const { status, headers } = runLeaseAction(r, node.id);
  sendEmpty(r, status, { ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString(), ...headers });
}
