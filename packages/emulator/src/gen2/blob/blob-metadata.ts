import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etag } from '../shapes/http-dates.js';
import { versionHeaders } from '../shapes/path-headers.js';
import { metaHeaders, metaResponseHeaders } from '../shapes/properties.js';
import { targetOf } from '../target.js';
import { blobMetadata } from './blob-read.js';

/** Set Blob Metadata: PUT /{container}/{blob}?comp=metadata (x-ms-meta-*: replaces all) → 200. Needs w. */
export const setBlobMetadata: Gen2Handler = (r) => {
  const t = targetOf(r);
  const store = r.core.store;
  const cur = store.stat(t.ns, t.path, t.caller);
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  const metadata = metaHeaders(r.ctx.req.headers);
  delete metadata.hdi_isfolder; // a directory stays a directory: the flag is derived, not stored
  const node = store.setProps(t.ns, t.path, t.caller, { metadata });
  sendEmpty(r, 200, { ...versionHeaders(node), 'x-ms-request-server-encrypted': 'true' });
};

/** Get Blob Metadata: GET|HEAD /{container}/{blob}?comp=metadata → 200 with x-ms-meta-*. */
export const getBlobMetadata: Gen2Handler = (r) => {
  const t = targetOf(r);
  const node = r.core.store.stat(t.ns, t.path, t.caller);
  sendEmpty(r, 200, { ...versionHeaders(node), ...metaResponseHeaders(blobMetadata(node)) });
};
