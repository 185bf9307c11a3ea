/**
 * The public Azure host names the emulator answers for in transparent mode (the proxy terminates TLS for
 * exactly these), and how each shapes the URLs the emulator hands back. Direct requests (localhost, an IP,
 * `{account}.adls.localhost`) keep the emulator's own names.
 */

/** Azure AD's public-cloud authority aliases (the instance discovery `aliases` of the public cloud). */
export const PUBLIC_LOGIN_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com'] as const;
/** Resource Manager's public names (the second is the classic name clients still use as a token audience). */
export const PUBLIC_MANAGEMENT_HOSTS = ['management.azure.com', 'management.core.windows.net'] as const;
/** Data Lake Store Gen1 account hosts: `{account}.azuredatalakestore.net`. */
export const PUBLIC_DATA_LAKE_SUFFIX = 'azuredatalakestore.net';
/** Storage accounts (Gen2): `{account}.dfs.core.windows.net` and `{account}.blob.core.windows.net`. */
export const PUBLIC_STORAGE_SUFFIX = 'core.windows.net';
/** Azure issues v2 tokens with this issuer host whichever alias the client signed in through. */
export const PUBLIC_V2_ISSUER_ORIGIN = 'https://login.microsoftonline.com';
/** Resource Manager's Bearer challenges name this authority. */
export const PUBLIC_CHALLENGE_AUTHORITY = 'https://login.windows.net';

const ACCOUNT_LABEL = /^[a-z0-9]{1,63}$/;

const lower = (h: string) => h.toLowerCase().replace(/\.$/, '');

export function isPublicLoginHost(host: string): boolean {
  return (PUBLIC_LOGIN_HOSTS as readonly string[]).includes(lower(host));
}

export function isPublicManagementHost(host: string): boolean {
  return (PUBLIC_MANAGEMENT_HOSTS as readonly string[]).includes(lower(host));
}

/** The account label of `{account}.azuredatalakestore.net`, or undefined for any other name. */
export function publicAccountLabel(host: string): string | undefined {
  const h = lower(host);
  const dotSuffix = '.' + PUBLIC_DATA_LAKE_SUFFIX;
  if (!h.endsWith(dotSuffix)) return undefined;
  const label = h.slice(0, -dotSuffix.length);
  return ACCOUNT_LABEL.test(label) ? label : undefined;
}

/** The storage account and endpoint of `{account}.dfs|blob.core.windows.net`, or undefined for any other name. */
export function publicStorageAccount(host: string): { account: string; endpoint: 'dfs' | 'blob' } | undefined {
  const m = /^([a-z0-9]{3,24})\.(dfs|blob)\.(.+)$/.exec(lower(host));
  return m && m[3] === PUBLIC_STORAGE_SUFFIX ? { account: m[1], endpoint: m[2] as 'dfs' | 'blob' } : undefined;
}

/** Whether the proxy terminates a CONNECT to `host` locally (and the TLS server may issue it a certificate). */
export function isImpersonatedHost(host: string): boolean {
  return isPublicLoginHost(host) || isPublicManagementHost(host) || publicAccountLabel(host) !== undefined || publicStorageAccount(host) !== undefined;
}

/** The data-plane DNS suffix to report in account `endpoint`s: the public one when Resource Manager was reached publicly. */
export function dataPlaneSuffixFor(hostName: string, configured: string): string {
  return isPublicManagementHost(hostName) ? PUBLIC_DATA_LAKE_SUFFIX : configured;
}

/** The origin v2 tokens and v2 metadata name as issuer: Azure's for its public aliases, the client's otherwise. */
export function v2IssuerOrigin(origin: string): string {
  let host: string;
  try { host = new URL(origin).hostname; } catch { return origin; }
  return isPublicLoginHost(host) ? PUBLIC_V2_ISSUER_ORIGIN : origin;
}

/** The authority a 401 challenge points at: Azure AD's public name for public hosts, the emulator otherwise. */
export function challengeAuthority(hostName: string, emulatorBase: string): string {
  return isImpersonatedHost(hostName) ? PUBLIC_CHALLENGE_AUTHORITY : emulatorBase;
}
