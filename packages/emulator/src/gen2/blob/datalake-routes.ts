import type { Gen2Route } from '../request.js';
import { getBlobMetadata, setBlobMetadata } from './blob-metadata.js';
import { getBlob, getBlobProperties } from './blob-read.js';
import { createContainer, deleteContainer, getContainerProperties } from './container.js';

const is = (name: string, value: string) => (q: URLSearchParams) => q.get(name) === value;
const container = (q: URLSearchParams) => q.get('restype') === 'container' && !q.has('comp');
const plain = (q: URLSearchParams) => !q.has('comp') && !q.has('restype');

/** The Blob calls `@azure/storage-file-datalake` makes for file systems and reads (BlobStorage.json). */
export const DATALAKE_BLOB_ROUTES: Gen2Route[] = [
  { api: 'blob', level: 'filesystem', method: 'PUT', when: container, name: 'Create Container', handler: createContainer },
  { api: 'blob', level: 'filesystem', method: 'DELETE', when: container, name: 'Delete Container', handler: deleteContainer },
  { api: 'blob', level: 'filesystem', method: 'GET', when: container, name: 'Get Container Properties', handler: getContainerProperties },
  { api: 'blob', level: 'filesystem', method: 'HEAD', when: container, name: 'Get Container Properties', handler: getContainerProperties },
  { api: 'blob', level: 'path', method: 'HEAD', when: plain, name: 'Get Blob Properties', handler: getBlobProperties },
  { api: 'blob', level: 'path', method: 'GET', when: plain, name: 'Get Blob', handler: getBlob },
  { api: 'blob', level: 'path', method: 'PUT', when: is('comp', 'metadata'), name: 'Set Blob Metadata', handler: setBlobMetadata },
  { api: 'blob', level: 'path', method: 'GET', when: is('comp', 'metadata'), name: 'Get Blob Metadata', handler: getBlobMetadata },
  { api: 'blob', level: 'path', method: 'HEAD', when: is('comp', 'metadata'), name: 'Get Blob Metadata', handler: getBlobMetadata },
];
