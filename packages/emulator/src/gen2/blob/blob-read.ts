import type { Inode } from '../../store/inode.js';
import { readPath } from '../path-read.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { leaseHeaders } from '../leases/path-leases.js';
import { expiryHeader } from '../shapes/expiry.js';
import { etag } from '../shapes/http-dates.js';
import { contentHeaders, systemHeaders } from '../shapes/path-headers.js';
import { formatAcl } from '../shapes/permissions.js';
import { metaResponseHeaders } from '../shapes/properties.js';
import { nameStyle, targetOf } from '../target.js';

/** Metadata as the Blob API shows it: directories carry `hdi_isfolder=true` (what Blob-side code relies on). */
export const blobMetadata = (n: Inode): Readonly<Record<string, string>> =>
  n.kind === 'dir' ? { ...n.props.metadata, hdi_isfolder: 'true' } : n.props.metadata ?? {};

/** What the Blob API adds to a path's headers: its blob type, tier and metadata. */
export const blobHeaders = (n: Inode) => ({
  'x-ms-blob-type': 'BlockBlob', 'x-ms-access-tier': 'Hot', 'x-ms-access-tier-inferred': 'true',
  ...metaResponseHeaders(blobMetadata(n)),
});

/** Get Blob: GET /{container}/{blob} with Range / x-ms-range → 200 / 206 / 416 InvalidRange. */
export const getBlob: Gen2Handler = (r) => readPath(r, blobHeaders);

/**
 * Get Blob Properties: HEAD /{container}/{blob} → 200 with content headers, metadata, and on this hierarchical
 * account x-ms-resource-type, owner, group, permissions and ACL; 404 BlobNotFound (no body, as for every HEAD).
 */
export const getBlobProperties: Gen2Handler = (r) => {
  const t = targetOf(r);
  const node = r.core.store.stat(t.ns, t.path, t.caller);
  const tag = etag(node.id, node.version);
  if (checkConditions(r.ctx.req.headers, { etag: tag, lastModified: node.mtime }, true) === 304) return sendEmpty(r, 304, { ETag: tag });
  const name = nameStyle(r);
  sendEmpty(r, 200, {
    ...systemHeaders(node, name),
    ...contentHeaders(node.props.content, true),
    ...blobHeaders(node),
    'Content-Length': node.kind === 'file' ? node.length : 0,
    'Accept-Ranges': 'bytes',
    'x-ms-acl': formatAcl(node, name),
    ...leaseHeaders(r, node), ...expiryHeader(node), 'x-ms-server-encrypted': 'true',
  });
};
