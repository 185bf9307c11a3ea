import { isIP } from 'node:net';
import { publicStorageAccount } from '../proxy/public-hosts.js';

/**
 * Where a Gen2 request goes. Two styles, as the storage SDKs build them:
 * - host style: `https://{account}.dfs.{suffix}/{filesystem}/{path}` or `{account}.blob.{suffix}` (the host names
 *   the endpoint), and Azure's `{account}.dfs|blob.core.windows.net` in transparent mode;
 * - path style (what the SDKs do for an IP host or localhost): `https://127.0.0.1:PORT/{account}/{filesystem}/{path}`,
 *   one origin for blob and dfs calls (the request itself tells them apart, see classify.ts).
 */
export interface Gen2Address {
  account: string;
  /** The endpoint the host names; undefined for path style. */
  endpoint?: 'dfs' | 'blob';
  style: 'host' | 'path';
  /** The part after the account, still percent-encoded (what Shared Key signs, with the account for path style). */
  rawPath: string;
  /** The file system (container), decoded; undefined for account-level calls. */
  filesystem?: string;
  /** Path segments below the file system, each decoded (a `%2F` inside a segment splits it). */
  path: string[];
}

/** First path segments that belong to the other services on a shared host (never a storage account name anyway). */
const RESERVED = new Set(['_emulator', '_adls', 'webhdfs', 'webhdfsext', 'subscriptions', 'providers', 'common', 'organizations', 'consumers', 'tenants', 'metadata']);
/** Storage account names: 3–24 lower-case letters and digits. */
export const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

/** Hosts that take path-style requests: loopback names, IP literals and the emulator's own public host. */
export function isPathStyleHost(host: string, publicHost: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return host === 'localhost' || host === publicHost.toLowerCase() || isIP(bare) !== 0;
}

/** `{account}.dfs.{suffix}` / `{account}.blob.{suffix}` → account and endpoint; undefined for any other name. */
export function hostStyleAccount(host: string, suffix: string): { account: string; endpoint: 'dfs' | 'blob' } | undefined {
  const m = /^([a-z0-9]+)\.(dfs|blob)\.(.+)$/.exec(host.toLowerCase());
  if (!m || m[3] !== suffix.toLowerCase()) return undefined;
  return { account: m[1], endpoint: m[2] as 'dfs' | 'blob' };
}

/** Decodes each segment, then splits at the `/` a segment may carry encoded (`dir%2Ffile`); empty segments drop. */
export function decodePath(raw: string): string[] {
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '') continue;
    for (const part of decodeURIComponent(seg).split('/')) if (part !== '') out.push(part);
  }
  return out;
}

/**
 * Claims a request for Gen2, or returns undefined. Host style is claimed by name. Path style on a shared host
 * (loopback, IP, public host) is claimed when the first segment names a storage account we hold, or when the
 * request carries `x-ms-version` (every storage SDK request does; Azure AD, Resource Manager and WebHDFS calls
 * never do), so that an unknown account gets the storage answer rather than identity's 404.
 * Throws URIError for malformed percent-encoding (the caller answers 400).
 */
export function addressOf(
  host: string, rawPath: string,
  o: { suffix: string; publicHost: string; isAccount: (name: string) => boolean; storageRequest: boolean; renameSource?: string },
): Gen2Address | undefined {
  // Azure's own names arrive in transparent mode (the proxy hands them over).
  const hosted = hostStyleAccount(host, o.suffix) ?? publicStorageAccount(host);
  if (hosted) return { ...hosted, style: 'host', rawPath, ...split(decodePath(rawPath)) };
  if (!isPathStyleHost(host, o.publicHost)) return undefined;
  const m = /^\/([^/]+)(\/.*)?$/.exec(rawPath);
  if (!m) return undefined;
  const first = m[1].toLowerCase();
  if (RESERVED.has(first)) return undefined;
  // `@azure/storage-file-datalake`'s move() on a path-style URL drops the account from the destination URL (it
  // keeps it in x-ms-rename-source, `/{account}/{filesystem}/{path}`): the source names the account then.
  const sourceAccount = renameSourceAccount(o.renameSource);
  if (!o.isAccount(first) && sourceAccount && o.isAccount(sourceAccount)) {
    return { account: sourceAccount, style: 'path', rawPath: `/${sourceAccount}${rawPath}`, ...split(decodePath(rawPath)) };
  }
  if (!o.isAccount(first) && !(o.storageRequest && STORAGE_ACCOUNT_NAME.test(first))) return undefined;
  const rest = m[2] ?? '';
  return { account: first, style: 'path', rawPath, ...split(decodePath(rest)) };
}

function renameSourceAccount(source: string | undefined): string | undefined {
  const m = source === undefined ? null : /^\/([^/?]+)\//.exec(source);
  return m ? m[1].toLowerCase() : undefined;
}

function split(segments: string[]): { filesystem?: string; path: string[] } {
  return segments.length === 0 ? { path: [] } : { filesystem: segments[0], path: segments.slice(1) };
}
