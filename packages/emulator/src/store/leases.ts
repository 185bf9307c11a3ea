import { LEASE_SOFT_LIMIT_MS } from '../defaults.js';
import { StoreError } from './errors.js';
import type { MetadataBackend } from './metadata.js';

/** How a write uses a lease: its id (none = legacy client, not checked) and whether it releases it (CLOSE). */
export interface LeaseUse { id?: string; release: boolean }

/**
 * Single-writer leases (filesystem-api §6.1), persisted by the metadata backend with their file (deleting the
 * file drops its lease). A write with a lease id and no release takes or renews the file's lease; a release frees
 * it. A write carrying another lease id while the lease is held (renewed within the soft limit) fails.
 */
export class LeaseTable {
  private nextSweep = 0;

  constructor(private readonly meta: MetadataBackend, private readonly now: () => number) {}

  /** Throws LeaseConflict when another writer holds the file. */
  check(fileId: number, use: LeaseUse | undefined): void {
    if (!use?.id) return;
    const held = this.meta.lease(fileId);
    if (held && held.id !== use.id && this.now() - held.renewedAt < LEASE_SOFT_LIMIT_MS) {
      throw new StoreError('LeaseConflict', 'The file is open by another writer');
    }
  }

  /** Records a successful write (inside its transaction). */
  record(fileId: number, use: LeaseUse | undefined): void {
    if (!use?.id) return;
    const now = this.now();
    this.meta.setLease(fileId, use.release ? undefined : { id: use.id, renewedAt: now });
    // Lapsed leases hold nothing: drop them, at most once per soft limit, so the table stays small.
    if (now >= this.nextSweep) {
      this.nextSweep = now + LEASE_SOFT_LIMIT_MS;
      this.meta.dropLeasesBefore(now - LEASE_SOFT_LIMIT_MS);
    }
  }
}
