import type { RequestContext } from '../http/context.js';

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

/**
 * Claims a request for the data plane, or returns undefined so management and identity get it.
 * Accounts come from the Host `{account}.{suffix}`, from the path-style form `/_adls/{account}/webhdfs/v1/...`,
 * or, for any other host (an IP, `localhost`), default to `defaultAccount`.
 */
export function route(ctx: RequestContext, suffix: string, defaultAccount: string): Route | undefined {
  const host = ctx.hostName;
  const dotSuffix = '.' + suffix.toLowerCase();
  let account: string | undefined;
  if (host.endsWith(dotSuffix)) {
    const label = host.slice(0, -dotSuffix.length);
    if (label && !label.includes('.')) account = label;
  }
  let path = ctx.rawPath;
  const m = PATH_STYLE.exec(path);
  if (m) {
    try { account = decodeURIComponent(m[1]).toLowerCase(); } catch { account = m[1].toLowerCase(); }
    path = m[2] ?? '/';
  }
  const web = WEBHDFS.exec(path), ext = web ? null : WEBHDFSEXT.exec(path);
  if (!account && !web && !ext) return undefined;
  return {
    account: account ?? defaultAccount,
    namespace: web ? 'webhdfs' : ext ? 'webhdfsext' : undefined,
    rawPath: web ? path.slice(web[0].length) : ext ? path.slice(ext[0].length) : path,
  };
}
