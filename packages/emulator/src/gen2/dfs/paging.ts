import { gen2Errors } from '../errors.js';
import type { Gen2Request } from '../request.js';

/** Most entries one listing page holds (the service's cap for list paths and list file systems). */
export const MAX_RESULTS = 5000;

/** `maxResults` (1..5000; default and cap 5000). */
export function maxResultsOf(r: Gen2Request, name: string): number {
  const v = r.query.get(name);
  if (v === null || v === '') return MAX_RESULTS;
  if (!/^\d{1,10}$/.test(v) || Number(v) < 1) throw gen2Errors.invalidQuery(name, v);
  return Math.min(Number(v), MAX_RESULTS);
}

/**
 * Continuation tokens are opaque to clients: base64url of JSON, so that a token from another listing or a forged
 * one is refused (400) instead of being misread.
 */
export function nextContinuation(last: string, extra: Record<string, unknown> = {}): string {
  return Buffer.from(JSON.stringify({ v: 1, last, ...extra })).toString('base64url');
}

export function continuationOf(r: Gen2Request): string | undefined {
  return decodeContinuation(r)?.last as string | undefined;
}

export function decodeContinuation(r: Gen2Request): Record<string, unknown> | undefined {
  const v = r.query.get('continuation');
  if (v === null || v === '') return undefined;
  try {
    const o = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (o && o.v === 1 && typeof o.last === 'string') return o;
  } catch { /* refused below */ }
  throw gen2Errors.invalidQuery('continuation', v, 'The continuation token is invalid.');
}
