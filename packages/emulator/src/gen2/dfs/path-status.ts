import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { leaseHeaders } from '../leases/path-leases.js';
import { expiryHeader } from '../shapes/expiry.js';
import { etag } from '../shapes/http-dates.js';
import { contentHeaders, systemHeaders, versionHeaders } from '../shapes/path-headers.js';
import { formatDfsProperties } from '../shapes/properties.js';
import { formatAcl } from '../shapes/permissions.js';
import { nameStyle, targetOf } from '../target.js';
import { getAccessControl } from './path-access.js';

/**
 * Path_GetProperties: HEAD /{filesystem}/{path}[?action=getStatus|getAccessControl][&upn]. The default shows the
 * system properties, content headers, `x-ms-properties` and the ACL; getStatus only the system properties.
 */
export const getPathProperties: Gen2Handler = (r) => {
  const action = r.query.get('action');
  if (action === 'getAccessControl') return getAccessControl(r);
  const t = targetOf(r);
  const node = r.core.store.stat(t.ns, t.path, t.caller);
  if (checkConditions(r.ctx.req.headers, { etag: etag(node.id, node.version), lastModified: node.mtime }, true) === 304) return sendEmpty(r, 304, versionHeaders(node));
  const name = nameStyle(r);
  const sys = systemHeaders(node, name);
  if (action === 'getStatus') return sendEmpty(r, 200, sys);
  sendEmpty(r, 200, {
    ...sys,
    ...contentHeaders(node.props.content, true),
    'Content-Length': node.kind === 'file' ? node.length : 0,
    'Accept-Ranges': 'bytes',
    'x-ms-properties': formatDfsProperties(node.props.metadata ?? {}),
    'x-ms-acl': formatAcl(node, name),
    ...leaseHeaders(r, node), ...expiryHeader(node), 'x-ms-server-encrypted': 'true',
  });
};
