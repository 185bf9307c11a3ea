import { gen2Errors } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { checkPathLease, leaseDuration, leaseIdHeader, leasesOf } from '../leases/path-leases.js';
import type { Target } from '../target.js';

export interface WriteLease { done(): void; failed(): void }

/**
 * The lease side of a DFS append or flush (`x-ms-lease-action`, DataLakeStorage.json's LeaseAction):
 * - none: the write must carry the active lease's id (412 LeaseIdMissing / LeaseIdMismatch otherwise);
 * - `acquire`: takes the lease (`x-ms-proposed-lease-id`, `x-ms-lease-duration`) before writing;
 * - `auto-renew`: renews the lease named by `x-ms-lease-id`;
 * - `release`: writes under the lease, and a flush releases it;
 * - `acquire-release`: takes the lease for this one write, then releases it.
 * Returns what to do once the write has succeeded (`done`) or failed (`failed`: a lease taken for it is let go).
 */
export function takeWriteLease(r: Gen2Request, t: Target, flushing: boolean): WriteLease {
  const leases = leasesOf(r);
  const key = r.core.store.stat(t.ns, t.path, t.caller).id; // 404 PathNotFound when missing
  const action = r.ctx.header('x-ms-lease-action')?.toLowerCase();
  const nothing = () => {};
  const release = (id: string) => () => leases.release(key, id);
  switch (action) {
    case undefined:
      checkPathLease(r, t.ns, t.path, 'dfs');
      return { done: nothing, failed: nothing };
    case 'acquire':
    case 'acquire-release': {
      const id = leases.acquire(key, leaseDuration(r), leaseIdHeader(r, 'x-ms-proposed-lease-id', true));
      return { done: action === 'acquire-release' ? release(id) : nothing, failed: release(id) };
    }
    case 'auto-renew': {
      const id = leaseIdHeader(r, 'x-ms-lease-id', true)!;
      leases.renew(key, id);
      return { done: nothing, failed: nothing };
    }
    case 'release': {
      const id = leaseIdHeader(r, 'x-ms-lease-id', true)!;
      checkPathLease(r, t.ns, t.path, 'dfs');
      return { done: flushing ? release(id) : nothing, failed: nothing };
    }
    default:
      throw gen2Errors.invalidHeader('x-ms-lease-action', action);
  }
}
