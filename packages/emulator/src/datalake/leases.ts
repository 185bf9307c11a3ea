import { StoreError } from '../store/errors.js';

/** A lease nobody renewed for this long is abandoned and may be taken over (HDFS soft limit). */
export const LEASE_SOFT_LIMIT_MS = 60_000;

/**
 * Single-writer leases (filesystem-api §6.1), in memory, keyed by inode id (never reused: see the
 * datalake-002 migration): CREATE/APPEND with a `leaseid` and a syncFlag other than CLOSE take the file;
 * CLOSE frees it, and concat forgets its sources. A write carrying a different lease id while the lease is
 * held (renewed within the soft limit) fails. Writes without a lease id are not checked (legacy clients).
 *
 * Files that go away otherwise (DELETE, rename over, overwriting CREATE, expiry) keep no lease alive: their
 * new inode has a new id, and entries past the soft limit, which no longer hold anything, are swept.
 */
export class Leases {
  private readonly held = new Map<number, { id: string; at: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number) {}

  check(fileId: number, leaseId: string | undefined): void {
    if (!leaseId) return;
    const h = this.held.get(fileId);
    if (h && h.id !== leaseId && this.now() - h.at < LEASE_SOFT_LIMIT_MS) {
      throw new StoreError('LeaseConflict', 'The file is open by another writer');
    }
  }

  /** Records the outcome of a successful write. */
  update(fileId: number, leaseId: string | undefined, syncFlag: string): void {
    if (!leaseId) return;
    if (syncFlag === 'CLOSE') this.held.delete(fileId);
    else this.held.set(fileId, { id: leaseId, at: this.now() });
    this.sweep();
  }

  forget(fileId: number): void {
    this.held.delete(fileId);
  }

  /** How many leases are recorded (held or lapsed but not yet swept). */
  get size(): number {
    return this.held.size;
  }

  /** Drops lapsed entries, at most once per soft limit: memory stays bounded by the leases taken lately. */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + LEASE_SOFT_LIMIT_MS;
    for (const [fileId, h] of this.held) if (now - h.at >= LEASE_SOFT_LIMIT_MS) this.held.delete(fileId);
  }
}
