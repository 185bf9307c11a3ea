import { isIP } from 'node:net';
import type { RequestContext } from '../http/context.js';
import { publicAccountLabel } from '../proxy/public-hosts.js';

/** Where a data-plane request goes: the account, the namespace prefix, and the raw path after it. */
export interface Route {
  account: string;
  /** undefined when the request is for the data plane but names no /webhdfs/v1 or /WebHdfsExt path. */
  namespace?: 'webhdfs' | 'webhdfsext';
  rawPath: string;
}

const PATH_STYLE = /^\/_adls\/([^/]+)(\/.*)?$/i;
const WEBHDFS = /^\/webhdfs\/v1(?=\/|$)/i;
const WEBHDFSEXT = /^\/webhdfsext(?=\/|$)/i;

/** Hosts that reach the default account: loopback names, IP literals and the emulator's own public host. */
function servesDefaultAccount(host: string, publicHost: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return host === 'localhost' || host === publicHost.toLowerCase() || isIP(bare) !== 0;
}

/**
 * Claims a request for the data plane, or returns undefined so management and identity get it.
 * Accounts come from the Host `{account}.{suffix}` (the configured suffix, or Azure's `azuredatalakestore.net`
 * in transparent mode), from the path-style form `/_adls/{account}/webhdfs/v1/...`, or, for loopback names, IP
 * literals and the emulator's own host, default to `defaultAccount`. Any other host names no account we hold:
 * it is routed under its own name, so the account lookup answers as the service does for a missing account.
 */
export function route(ctx: RequestContext, suffix: string, defaultAccount: string, publicHost = 'localhost'): Route | undefined {
  const host = ctx.hostName;
  const dotSuffix = '.' + suffix.toLowerCase();
  let account: string | undefined;
  if (host.endsWith(dotSuffix)) {
    const label = host.slice(0, -dotSuffix.length);
    if (label && !label.includes('.')) account = label;
  }
  account ??= publicAccountLabel(host);
  let path = ctx.rawPath;
  const m = PATH_STYLE.exec(path);
  if (m) {
    try { account = decodeURIComponent(m[1]).toLowerCase(); } catch { account = m[1].toLowerCase(); }
    path = m[2] ?? '/';
  }
  const web = WEBHDFS.exec(path), ext = web ? null : WEBHDFSEXT.exec(path);
  if (!account && !web && !ext) return undefined;
  return {
    account: account ?? (servesDefaultAccount(host, publicHost) ? defaultAccount : host),
    namespace: web ? 'webhdfs' : ext ? 'webhdfsext' : undefined,
    rawPath: web ? path.slice(web[0].length) : ext ? path.slice(ext[0].length) : path,
  };
}
