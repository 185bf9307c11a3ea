import { randomUUID } from 'node:crypto';
import type { PathLeaseRecord } from '../../store/metadata.js';
import { Gen2Error } from '../errors.js';

/** One lease: fixed (15–60 s) or infinite (-1), possibly being broken. */
type Lease = PathLeaseRecord;

/** Which API's error codes a write's lease check answers with. */
export type LeaseFlavour = 'blob' | 'dfs';

/** What a path's lease looks like now (the `x-ms-lease-*` headers and List Blobs properties). */
export interface LeaseView { state: 'available' | 'leased' | 'expired' | 'breaking' | 'broken'; status: 'locked' | 'unlocked'; duration?: 'infinite' | 'fixed' }

/**
 * Where leases live: `get` reads one, `update` changes one atomically (the store, by inode id, in production; a
 * map in unit tests).
 */
export interface LeaseStorage<K> {
  get(key: K): Lease | undefined;
  update<T>(key: K, fn: (current: Lease | undefined) => { lease: Lease | undefined; result: T }): T;
}

/** Leases in a map (unit tests). */
export class MapLeaseStorage<K> implements LeaseStorage<K> {
  private readonly map = new Map<K, Lease>();
  get(key: K): Lease | undefined { return this.map.get(key); }
  update<T>(key: K, fn: (current: Lease | undefined) => { lease: Lease | undefined; result: T }): T {
    const { lease, result } = fn(this.map.get(key));
    if (lease) this.map.set(key, lease); else this.map.delete(key);
    return result;
  }
}

const conflict = (code: string, message: string) => new Gen2Error(409, code, message);
const lease412 = (code: string, message: string) => new Gen2Error(412, code, message);
const kind = (l: Lease) => (l.duration === -1 ? 'infinite' : 'fixed') as 'infinite' | 'fixed';

/**
 * Path leases (Lease Blob `comp=lease`, DFS Path_Lease and the lease actions of append/flush): acquire, renew,
 * change, release, break, with Azure's states and error codes, and the check every write makes. An expired lease is
 * simply not active.
 */
export class BlobLeases<K = string> {
  constructor(private readonly now: () => number, private readonly storage: LeaseStorage<K> = new MapLeaseStorage<K>()) {}

  private viewOf(l: Lease | undefined): LeaseView {
    if (!l) return { state: 'available', status: 'unlocked' };
    const t = this.now();
    if (l.breakAt !== undefined) return t >= l.breakAt ? { state: 'broken', status: 'unlocked' } : { state: 'breaking', status: 'locked', duration: kind(l) };
    if (l.duration !== -1 && t >= l.expiresAt) return { state: 'expired', status: 'unlocked' };
    return { state: 'leased', status: 'locked', duration: kind(l) };
  }

  view(key: K): LeaseView {
    return this.viewOf(this.storage.get(key));
  }

  acquire(key: K, duration: number, proposed: string | undefined): string {
    return this.storage.update(key, (lease) => {
      const view = this.viewOf(lease);
      if (view.state === 'breaking') throw conflict('LeaseIsBreakingAndCannotBeAcquired', 'There is already a lease present, and it is being broken.');
      if (view.state === 'leased' && lease!.id !== proposed) throw conflict('LeaseAlreadyPresent', 'There is already a lease present.');
      const id = proposed ?? randomUUID();
      return { lease: { id, duration, expiresAt: this.now() + duration * 1000 }, result: id };
    });
  }

  renew(key: K, id: string): void {
    this.storage.update(key, (lease) => {
      const view = this.viewOf(lease);
      if (!lease) throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
      if (lease.id !== id) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
      if (view.state === 'breaking' || view.state === 'broken') throw conflict('LeaseIsBrokenAndCannotBeRenewed', 'The lease ID matched, but the lease has been broken explicitly and cannot be renewed.');
      return { lease: { ...lease, expiresAt: this.now() + lease.duration * 1000 }, result: undefined };
    });
  }

  change(key: K, id: string, proposed: string): void {
    this.storage.update(key, (lease) => {
      const view = this.viewOf(lease);
      if (!lease || view.state === 'expired') throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
      if (lease.id !== id && lease.id !== proposed) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
      if (view.state === 'breaking') throw conflict('LeaseIsBreakingAndCannotBeChanged', 'The lease ID matched, but the lease is currently in breaking state and cannot be changed.');
      if (view.state === 'broken') throw conflict('LeaseIsBrokenAndCannotBeRenewed', 'The lease ID matched, but the lease has been broken explicitly and cannot be renewed.');
      return { lease: { ...lease, id: proposed }, result: undefined };
    });
  }

  release(key: K, id: string): void {
    this.storage.update(key, (lease) => {
      if (!lease) throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
      if (lease.id !== id) throw conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
      return { lease: undefined, result: undefined };
    });
  }

  /** Breaks the lease after `period` seconds (default: a fixed lease's remaining time, an infinite one at once); returns the seconds left. */
  break(key: K, period: number | undefined): number {
    return this.storage.update(key, (lease) => {
      const view = this.viewOf(lease);
      if (!lease || view.state === 'available') throw conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
      const t = this.now();
      if (view.state === 'broken' || view.state === 'expired') return { lease: { ...lease, breakAt: Math.min(lease.breakAt ?? t, t) }, result: 0 };
      const remaining = lease.duration === -1 ? 0 : Math.max(0, lease.expiresAt - t);
      const wait = period === undefined ? remaining : Math.min(period * 1000, lease.duration === -1 ? Infinity : remaining);
      const breakAt = Math.min(lease.breakAt ?? Infinity, t + wait);
      return { lease: { ...lease, breakAt }, result: Math.ceil((breakAt - t) / 1000) };
    });
  }

  /**
   * A write's lease check: with an active lease (leased or breaking) the request must name it (412 LeaseIdMissing,
   * or a mismatch); a lease id on a path without one is refused too. The Blob API and the DFS API word the mismatch
   * differently (LeaseIdMismatchWithBlobOperation / LeaseIdMismatch, LeaseNotPresentWithBlobOperation / LeaseNotPresent).
   */
  checkWrite(key: K, given: string | undefined, flavour: LeaseFlavour = 'blob'): void {
    const lease = this.storage.get(key);
    const view = this.viewOf(lease);
    const active = view.state === 'leased' || view.state === 'breaking';
    const thing = flavour === 'blob' ? 'blob' : 'resource';
    if (active && given === undefined) throw lease412('LeaseIdMissing', `There is currently a lease on the ${thing} and no lease ID was specified in the request.`);
    if (active && given !== lease!.id) throw lease412(flavour === 'blob' ? 'LeaseIdMismatchWithBlobOperation' : 'LeaseIdMismatch', `The lease ID specified did not match the lease ID for the ${thing}.`);
    if (!active && given !== undefined) {
      if (flavour === 'dfs' && lease && lease.id === given) throw lease412('LeaseLost', 'A lease ID was specified, but the lease for the resource has expired.');
      throw lease412(flavour === 'blob' ? 'LeaseNotPresentWithBlobOperation' : 'LeaseNotPresent', `There is currently no lease on the ${thing}.`);
    }
  }
}
