import type { Gen2Route } from '../request.js';

/** The rest of the Blob API (listing, Put Blob, blocks, properties...): gen2-blob's table. */
export const BLOB_ROUTES: Gen2Route[] = [];
