import type { IncomingHttpHeaders } from 'node:http';

export type Api = 'dfs' | 'blob';

/**
 * Which API a request is for, in this order:
 * 1. markers only one API uses: `resource=`, `action=`, `x-ms-rename-source` (DFS); `comp=`, `restype=` (Blob);
 * 2. the `Accept` header the SDKs' generated clients send (DFS `application/json`, Blob `application/xml`): this is
 *    what tells a plain GET/HEAD/DELETE of a path apart when both APIs share an origin: path style (IP hosts), and
 *    host style too, because `@azure/storage-file-datalake` maps a dfs URL to a blob URL only for Azure's own DNS
 *    suffixes and sends its blob calls to our `{account}.dfs.{suffix}` host unchanged;
 * 3. the endpoint the host names;
 * 4. PATCH, POST and DELETE are DFS (a DELETE without markers deletes a path either way; DFS answers 200 and
 *    deletes directories too); anything else is Blob.
 */
export function classify(endpoint: Api | undefined, method: string, query: URLSearchParams, headers: IncomingHttpHeaders): Api {
  if (query.has('resource') || query.has('action') || headers['x-ms-rename-source'] !== undefined) return 'dfs';
  if (query.has('comp') || query.has('restype')) return 'blob';
  const accept = String(headers.accept ?? '').toLowerCase();
  if (accept.includes('application/json')) return 'dfs';
  if (accept.includes('application/xml')) return 'blob';
  if (endpoint) return endpoint;
  if (method === 'PATCH' || method === 'POST' || method === 'DELETE') return 'dfs';
  return 'blob';
}
