import type { IncomingHttpHeaders } from 'node:http';

/**
 * What the Gen2 key-based verifiers (Shared Key, SAS) need to know about a request. Built by the Gen2 router.
 */
export interface SignedRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. Path-style (IP host) requests keep the account
   *  segment here, so the canonicalized resource names the account twice, as the SDKs sign it. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The account being accessed (from the host name, or the first path segment for IP hosts). */
  account: string;
  /** `https` or `http`: what the client connected with (SAS `spr`). Defaults to `https`. */
  protocol?: 'https' | 'http';
  /** The caller's IP address (SAS `sip`), IPv4-mapped IPv6 allowed. */
  remoteAddress?: string;
}

/**
 * The outcome of a verification. On failure, `message` is the service's message for `code` and `detail` the
 * `AuthenticationErrorDetail` the Blob endpoint adds to its XML error (the DFS endpoint's JSON has no room for it).
 */
export type AuthCheck =
  | { ok: true }
  | { ok: false; status: number; code: string; message: string; detail?: string };

/** One header's value as a single string (Node joins repeated custom headers with ", "). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}
