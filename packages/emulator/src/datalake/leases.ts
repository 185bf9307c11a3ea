import { StoreError } from '../store/errors.js';

/** A lease nobody renewed for this long is abandoned and may be taken over (HDFS soft limit). */
export const LEASE_SOFT_LIMIT_MS = 60_000;

/**
 * Single-writer leases (filesystem-api §6.1), in memory: CREATE/APPEND with a `leaseid` and a syncFlag
 * other than CLOSE take the file; CLOSE or an overwriting CREATE frees it; a write carrying a different
 * lease id while it is held fails. Writes without a lease id are not checked (legacy clients).
 */
export class Leases {
  private readonly held = new Map<number, { id: string; at: number }>();

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
  }

  forget(fileId: number): void {
    this.held.delete(fileId);
  }
}
