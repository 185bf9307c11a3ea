import { InvalidArgumentError } from '../errors.js';
import { AUTH_CODES, authError } from './auth-errors.js';
import { importRsaSigningKey, type VerifyKey } from './jwt.js';
import type { OAuthHttp } from './oauth-http.js';

/** Public Azure's Azure AD host. */
export const AZURE_PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/** Azure CLI's public client id: the default of azure-datalake-store, msrestazure and @azure/identity. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const DEFAULT_TENANT = 'organizations';

export type AuthProtocol = 'v1' | 'v2';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Normalises an authority host to its origin (`https://host[:port]`). https only; plain http is
 * accepted solely for a loopback host with `allowInsecure` (tests against a fake server).
 */
export function normalizeAuthorityHost(authorityHost: string, allowInsecure = false): string {
  let u: URL;
  try {
    u = new URL(authorityHost);
  } catch {
    throw new InvalidArgumentError(`authorityHost '${authorityHost}' is not a URL.`);
  }
  if (u.protocol === 'http:') {
    if (!allowInsecure || !isLoopbackHost(u.hostname)) {
      throw new InvalidArgumentError(`authorityHost must use https (http is only allowed for a loopback host with allowInsecure): ${u.origin}`);
    }
  } else if (u.protocol !== 'https:') {
    throw new InvalidArgumentError(`authorityHost must use https: ${authorityHost}`);
  }
  if (u.pathname !== '/' && u.pathname !== '') {
    throw new InvalidArgumentError(`authorityHost must not have a path (the tenant is separate): ${authorityHost}`);
  }
  return u.origin;
}

/** A tenant GUID, a domain, or `common`/`organizations` (the characters @azure/identity accepts). */
export function validateTenant(tenant: string): string {
  if (!/^[0-9a-zA-Z.-]+$/.test(tenant)) throw new InvalidArgumentError(`Invalid tenant id '${tenant}': use a GUID, a domain or 'organizations'.`);
  return tenant;
}

export interface AuthorityEndpoints {
  tokenEndpoint: string;
  deviceCodeEndpoint: string;
  /** v2 issuer from discovery (may contain `{tenantid}`); undefined for v1. */
  issuer?: string;
  /** v2 signing keys (JWKS) from discovery, on the authority host; undefined for v1 (no discovery). */
  jwksUri?: string;
}

export function v1Endpoints(authorityHost: string, tenant: string): AuthorityEndpoints {
  const base = `${authorityHost}/${encodeURIComponent(tenant)}/oauth2`;
  return { tokenEndpoint: `${base}/token`, deviceCodeEndpoint: `${base}/devicecode` };
}

export function userRealmUrl(authorityHost: string, username: string): string {
  return `${authorityHost}/common/UserRealm/${encodeURIComponent(username)}?api-version=1.0`;
}

/**
 * v2 discovery (`{authority}/v2.0/.well-known/openid-configuration`), with msal-node's issuer check:
 * the issuer's scheme and host:port must equal the authority's, so a document cannot redirect tokens
 * to another host.
 */
export async function discoverV2(http: OAuthHttp, authorityHost: string, tenant: string, signal?: AbortSignal): Promise<AuthorityEndpoints> {
  const url = `${authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
  const reply = await http.getJson(url, signal);
  const doc = reply.body;
  if (reply.status !== 200) {
    const desc = typeof doc.error_description === 'string' ? doc.error_description.split(/\r?\n/)[0] : `HTTP ${reply.status}`;
    throw authError(AUTH_CODES.DISCOVERY_FAILED, `OpenID discovery failed for tenant '${tenant}': ${desc}`);
  }
  const { issuer, token_endpoint: token, device_authorization_endpoint: device, jwks_uri: jwks } = doc;
  if (typeof issuer !== 'string' || typeof token !== 'string') {
    throw authError(AUTH_CODES.DISCOVERY_FAILED, 'OpenID discovery document lacks issuer or token_endpoint.');
  }
  const sameOrigin = (u: string) => { try { return new URL(u).origin === authorityHost; } catch { return false; } };
  if (!sameOrigin(issuer)) throw authError(AUTH_CODES.DISCOVERY_FAILED, `OpenID discovery issuer '${issuer}' is not on the authority host ${authorityHost}.`);
  if (!sameOrigin(token)) throw authError(AUTH_CODES.DISCOVERY_FAILED, `OpenID discovery token_endpoint is not on the authority host ${authorityHost}.`);
  if (typeof jwks === 'string' && !sameOrigin(jwks)) throw authError(AUTH_CODES.DISCOVERY_FAILED, `OpenID discovery jwks_uri is not on the authority host ${authorityHost}.`);
  const deviceCodeEndpoint = typeof device === 'string' && sameOrigin(device) ? device : token.replace(/\/token(?=$|\?)/, '/devicecode');
  return { tokenEndpoint: token, deviceCodeEndpoint, issuer, jwksUri: typeof jwks === 'string' ? jwks : undefined };
}

/** The RSA signing keys of a JWKS document, by `kid` and by `x5t`. */
export async function fetchJwks(http: OAuthHttp, jwksUri: string, signal?: AbortSignal): Promise<Map<string, VerifyKey>> {
  const reply = await http.getJson(jwksUri, signal);
  const keys = reply.body.keys;
  if (reply.status !== 200 || !Array.isArray(keys)) {
    throw authError(AUTH_CODES.DISCOVERY_FAILED, `Fetching the signing keys (jwks_uri) failed: HTTP ${reply.status}.`);
  }
  const out = new Map<string, VerifyKey>();
  for (const jwk of keys as Record<string, unknown>[]) {
    const key = await importRsaSigningKey(jwk);
    if (!key) continue;
    for (const id of [jwk.kid, jwk.x5t]) if (typeof id === 'string' && !out.has(id)) out.set(id, key);
  }
  return out;
}
