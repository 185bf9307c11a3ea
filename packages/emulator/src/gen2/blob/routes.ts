import type { Gen2Route } from '../request.js';
import { getContainerAcl, setContainerAcl } from './container-acl.js';
import { getContainerMetadata, setContainerMetadata } from './container-metadata.js';
import { deleteBlob } from './delete-blob.js';
import { getBlockList } from './get-block-list.js';
import { listBlobsHandler } from './list-blobs.js';
import { listContainers } from './list-containers.js';
import { leaseBlob } from './lease-blob.js';
import { putBlob } from './put-blob.js';
import { putBlock } from './put-block.js';
import { putBlockList } from './put-block-list.js';
import { setBlobProperties } from './set-blob-properties.js';
import { setBlobExpiry } from './set-expiry.js';
import { undeletePath } from './undelete.js';

const comp = (q: URLSearchParams) => q.get('comp');
const container = (q: URLSearchParams) => q.get('restype') === 'container';

/** The rest of the Blob API (listing, Put Blob, blocks, properties...): gen2-blob's table. */
export const BLOB_ROUTES: Gen2Route[] = [
  { api: 'blob', level: 'account', method: 'GET', when: (q) => comp(q) === 'list', name: 'List Containers', handler: listContainers },
  { api: 'blob', level: 'filesystem', method: 'GET', when: (q) => container(q) && comp(q) === 'list', name: 'List Blobs', handler: listBlobsHandler },
  { api: 'blob', level: 'filesystem', method: 'GET', when: (q) => container(q) && comp(q) === 'acl', name: 'Get Container ACL', handler: getContainerAcl },
  { api: 'blob', level: 'filesystem', method: 'HEAD', when: (q) => container(q) && comp(q) === 'acl', name: 'Get Container ACL', handler: getContainerAcl },
  { api: 'blob', level: 'filesystem', method: 'PUT', when: (q) => container(q) && comp(q) === 'acl', name: 'Set Container ACL', handler: setContainerAcl },
  { api: 'blob', level: 'filesystem', method: 'PUT', when: (q) => container(q) && comp(q) === 'metadata', name: 'Set Container Metadata', handler: setContainerMetadata },
  { api: 'blob', level: 'filesystem', method: 'GET', when: (q) => container(q) && comp(q) === 'metadata', name: 'Get Container Metadata', handler: getContainerMetadata },
  { api: 'blob', level: 'filesystem', method: 'HEAD', when: (q) => container(q) && comp(q) === 'metadata', name: 'Get Container Metadata', handler: getContainerMetadata },
  // Copy Blob is a PUT without comp too: it carries x-ms-copy-source and is not served.
  { api: 'blob', level: 'path', method: 'PUT', when: (q, r) => !q.has('comp') && r.ctx.header('x-ms-copy-source') === undefined, name: 'Put Blob', handler: putBlob },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'block', name: 'Put Block', handler: putBlock },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'blocklist', name: 'Put Block List', handler: putBlockList },
  { api: 'blob', level: 'path', method: 'GET', when: (q) => comp(q) === 'blocklist', name: 'Get Block List', handler: getBlockList },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'properties', name: 'Set Blob Properties', handler: setBlobProperties },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'undelete', name: 'Path_Undelete', handler: undeletePath },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'expiry', name: 'Set Blob Expiry', handler: setBlobExpiry },
  { api: 'blob', level: 'path', method: 'PUT', when: (q) => comp(q) === 'lease', name: 'Lease Blob', handler: leaseBlob },
  { api: 'blob', level: 'path', method: 'DELETE', when: (q) => !q.has('comp'), name: 'Delete Blob', handler: deleteBlob },
];
