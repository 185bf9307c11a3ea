import { InvalidArgumentError } from '../errors.js';
import { isLoopbackHost } from '../auth/authority.js';

export const DEFAULT_DATA_PLANE_SUFFIX = 'azuredatalakestore.net';

/**
 * The account's base URL (`https://{account}.{suffix}[:port]`, no trailing slash) from an account name,
 * an account host name (anything with a dot) or a full https URL.
 */
export function accountBaseUrl(account: string, opts: { dataPlaneSuffix?: string; port?: number } = {}): string {
  const a = account.trim();
  if (a === '') throw new InvalidArgumentError('An account name is required.');
  if (/^https?:\/\//i.test(a)) {
    const u = new URL(a);
    // Plain HTTP only to loopback (local fakes and emulators behind --http); tokens never cross a network in clear.
    if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) throw new InvalidArgumentError(`Refusing plain http to ${u.hostname}: use https.`);
    if (opts.port !== undefined && u.port === '') u.port = String(opts.port);
    return u.origin;
  }
  const host = a.includes('.') ? a : `${a}.${opts.dataPlaneSuffix || DEFAULT_DATA_PLANE_SUFFIX}`;
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host)) throw new InvalidArgumentError(`Not a valid account name or host: ${account}`);
  const withPort = host.includes(':') || opts.port === undefined ? host : `${host}:${opts.port}`;
  return `https://${withPort}`;
}
