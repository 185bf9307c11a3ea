import { ArmError } from './errors.js';
import type { ArmRequest } from './api.js';

/** Default page size of every list (the real service's is unknown; spec §8 allows any). */
export const DEFAULT_PAGE_SIZE = 100;

function positiveInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new ArmError(400, 'InvalidQueryParameterValue', `The value '${v}' of query parameter '${name}' is invalid: it must be an integer of at least 1.`);
  }
  return Number(v);
}

/** Serialises a query string, keeping OData's `$` readable as the real service does. */
const queryString = (q: URLSearchParams) =>
  [...q.entries()].map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(v)}`).join('&');

/**
 * One page of `items` as `{value, nextLink?}` (management-api.md §8). Honours `$skip` and `$top` (cap on the
 * total); `$maxpagesize` (emulator extension, kept in nextLink) overrides the page size. nextLink repeats the
 * request's query with an opaque `$skiptoken`, absolute on the origin the client used.
 */
export function page<T>(req: ArmRequest, items: T[], render: (item: T) => unknown): { value: unknown[]; nextLink?: string } {
  const skip = positiveInt(req.query, '$skip') ?? 0;
  const top = positiveInt(req.query, '$top');
  const size = positiveInt(req.query, '$maxpagesize') ?? DEFAULT_PAGE_SIZE;
  const token = req.query.get('$skiptoken');
  const offset = token !== null && /^\d+$/.test(token) ? Number(token) : 0;
  const selected = items.slice(skip, top === undefined ? undefined : skip + top);
  const value = selected.slice(offset, offset + size).map(render);
  if (offset + size >= selected.length) return { value };
  const next = new URLSearchParams(req.query);
  next.set('$skiptoken', String(offset + size));
  return { value, nextLink: `${req.ctx.origin}${req.path}?${queryString(next)}` };
}
