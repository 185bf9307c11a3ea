import { Gen2Error, gen2Errors } from '../errors.js';

/** The Blob service's page limit for List Containers and List Blobs; larger `maxresults` are cut to it. */
export const MAX_LIST_RESULTS = 5000;

/** `maxresults`: a positive integer (default and ceiling 5000). */
export function maxResultsOf(q: URLSearchParams): number {
  const raw = q.get('maxresults');
  if (raw === null) return MAX_LIST_RESULTS;
  if (!/^-?\d{1,10}$/.test(raw)) throw gen2Errors.invalidQuery('maxresults', raw);
  const n = Number(raw);
  if (n < 1) {
    throw new Gen2Error(400, 'OutOfRangeQueryParameterValue', 'One of the query parameters specified in the request URI is outside the permissible range.', {
      'x-ms-invalid-query-parameter-name': 'maxresults', 'x-ms-invalid-query-parameter-value': raw,
    });
  }
  return Math.min(n, MAX_LIST_RESULTS);
}

/** `include=a,b` (case-insensitive) checked against what the operation knows; returns the lower-cased set. */
export function includeOf(q: URLSearchParams, known: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const raw of q.getAll('include')) {
    for (const v of raw.split(',')) {
      const item = v.trim().toLowerCase();
      if (item === '') continue;
      if (!known.includes(item)) throw gen2Errors.invalidQuery('include', raw);
      out.add(item);
    }
  }
  return out;
}

/** List Containers `include=` values. */
export const CONTAINER_INCLUDES = ['metadata', 'deleted', 'system'] as const;
/** List Blobs `include=` values (BlobStorage.json `ListBlobsInclude`, plus `permissions` for hierarchical accounts). */
export const BLOB_INCLUDES = [
  'copy', 'deleted', 'metadata', 'snapshots', 'uncommittedblobs', 'versions', 'tags', 'immutabilitypolicy', 'legalhold',
  'deletedwithversions', 'permissions',
] as const;
