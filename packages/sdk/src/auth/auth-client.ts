import type { Dispatcher } from 'undici';
import { createAgent } from '../http/agent.js';
import { AUTH_CODES, authError } from './auth-errors.js';
import {
  AZURE_CLI_CLIENT_ID, AZURE_PUBLIC_AUTHORITY_HOST, DEFAULT_TENANT, discoverV2, fetchJwks, normalizeAuthorityHost, v1Endpoints, validateTenant,
  type AuthorityEndpoints, type AuthProtocol,
} from './authority.js';
import { systemClock, type Clock } from './clock.js';
import { decodeJwtPayload, type VerifyKey } from './jwt.js';
import { OAuthHttp } from './oauth-http.js';
import { accountKey, MemoryTokenCache, type CachedAccount, type TokenCache } from './token-cache.js';
import { validateIdTokenClaims, verifyIdTokenSignature, type TokenResponse } from './token-response.js';

const JWKS_REFETCH_MS = 5 * 60_000;

/** Options shared by every credential. */
export interface AuthorityOptions {
  /** Azure AD host, e.g. `https://login.microsoftonline.com` (default) or `https://localhost:8443` (emulator). https only. */
  authorityHost?: string;
  /** Tenant GUID, domain, `organizations` (default) or `common`. */
  tenantId?: string;
  /** Application (client) id. Default: Azure CLI's public client id. */
  clientId?: string;
  /** Azure AD endpoint dialect: `v2` (default, scopes) or `v1` (resources, what adal uses). */
  protocol?: AuthProtocol;
  /** Extra CA certificates (PEM) to trust, e.g. the emulator's. */
  ca?: string | string[];
  /** Allow a plain-http authority, only on a loopback host (tests). */
  allowInsecure?: boolean;
  /** Where accounts and tokens are kept. Default: in memory. */
  tokenCache?: TokenCache;
  /** HTTP dispatcher to use instead of a private pool. */
  dispatcher?: Dispatcher;
  /** Time source (tests). */
  clock?: Clock;
  /** Retries after 429/503 from the identity service. Default 3. */
  maxThrottleRetries?: number;
}

/** The identity of a signed-in account, as returned by `authenticate()`. */
export interface AuthenticationRecord {
  authorityHost: string;
  tenant: string;
  clientId: string;
  homeAccountId: string;
  username: string;
  tenantId: string;
  /** Key of the account in the token cache. */
  cacheKey: string;
}

/** Settings, HTTP, endpoints and cache writes shared by the credentials (internal). */
export class AuthClient {
  readonly authorityHost: string;
  readonly tenant: string;
  readonly clientId: string;
  readonly protocol: AuthProtocol;
  readonly clock: Clock;
  readonly cache: TokenCache;
  readonly http: OAuthHttp;
  private endpointsPromise?: Promise<AuthorityEndpoints>;
  private jwks?: { keys: Promise<Map<string, VerifyKey>>; fetchedAt: number };

  constructor(opts: AuthorityOptions) {
    this.authorityHost = normalizeAuthorityHost(opts.authorityHost ?? AZURE_PUBLIC_AUTHORITY_HOST, opts.allowInsecure);
    this.tenant = validateTenant(opts.tenantId ?? DEFAULT_TENANT);
    this.clientId = opts.clientId ?? AZURE_CLI_CLIENT_ID;
    this.protocol = opts.protocol ?? 'v2';
    if (this.protocol !== 'v1' && this.protocol !== 'v2') throw authError(AUTH_CODES.FAILED, `protocol must be 'v1' or 'v2'`);
    this.clock = opts.clock ?? systemClock;
    this.cache = opts.tokenCache ?? new MemoryTokenCache();
    const dispatcher = opts.dispatcher ?? createAgent({ ca: opts.ca, connections: 4 });
    this.http = new OAuthHttp({ dispatcher, clock: this.clock, maxThrottleRetries: opts.maxThrottleRetries });
  }

  /** Token and device-code endpoints: fixed paths for v1, OpenID discovery (cached) for v2. */
  endpoints(signal?: AbortSignal): Promise<AuthorityEndpoints> {
    if (this.protocol === 'v1') return Promise.resolve(v1Endpoints(this.authorityHost, this.tenant));
    if (!this.endpointsPromise) {
      this.endpointsPromise = discoverV2(this.http, this.authorityHost, this.tenant, signal);
      this.endpointsPromise.catch(() => { this.endpointsPromise = undefined; });
    }
    return this.endpointsPromise;
  }

  /**
   * A signing key of the authority by kid/x5t. The JWKS is fetched once per authority; an unknown id
   * refetches it (key rotation) at most once per 5 minutes.
   */
  private async signingKey(jwksUri: string, id: string, signal?: AbortSignal): Promise<VerifyKey | undefined> {
    const load = () => {
      const keys = fetchJwks(this.http, jwksUri, signal);
      this.jwks = { keys, fetchedAt: this.clock.now() };
      keys.catch(() => { if (this.jwks?.keys === keys) this.jwks = undefined; });
      return keys;
    };
    const known = await (this.jwks?.keys ?? load());
    if (known.has(id) || !this.jwks || this.clock.now() - this.jwks.fetchedAt < JWKS_REFETCH_MS) return known.get(id);
    return (await load()).get(id);
  }

  keyFor(homeAccountId: string): string {
    return accountKey({ authorityHost: this.authorityHost, tenant: this.tenant, clientId: this.clientId, homeAccountId });
  }

  /** Validates the id_token (if any) and stores a user's tokens; returns the cache key. */
  async storeUserTokens(resp: TokenResponse, resource: string, interactive: boolean, signal?: AbortSignal): Promise<string> {
    if (resp.idTokenClaims) {
      const endpoints = this.protocol === 'v2' ? await this.endpoints(signal) : undefined;
      // v2 fetched discovery itself, so it can check the signature against the discovery JWKS (spec §7); v1 has no discovery.
      if (endpoints?.jwksUri && resp.idToken) {
        const jwksUri = endpoints.jwksUri;
        await verifyIdTokenSignature(resp.idToken, (id) => this.signingKey(jwksUri, id, signal));
      }
      validateIdTokenClaims(resp.idTokenClaims, { clientId: this.clientId, issuer: endpoints?.issuer, protocol: this.protocol, now: this.clock.now() });
    }
    const id = userIdentity(resp);
    const key = this.keyFor(id.homeAccountId);
    const now = this.clock.now();
    await this.cache.update(key, (cur) => ({
      authorityHost: this.authorityHost, tenant: this.tenant, clientId: this.clientId, kind: 'user', protocol: this.protocol,
      ...id,
      // Azure AD rotates refresh tokens: always keep the newest one.
      refreshToken: resp.refreshToken ?? cur?.refreshToken,
      accessTokens: { ...cur?.accessTokens, [resource]: tokenEntry(resp) },
      signedInAt: interactive || !cur ? now : cur.signedInAt,
    }));
    return key;
  }

  /** Stores an app-only token of a service principal; returns the cache key. */
  async storeAppToken(resp: TokenResponse, resource: string): Promise<string> {
    const claims = decodeJwtPayload(resp.accessToken) ?? {};
    const tenantId = typeof claims.tid === 'string' ? claims.tid : this.tenant;
    const key = this.keyFor(`app.${tenantId}`);
    const now = this.clock.now();
    await this.cache.update(key, (cur) => ({
      authorityHost: this.authorityHost, tenant: this.tenant, clientId: this.clientId, kind: 'servicePrincipal', protocol: this.protocol,
      homeAccountId: `app.${tenantId}`, username: this.clientId, tenantId,
      oid: typeof claims.oid === 'string' ? claims.oid : this.clientId,
      accessTokens: { ...cur?.accessTokens, [resource]: tokenEntry(resp) },
      signedInAt: cur?.signedInAt ?? now,
    }));
    return key;
  }

  async record(key: string): Promise<AuthenticationRecord | undefined> {
    const a = await this.cache.get(key);
    return a && recordOf(a, key);
  }

  /** Drops the refresh token of an account (after `invalid_grant`): the next sign-in must be interactive. */
  async dropRefreshToken(key: string): Promise<void> {
    await this.cache.update(key, (cur) => cur && { ...cur, refreshToken: undefined });
  }
}

export function recordOf(a: CachedAccount, key: string): AuthenticationRecord {
  return { authorityHost: a.authorityHost, tenant: a.tenant, clientId: a.clientId, homeAccountId: a.homeAccountId, username: a.username, tenantId: a.tenantId, cacheKey: key };
}

function tokenEntry(resp: TokenResponse) {
  return { token: resp.accessToken, expiresOnTimestamp: resp.expiresOnTimestamp, refreshAfterTimestamp: resp.refreshAfterTimestamp };
}

const str = (...vals: unknown[]) => vals.find((v): v is string => typeof v === 'string' && v !== '');

/** Who signed in: home account from client_info (v2), else oid/tid of the id_token or access token. */
export function userIdentity(resp: TokenResponse): Pick<CachedAccount, 'homeAccountId' | 'username' | 'name' | 'tenantId' | 'oid'> {
  const c = resp.idTokenClaims ?? {};
  const a = decodeJwtPayload(resp.accessToken) ?? {};
  const uid = resp.clientInfo?.uid ?? str(c.oid, a.oid);
  const utid = resp.clientInfo?.utid ?? str(c.tid, a.tid);
  if (!uid || !utid) throw authError(AUTH_CODES.BAD_RESPONSE, 'The token response does not identify the account (no client_info, oid or tid).');
  return {
    homeAccountId: `${uid}.${utid}`,
    username: str(c.preferred_username, c.upn, c.unique_name, c.email, a.upn, a.unique_name, a.preferred_username) ?? uid,
    name: str(c.name, a.name),
    tenantId: str(c.tid, a.tid) ?? utid,
    oid: str(c.oid, a.oid) ?? uid,
  };
}
