type Headers = Record<string, string | string[] | undefined>;

function first(h: Headers, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The delay a long-running-operation response asks for, in ms, or undefined when it asks for none.
 * Reads `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After` (seconds or an HTTP date).
 * Zero counts as absent (spec management-api §3.3), so the caller falls back to its poll interval.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(first(headers, name));
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  const ra = first(headers, 'retry-after');
  if (ra === undefined || ra.trim() === '') return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return secs > 0 ? secs * 1000 : undefined;
  const date = Date.parse(ra);
  if (!Number.isNaN(date) && date > now) return date - now;
  return undefined;
}

export function headerValue(headers: Headers, name: string): string | undefined {
  return first(headers, name.toLowerCase());
}
