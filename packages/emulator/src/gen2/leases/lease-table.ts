import { randomUUID } from 'node:crypto';
import { Gen2Error } from '../errors.js';

/** One blob lease: fixed (15–60 s) or infinite (-1), possibly being broken. */
interface Lease { id: string; duration: number; expiresAt: number; breakAt?: number }

/** What a blob's lease looks like now (the `x-ms-lease-*` headers and List Blobs properties). */
/** Which API's error codes a write's lease check answers with. */
export type LeaseFlavour = 'blob' | 'dfs';

export interface LeaseView { state: 'available' | 'leased' | 'expired' | 'breaking' | 'broken'; status: 'locked' | 'unlocked'; duration?: 'infinite' | 'fixed' }

const conflict = (code: string, message: string) => new Gen2Error(409, code, message);
const lease412 = (code: string, message: string) => new Gen2Error(412, code, message);

/**
 * Path leases (Lease Blob `comp=lease`, DFS Path_Lease and the lease actions of append/flush): acquire, renew, change, release, break, with Azure's states and error
 * codes, and the check every write makes. Held in memory per emulator, keyed by the blob's path: leases last
 * seconds or until released, and a restart releases them (documented).
 */
export class BlobLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly now: () => number) {}

  private current(key: string): { lease?: Lease; view: LeaseView } {
    const l = this.leases.get(key);
    if (!l) return { view: { state: 'available', status: 'unlocked' } };
    const t = this.now();
    if (l.breakAt !== undefined) return { lease: l, view: t >= l.breakAt ? { state: 'broken', status: 'unlocked' } : { state: 'breaking', status: 'locked', duration: this.kind(l) } };
    if (l.duration !== -1 && t >= l.expiresAt) return { lease: l, view: { state: 'expired', status: 'unlocked' } };
    return { lease: l, view: { state: 'leased', status: 'locked', duration: this.kind(l) } };
  }

  private kind = (l: Lease) => (l.duration === -1 ? 'infinite' : 'fixed') as 'infinite' | 'fixed';

  view(key: string): LeaseView {
    return this.current(key).view;
  }

  acquire(key: string, duration: number, proposed: string | undefined): string {
    const { lease, view } = this.current(key);
    if (view.state === 'breaking') throw conflict('LeaseIsBreakingAndCannotBeAcquired', 'There is already a lease present, and it is being broken.');
    if (view.state === 'leased' && lease!.id !== proposed) throw conflict('LeaseAlreadyPresent', 'There is already a lease present.');
    const id = proposed ?? randomUUID();
    this.leases.set(key, { id, duration, expiresAt: this.now() + duration * 1000 });
    return id;
  }

  renew(key: string, id: string): void {
    const { lease, view } = this.current(key);
    if (!lease) throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
    if (lease.id !== id) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
    if (view.state === 'breaking' || view.state === 'broken') throw conflict('LeaseIsBrokenAndCannotBeRenewed', 'The lease ID matched, but the lease has been broken explicitly and cannot be renewed.');
    lease.expiresAt = this.now() + lease.duration * 1000;
  }

  change(key: string, id: string, proposed: string): void {
    const { lease, view } = this.current(key);
    if (!lease || view.state === 'expired') throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
    if (lease.id !== id && lease.id !== proposed) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
    if (view.state === 'breaking') throw conflict('LeaseIsBreakingAndCannotBeChanged', 'The lease ID matched, but the lease is currently in breaking state and cannot be changed.');
    if (view.state === 'broken') throw conflict('LeaseIsBrokenAndCannotBeRenewed', 'The lease ID matched, but the lease has been broken explicitly and cannot be renewed.');
    lease.id = proposed;
  }

  release(key: string, id: string): void {
    const { lease } = this.current(key);
    if (!lease) throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
    if (lease.id !== id) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
    this.leases.delete(key);
  }

  /** Breaks the lease after `period` seconds (default: a fixed lease's remaining time, an infinite one at once); returns the seconds left. */
  break(key: string, period: number | undefined): number {
    const { lease, view } = this.current(key);
    if (!lease || view.state === 'available') throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
    const t = this.now();
    if (view.state === 'broken' || view.state === 'expired') {
      lease.breakAt = Math.min(lease.breakAt ?? t, t);
      return 0;
    }
    const remaining = lease.duration === -1 ? 0 : Math.max(0, lease.expiresAt - t);
    const wait = period === undefined ? remaining : Math.min(period * 1000, lease.duration === -1 ? Infinity : remaining);
    lease.breakAt = Math.min(lease.breakAt ?? Infinity, t + wait);
    return Math.ceil((lease.breakAt - t) / 1000);
  }

  /**
   * A write's lease check: with an active lease (leased or breaking) the request must name it (412 LeaseIdMissing,
   * or a mismatch); a lease id on a path without one is refused too. The Blob API and the DFS API word the mismatch
   * differently (LeaseIdMismatchWithBlobOperation / LeaseIdMismatch, LeaseNotPresentWithBlobOperation / LeaseNotPresent).
   */
  checkWrite(key: string, given: string | undefined, flavour: LeaseFlavour = 'blob'): void {
    const { lease, view } = this.current(key);
    const active = view.state === 'leased' || view.state === 'breaking';
    const thing = flavour === 'blob' ? 'blob' : 'resource';
    if (active && given === undefined) throw lease412('LeaseIdMissing', `There is currently a lease on the ${thing} and no lease ID was specified in the request.`);
    if (active && given !== lease!.id) throw lease412(flavour === 'blob' ? 'LeaseIdMismatchWithBlobOperation' : 'LeaseIdMismatch', `The lease ID specified did not match the lease ID for the ${thing}.`);
    if (!active && given !== undefined) {
      if (flavour === 'dfs' && lease && lease.id === given) throw lease412('LeaseLost', 'A lease ID was specified, but the lease for the resource has expired.');
      throw lease412(flavour === 'blob' ? 'LeaseNotPresentWithBlobOperation' : 'LeaseNotPresent', `There is currently no lease on the ${thing}.`);
    }
  }

  /** Forgets the lease of a blob that is gone. */
  drop(key: string): void {
    this.leases.delete(key);
  }
}
