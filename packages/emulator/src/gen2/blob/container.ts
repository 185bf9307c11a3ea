import { Gen2Error } from '../errors.js';
import { createFileSystem, deleteFileSystem } from '../filesystems/lifecycle.js';
import type { FileSystemRecord } from '../filesystems/registry.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { fileSystemEtag, httpDate } from '../shapes/http-dates.js';
import { metaHeaders, metaResponseHeaders } from '../shapes/properties.js';
import { fileSystemOf } from '../target.js';

const versionHeaders = (fs: FileSystemRecord) => ({ ETag: fileSystemEtag(fs.createdAt, fs.version), 'Last-Modified': httpDate(fs.modifiedAt) });

function publicAccessOf(v: string | undefined): 'container' | 'blob' | undefined {
  if (v === undefined || v === '') return undefined;
  if (v === 'container' || v === 'blob') return v;
  throw new Gen2Error(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', { 'x-ms-invalid-header-name': 'x-ms-blob-public-access', 'x-ms-invalid-header-value': v.replace(/[^\x20-\x7e]/g, '?').slice(0, 64) });
}

/** Create Container: PUT /{container}?restype=container (x-ms-meta-*, x-ms-blob-public-access) → 201; 409 ContainerAlreadyExists. */
export const createContainer: Gen2Handler = (r) => {
  const fs = createFileSystem(r, { metadata: metaHeaders(r.ctx.req.headers), publicAccess: publicAccessOf(r.ctx.header('x-ms-blob-public-access')) });
  sendEmpty(r, 201, versionHeaders(fs));
};

/** Delete Container → 202; 404 ContainerNotFound. */
export const deleteContainer: Gen2Handler = async (r) => {
  const fs = fileSystemOf(r);
  checkConditions(r.ctx.req.headers, { etag: fileSystemEtag(fs.createdAt, fs.version), lastModified: fs.modifiedAt }, false);
  await deleteFileSystem(r);
  sendEmpty(r, 202);
};

/** Get Container Properties: GET|HEAD /{container}?restype=container → 200 with metadata, lease and policy headers. */
export const getContainerProperties: Gen2Handler = (r) => {
  const fs = fileSystemOf(r);
  sendEmpty(r, 200, {
    ...versionHeaders(fs),
    ...metaResponseHeaders(fs.metadata),
    'x-ms-lease-status': 'unlocked', 'x-ms-lease-state': 'available',
    'x-ms-blob-public-access': fs.publicAccess,
    'x-ms-has-immutability-policy': 'false', 'x-ms-has-legal-hold': 'false', 'x-ms-immutable-storage-with-versioning-enabled': 'false',
    'x-ms-default-encryption-scope': '$account-encryption-key', 'x-ms-deny-encryption-scope-override': 'false',
  });
};
