import type { Gen2Route } from '../request.js';

/** The DFS API's operations (DataLakeStorage.json). */
export const DFS_ROUTES: Gen2Route[] = [];
