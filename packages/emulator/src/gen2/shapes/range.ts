import type { IncomingHttpHeaders } from 'node:http';
import { Gen2Error } from '../errors.js';

/** A byte range to read: [start, end] inclusive, end undefined = to the end. */
export interface ByteRange { start: number; end?: number }

/**
 * `x-ms-range` (wins) or `Range`: `bytes=start-end` or `bytes=start-`. A value the service cannot read is ignored
 * (the whole content is sent, as Azure does); a start at or past the end of a non-empty file is 416 InvalidRange.
 */
export function requestedRange(h: IncomingHttpHeaders): ByteRange | undefined {
  const v = (h['x-ms-range'] ?? h.range) as string | undefined;
  if (v === undefined) return undefined;
  const m = /^\s*bytes=(\d{1,15})-(\d{1,15})?\s*$/.exec(v);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? undefined : Number(m[2]);
  if (end !== undefined && end < start) return undefined;
  return { start, end };
}

/** The offset and length to read for `range` of a `size`-byte file (throws 416 when it starts past the end). */
export function resolveRange(range: ByteRange, size: number): { offset: number; length: number } {
  if (range.start >= size) {
    throw new Gen2Error(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', { 'Content-Range': `bytes */${size}` });
  }
  const last = Math.min(range.end ?? size - 1, size - 1);
  return { offset: range.start, length: last - range.start + 1 };
}
