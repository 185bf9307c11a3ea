import { Gen2Error, gen2Errors } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Request } from '../request.js';
import { etagOf } from './blob-view.js';
import { blobPath, requireContainer, statBlob } from './containers.js';
import { BlobLeases, type LeaseView } from './lease-table.js';

const tables = new WeakMap<object, BlobLeases>();

/** The emulator's blob leases (one table per emulator core). */
export function leasesOf(r: Gen2Request): BlobLeases {
  let t = tables.get(r.core);
  if (!t) tables.set(r.core, (t = new BlobLeases(() => r.core.options.now())));
  return t;
}

export const leaseKey = (ns: string, path: readonly string[]) => `${ns}/${path.join('/')}`;

/** A write to a blob (Put Blob, Put Block, Put Block List, Set Blob Properties, Delete Blob) honours its lease. */
export function checkBlobLease(r: Gen2Request, ns: string, path: readonly string[]): void {
  leasesOf(r).checkWrite(leaseKey(ns, path), r.ctx.header('x-ms-lease-id'));
}

/** The lease as the `x-ms-lease-*` headers of a blob's properties show it. */
export function leaseHeaders(r: Gen2Request, ns: string, path: readonly string[]): Record<string, string | undefined> {
  const v: LeaseView = leasesOf(r).view(leaseKey(ns, path));
  return { 'x-ms-lease-state': v.state, 'x-ms-lease-status': v.status, 'x-ms-lease-duration': v.duration };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(r: Gen2Request, name: string, required: boolean): string | undefined {
  const v = r.ctx.header(name);
  if (v === undefined && required) throw gen2Errors.missingHeader(name);
  return v;
}

function leaseIdHeader(r: Gen2Request, name: string, required: boolean): string | undefined {
  const v = header(r, name, required);
  if (v !== undefined && !GUID.test(v)) throw gen2Errors.invalidHeader(name, v);
  return v;
}

function intHeader(r: Gen2Request, name: string, ok: (n: number) => boolean): number | undefined {
  const v = r.ctx.header(name);
  if (v === undefined) return undefined;
  const n = /^-?\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (!ok(n)) throw gen2Errors.invalidHeader(name, v);
  return n;
}

/**
 * Lease Blob (`PUT /{container}/{blob}?comp=lease`, `x-ms-lease-action: acquire|renew|change|release|break`):
 * 201 with the lease id for acquire, 200 for renew/change/release, 202 with `x-ms-lease-time` for break.
 */
export function leaseBlob(r: Gen2Request): void {
  requireContainer(r);
  const { ns, path } = blobPath(r);
  const node = statBlob(r, ns, path);
  if (!node) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  const leases = leasesOf(r);
  const key = leaseKey(ns, path);
  const version = { ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString() };
  const action = header(r, 'x-ms-lease-action', true)!.toLowerCase();
  switch (action) {
    case 'acquire': {
      const duration = intHeader(r, 'x-ms-lease-duration', (n) => n === -1 || (n >= 15 && n <= 60));
      if (duration === undefined) throw gen2Errors.missingHeader('x-ms-lease-duration');
      const id = leases.acquire(key, duration, leaseIdHeader(r, 'x-ms-proposed-lease-id', false));
      return sendEmpty(r, 201, { ...version, 'x-ms-lease-id': id });
    }
    case 'renew': {
      const id = leaseIdHeader(r, 'x-ms-lease-id', true)!;
      leases.renew(key, id);
      return sendEmpty(r, 200, { ...version, 'x-ms-lease-id': id });
    }
    case 'change': {
      const proposed = leaseIdHeader(r, 'x-ms-proposed-lease-id', true)!;
      leases.change(key, leaseIdHeader(r, 'x-ms-lease-id', true)!, proposed);
      return sendEmpty(r, 200, { ...version, 'x-ms-lease-id': proposed });
    }
    case 'release':
      leases.release(key, leaseIdHeader(r, 'x-ms-lease-id', true)!);
      return sendEmpty(r, 200, version);
    case 'break': {
      const seconds = leases.break(key, intHeader(r, 'x-ms-lease-break-period', (n) => n >= 0 && n <= 60));
      return sendEmpty(r, 202, { ...version, 'x-ms-lease-time': seconds });
    }
    default:
      throw gen2Errors.invalidHeader('x-ms-lease-action', action);
  }
}
