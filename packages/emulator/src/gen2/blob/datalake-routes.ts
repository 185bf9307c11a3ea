import type { Gen2Route } from '../request.js';

/** The Blob calls `@azure/storage-file-datalake` makes for file systems and reads (BlobStorage.json). */
export const DATALAKE_BLOB_ROUTES: Gen2Route[] = [];
