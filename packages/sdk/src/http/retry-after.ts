type Headers = Record<string, string | string[] | undefined>;

function first(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The one Retry-After rule of the SDK: the wait a response asks for, in ms, or undefined when it asks for
 * none (or something unreadable). Reads `retry-after-ms`, then `x-ms-retry-after-ms` (Azure's millisecond
 * headers), then `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the past is 0.
 * Callers decide what 0 means: retry at once (throttling), or "no advice" (long-running-operation polls).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const raw = first(headers, name);
    if (raw === undefined || raw.trim() === '') continue;
    const ms = Number(raw);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  const ra = first(headers, 'retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+$/.test(ra)) return Number(ra) * 1000;
  // An HTTP-date names its weekday and month; Date.parse would also take '-1' or '1.5' for dates.
  if (!/[a-z]{3}/i.test(ra)) return undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function headerValue(headers: Headers, name: string): string | undefined {
  return first(headers, name.toLowerCase());
}
