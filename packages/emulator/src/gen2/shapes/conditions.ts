import type { IncomingHttpHeaders } from 'node:http';
import { Gen2Error } from '../errors.js';

/** What a conditional request is checked against: the target's ETag and Last-Modified, or nothing (absent). */
export interface Current { etag: string; lastModified: number }

const header = (h: IncomingHttpHeaders, n: string) => { const v = h[n]; return Array.isArray(v) ? v[0] : v; };
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * RFC 9110 §13 preconditions as the storage service applies them: `If-Match` / `If-Unmodified-Since` failing is 412
 * ConditionNotMet; `If-None-Match` / `If-Modified-Since` failing is 304 for reads (GET/HEAD) and 412 otherwise.
 * `If-None-Match: *` on a write to an existing target is the caller's case (409 PathAlreadyExists / BlobAlreadyExists).
 * Returns 304 when the read should answer Not Modified.
 */
export function checkConditions(h: IncomingHttpHeaders, cur: Current | undefined, read: boolean): 304 | undefined {
  const ifMatch = header(h, 'if-match');
  const ifNone = header(h, 'if-none-match');
  const ifSince = header(h, 'if-modified-since');
  const ifUnmod = header(h, 'if-unmodified-since');
  const fail = () => new Gen2Error(412, 'ConditionNotMet', 'The condition specified using HTTP conditional header(s) is not met.');
  const tags = (v: string) => v.split(',').map((s) => s.trim());
  if (ifMatch !== undefined) {
    if (!cur || !(ifMatch.trim() === '*' || tags(ifMatch).includes(cur.etag))) throw fail();
  }
  if (ifUnmod !== undefined && cur) {
    const t = Date.parse(ifUnmod);
    if (!Number.isNaN(t) && seconds(cur.lastModified) > seconds(t)) throw fail();
  }
  if (ifNone !== undefined && cur) {
    if (ifNone.trim() === '*' || tags(ifNone).includes(cur.etag)) {
      if (read) return 304;
      throw fail();
    }
  }
  if (ifSince !== undefined && cur) {
    const t = Date.parse(ifSince);
    if (!Number.isNaN(t) && seconds(cur.lastModified) <= seconds(t)) {
      if (read) return 304;
      throw fail();
    }
  }
  return undefined;
}
