import type { IncomingHttpHeaders } from 'node:http';

export type Api = 'dfs' | 'blob';

/**
 * Which API a request is for. Host style names it (`.dfs.` / `.blob.`). Path style shares one origin, so the
 * request decides, as the SDKs build them: DFS calls carry `resource=`, `action=`, `x-ms-rename-source`, use PATCH,
 * or (DELETE) `recursive=`/`paginated=`; Blob calls carry `comp=`/`restype=`. Anything else (plain GET/HEAD/PUT of a
 * path) is the Blob API: the DataLake SDKs read and get properties through it.
 */
export function classify(endpoint: Api | undefined, method: string, query: URLSearchParams, headers: IncomingHttpHeaders): Api {
  if (endpoint) return endpoint;
  if (query.has('resource') || query.has('action') || headers['x-ms-rename-source'] !== undefined) return 'dfs';
  if (query.has('comp') || query.has('restype')) return 'blob';
  if (method === 'PATCH' || method === 'POST') return 'dfs';
  if (method === 'DELETE' && (query.has('recursive') || query.has('paginated'))) return 'dfs';
  return 'blob';
}
