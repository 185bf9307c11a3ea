import type { Inode } from '../../store/inode.js';
import { StoreError } from '../../store/errors.js';
import { Gen2Error } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler, Gen2Request } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { requestedContentHeaders, versionHeaders } from '../shapes/path-headers.js';
import { parseAcl, parsePermissions, parseUmask } from '../shapes/permissions.js';
import { parseDfsProperties } from '../shapes/properties.js';
import { etag } from '../shapes/http-dates.js';
import { parseExpiry } from '../shapes/expiry.js';
import { resolvePrincipal, targetOf, type Target } from '../target.js';
import { renamePath } from './path-rename.js';
import { checkPathLease, leaseDuration, leaseIdHeader, leasesOf } from '../leases/path-leases.js';

/** Gen2's umask when the request names none: new files `rw-r-----`, new directories `rwxr-x---` (the recordings). */
export const DEFAULT_UMASK = 0o027;

/** The path as it is now, or undefined when nothing is there. */
export function existing(r: Gen2Request, t: Target): Inode | undefined {
  try {
    return r.core.store.stat(t.ns, t.path, t.caller);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'NotFound') return undefined;
    throw e;
  }
}

/**
 * Path_Create: PUT /{filesystem}/{path}?resource=file|directory (x-ms-permissions, x-ms-umask, x-ms-acl, x-ms-owner,
 * x-ms-group, x-ms-properties, content headers, conditions), or a rename with x-ms-rename-source. Missing parents
 * are created. A file replaces an existing file; a directory over an existing directory succeeds unchanged;
 * `If-None-Match: *` over anything existing is 409 PathAlreadyExists.
 */
export const createPath: Gen2Handler = async (r) => {
  if (r.ctx.header('x-ms-rename-source') !== undefined) return renamePath(r);
  const resource = r.query.get('resource');
  if (resource !== 'file' && resource !== 'directory') {
    throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'resource', 'x-ms-invalid-query-parameter-value': (resource ?? '').slice(0, 64) });
  }
  const t = targetOf(r);
  const h = (n: string) => r.ctx.header(n);
  const mode = h('x-ms-permissions') !== undefined ? parsePermissions(h('x-ms-permissions')!) : undefined;
  const umask = h('x-ms-umask') !== undefined ? parseUmask(h('x-ms-umask')!) : DEFAULT_UMASK;
  const acl = h('x-ms-acl') !== undefined ? parseAcl(h('x-ms-acl')!, true, (n) => resolvePrincipal(r, n)) : undefined;
  const metadata = parseDfsProperties(h('x-ms-properties'));
  const content = resource === 'file' ? requestedContentHeaders(h) : undefined;
  const props = { ...(metadata ? { metadata } : {}), ...(content ? { content } : {}) };

  const cur = existing(r, t);
  if (cur && h('if-none-match')?.trim() === '*') throw new Gen2Error(409, 'PathAlreadyExists', 'The specified path already exists.');
  checkConditions(r.ctx.req.headers, cur ? { etag: etag(cur.id, cur.version), lastModified: cur.mtime } : undefined, false);
  if (cur) checkPathLease(r, t.ns, t.path, 'dfs');
  // Replacing a leased file (with its lease id) keeps the lease on the new file, as Put Blob does.
  const keptLease = cur ? r.core.store.pathLease(cur.id) : undefined;
  // A lease on create (x-ms-proposed-lease-id + x-ms-lease-duration) is read before anything is written.
  const proposed = leaseIdHeader(r, 'x-ms-proposed-lease-id', false);
  const duration = proposed !== undefined ? leaseDuration(r) : undefined;
  const expiry = resource === 'file' ? parseExpiry(h, r.core.options.now(), false) : undefined;

  const store = r.core.store;
  let node: Inode;
  if (resource === 'directory') {
    if (cur && cur.kind === 'file') throw new Gen2Error(409, 'PathConflict', 'The specified path, or an element of the path, exists and its resource type is invalid for this operation.');
    node = store.mkdirs(t.ns, t.path, t.caller, mode, { umask, props });
  } else {
    if (cur && cur.kind === 'dir') throw new Gen2Error(409, 'PathConflict', 'The specified path, or an element of the path, exists and its resource type is invalid for this operation.');
    node = await store.createFile(t.ns, t.path, t.caller, { overwrite: true, createParent: true, mode: mode ?? 0o666, umask, props });
  }
  if (acl) store.modifyAclEntries(t.ns, t.path, t.caller, acl);
  const owner = h('x-ms-owner'), group = h('x-ms-group');
  if (owner !== undefined || group !== undefined) {
    store.setOwner(t.ns, t.path, t.caller, owner === undefined ? undefined : resolvePrincipal(r, owner), group === undefined ? undefined : resolvePrincipal(r, group));
  }
  if (acl || owner !== undefined || group !== undefined) node = store.stat(t.ns, t.path, t.caller);
  if (keptLease && node.id !== cur!.id) r.core.store.updatePathLease(node.id, () => ({ lease: keptLease, result: undefined }));
  if (expiry) {
    store.setExpiry(t.ns, t.path, t.caller, expiry);
    node = store.stat(t.ns, t.path, t.caller);
  }
  if (proposed !== undefined) leasesOf(r).acquire(node.id, duration!, proposed);
  sendEmpty(r, 201, { ...versionHeaders(node), 'x-ms-request-server-encrypted': 'true', 'Content-Length': 0 });
};
