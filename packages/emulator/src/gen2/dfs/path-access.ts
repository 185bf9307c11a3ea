import { Gen2Error } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etag } from '../shapes/http-dates.js';
import { versionHeaders } from '../shapes/path-headers.js';
import { formatAcl, parseAcl, parsePermissions, permissionsString } from '../shapes/permissions.js';
import { nameStyle, resolvePrincipal, targetOf } from '../target.js';

/**
 * Path_SetAccessControl: PATCH ?action=setAccessControl with `x-ms-acl` (replaces the whole ACL) or
 * `x-ms-permissions` (symbolic or octal, sticky t/T), and/or `x-ms-owner` / `x-ms-group`. Owner or super-user only
 * (owner changes: super-user only), as on Gen1. 200 with x-ms-namespace-enabled.
 */
export const setAccessControl: Gen2Handler = (r) => {
  const t = targetOf(r);
  const store = r.core.store;
  const h = (n: string) => r.ctx.header(n);
  const aclHeader = h('x-ms-acl'), perms = h('x-ms-permissions'), owner = h('x-ms-owner'), group = h('x-ms-group');
  if (aclHeader !== undefined && perms !== undefined) throw new Gen2Error(400, 'InvalidHeaderValue', 'x-ms-acl and x-ms-permissions are mutually exclusive.', { 'x-ms-invalid-header-name': 'x-ms-permissions' });
  const cur = store.stat(t.ns, t.path, t.caller);
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  if (aclHeader !== undefined) store.setAcl(t.ns, t.path, t.caller, parseAcl(aclHeader, true, (n) => resolvePrincipal(r, n)));
  if (perms !== undefined) store.setPermission(t.ns, t.path, t.caller, parsePermissions(perms));
  if (owner !== undefined || group !== undefined) {
    store.setOwner(t.ns, t.path, t.caller, owner === undefined ? undefined : resolvePrincipal(r, owner), group === undefined ? undefined : resolvePrincipal(r, group));
  }
  const node = store.stat(t.ns, t.path, t.caller);
  sendEmpty(r, 200, { ...versionHeaders(node), 'x-ms-namespace-enabled': 'true' });
};

/** Path_GetProperties action=getAccessControl: owner, group, permissions and the full ACL (`upn=true`: UPNs). */
export const getAccessControl: Gen2Handler = (r) => {
  const t = targetOf(r);
  const node = r.core.store.stat(t.ns, t.path, t.caller);
  if (checkConditions(r.ctx.req.headers, { etag: etag(node.id, node.version), lastModified: node.mtime }, true) === 304) return sendEmpty(r, 304, versionHeaders(node));
  const name = nameStyle(r);
  sendEmpty(r, 200, {
    ...versionHeaders(node),
    'x-ms-owner': name(node.owner), 'x-ms-group': name(node.group), 'x-ms-permissions': permissionsString(node), 'x-ms-acl': formatAcl(node, name),
  });
};
