import type { Inode } from '../../store/inode.js';
import { StoreError } from '../../store/errors.js';
import { gen2Errors } from '../errors.js';
import { requiredHeader, type Gen2Request } from '../request.js';
import { BlobLeases, type LeaseFlavour, type LeaseView } from './lease-table.js';

const tables = new WeakMap<object, BlobLeases<number>>();

/**
 * The emulator's path leases, kept by the namespace store with their inode (persisted on the durable backend; gone
 * with the path) and keyed by inode id. Shared by the Blob and DFS APIs: a lease acquired with Lease Blob binds DFS
 * appends and flushes, and a lease taken on a DFS append binds Put Block List.
 */
export function leasesOf(r: Gen2Request): BlobLeases<number> {
  let t = tables.get(r.core);
  if (!t) {
    const store = r.core.store;
    t = new BlobLeases<number>(() => r.core.options.now(), { get: (id) => store.pathLease(id), update: (id, fn) => store.updatePathLease(id, fn) });
    tables.set(r.core, t);
  }
  return t;
}

/** The path's inode, or undefined when nothing is there. */
export function nodeAt(r: Gen2Request, ns: string, path: readonly string[]): Inode | undefined {
  try {
    return r.core.store.stat(ns, [...path], r.identity.caller);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'NotFound') return undefined;
    throw e;
  }
}

/** The lease as the `x-ms-lease-*` headers of a path's properties show it (HEAD on either API). */
export function leaseHeaders(r: Gen2Request, node: Inode): Record<string, string | undefined> {
  const v: LeaseView = leasesOf(r).view(node.id);
  return { 'x-ms-lease-state': v.state, 'x-ms-lease-status': v.status, 'x-ms-lease-duration': v.duration };
}

/** Lease ids as the service takes them: a GUID with or without dashes or braces; kept in the dashed lower-case form. */
const GUID = /^[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[)}]?$/i;

export function normaliseLeaseId(v: string): string | undefined {
  const m = GUID.exec(v);
  return m ? m.slice(1).join('-').toLowerCase() : undefined;
}

/**
 * A lease id header (`x-ms-lease-id`, `x-ms-proposed-lease-id`), normalised; 400 InvalidHeaderValue when malformed.
 * An empty value counts as absent: Python's azure-storage-file-datalake sends `x-ms-source-lease-id:` with no
 * value on every rename.
 */
export function leaseIdHeader(r: Gen2Request, name: string, required: boolean): string | undefined {
  const raw = r.ctx.header(name);
  const v = raw === '' ? undefined : raw;
  if (v === undefined) {
    if (required) throw gen2Errors.missingHeader(name);
    return undefined;
  }
  const id = normaliseLeaseId(v);
  if (!id) throw gen2Errors.invalidHeader(name, v);
  return id;
}

export function intHeader(r: Gen2Request, name: string, ok: (n: number) => boolean): number | undefined {
  const v = r.ctx.header(name);
  if (v === undefined) return undefined;
  const n = /^-?\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (!ok(n)) throw gen2Errors.invalidHeader(name, v);
  return n;
}

/** `x-ms-lease-duration` of an acquire: 15–60 seconds or -1 (infinite); required. */
export function leaseDuration(r: Gen2Request): number {
  const d = intHeader(r, 'x-ms-lease-duration', (n) => n === -1 || (n >= 15 && n <= 60));
  if (d === undefined) throw gen2Errors.missingHeader('x-ms-lease-duration');
  return d;
}

/** A write to a path honours its lease (`x-ms-lease-id`), with the error codes of the API it came through. */
export function checkPathLease(r: Gen2Request, ns: string, path: readonly string[], flavour: LeaseFlavour, header = 'x-ms-lease-id'): void {
  const given = leaseIdHeader(r, header, false);
  const node = nodeAt(r, ns, path);
  if (node) leasesOf(r).checkWrite(node.id, given, flavour);
  else if (given !== undefined) leasesOf(r).checkWrite(-1, given, flavour); // a lease id for nothing: not present
}

/**
 * Lease action (Lease Blob `PUT ?comp=lease`, DFS Path_Lease `POST`), `x-ms-lease-action: acquire|renew|change|
 * release|break`: 201 with the lease id for acquire, 200 for renew/change/release, 202 with `x-ms-lease-time` for break.
 */
export function runLeaseAction(r: Gen2Request, key: number): { status: number; headers: Record<string, string | number> } {
  const leases = leasesOf(r);
  const action = requiredHeader(r, 'x-ms-lease-action').toLowerCase();
  switch (action) {
    case 'acquire': {
      const duration = leaseDuration(r);
      return { status: 201, headers: { 'x-ms-lease-id': leases.acquire(key, duration, leaseIdHeader(r, 'x-ms-proposed-lease-id', false)) } };
    }
    case 'renew': {
      const id = leaseIdHeader(r, 'x-ms-lease-id', true)!;
      leases.renew(key, id);
      return { status: 200, headers: { 'x-ms-lease-id': id } };
    }
    case 'change': {
      const proposed = leaseIdHeader(r, 'x-ms-proposed-lease-id', true)!;
      leases.change(key, leaseIdHeader(r, 'x-ms-lease-id', true)!, proposed);
      return { status: 200, headers: { 'x-ms-lease-id': proposed } };
    }
    case 'release':
      leases.release(key, leaseIdHeader(r, 'x-ms-lease-id', true)!);
      return { status: 200, headers: {} };
    case 'break':
      return { status: 202, headers: { 'x-ms-lease-time': leases.break(key, intHeader(r, 'x-ms-lease-break-period', (n) => n >= 0 && n <= 60)) } };
    default:
      throw gen2Errors.invalidHeader('x-ms-lease-action', action);
  }
}
