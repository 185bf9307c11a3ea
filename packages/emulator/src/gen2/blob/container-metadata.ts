import { sendEmpty } from '../reply.js';
import type { Gen2Request } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { metaHeaders, metaResponseHeaders } from '../shapes/properties.js';
import { fileSystemOf } from '../target.js';
import { containerView } from './containers.js';

/**
 * Set Container Metadata (`PUT /{container}?restype=container&comp=metadata`): the `x-ms-meta-*` headers replace
 * the container's metadata (none: cleared). `If-Modified-Since` is the only condition Azure takes here.
 */
export function setContainerMetadata(r: Gen2Request): void {
  const cur = containerView(fileSystemOf(r));
  checkConditions(r.ctx.req.headers, { etag: cur.etag, lastModified: cur.lastModified }, false);
  const updated = r.filesystems.update(r.account.name, cur.name, { metadata: metaHeaders(r.ctx.req.headers) }, r.core.options.now());
  const v = containerView(updated ?? fileSystemOf(r));
  sendEmpty(r, 200, { ETag: v.etag, 'Last-Modified': new Date(v.lastModified).toUTCString() });
}

/** Get Container Metadata (`GET|HEAD /{container}?restype=container&comp=metadata`): `x-ms-meta-*`, ETag, Last-Modified. */
export function getContainerMetadata(r: Gen2Request): void {
  const v = containerView(fileSystemOf(r));
  sendEmpty(r, 200, { ETag: v.etag, 'Last-Modified': new Date(v.lastModified).toUTCString(), ...metaResponseHeaders(v.metadata) });
}
