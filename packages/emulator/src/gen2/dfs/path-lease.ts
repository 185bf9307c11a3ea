import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { runLeaseAction } from '../leases/path-leases.js';
import { versionHeaders } from '../shapes/path-headers.js';
import { targetOf } from '../target.js';

/**
 * Path_Lease: POST /{filesystem}/{path} with `x-ms-lease-action` (acquire|break|change|renew|release). The same
 * lease as Lease Blob's: 201 acquire, 200 renew/change/release, 202 break (`x-ms-lease-time`); 404 PathNotFound.
 */
export const leasePath: Gen2Handler = (r) => {
  const t = targetOf(r);
  const node = r.core.store.stat(t.ns, t.path, t.caller); // 404 PathNotFound
  const { status, headers } = runLeaseAction(r, node.id);
  sendEmpty(r, status, { ...versionHeaders(node), ...headers });
};
