/** One access token cached for a resource. */
export interface CachedAccessToken {
  token: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
}

/**
 * A signed-in account: who it is, where it signed in, its refresh token (one per account: Azure AD
 * refresh tokens are multi-resource) and its access tokens per resource.
 */
export interface CachedAccount {
  /** Origin of the authority, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** Tenant as configured (`organizations`, a domain or a GUID). */
  tenant: string;
  clientId: string;
  /** `uid.utid` (users) or `app.{tid}` for a service principal. */
  homeAccountId: string;
  kind: 'user' | 'servicePrincipal';
  /** UPN (users) or the client id (service principals). */
  username: string;
  name?: string;
  /** The account's real tenant GUID. */
  tenantId: string;
  oid: string;
  protocol: 'v1' | 'v2';
  refreshToken?: string;
  accessTokens: Record<string, CachedAccessToken>;
  /** When the interactive sign-in happened (ms). The most recent sign-in is the active account. */
  signedInAt: number;
}

export interface AccountKeyParts { authorityHost: string; tenant: string; clientId: string; homeAccountId: string }

/** Cache key: (authority host, tenant, client id, home account id). */
export function accountKey(a: AccountKeyParts): string {
  return [new URL(a.authorityHost).host, a.tenant, a.clientId, a.homeAccountId].join('|').toLowerCase();
}

/** Where credentials keep accounts and tokens. Implementations must make `update` atomic per process. */
export interface TokenCache {
  list(): Promise<CachedAccount[]>;
  get(key: string): Promise<CachedAccount | undefined>;
  /** Reads, transforms and writes one account; return undefined to delete it. */
  update(key: string, fn: (current: CachedAccount | undefined) => CachedAccount | undefined): Promise<CachedAccount | undefined>;
}

/** A process-local cache (the default). */
export class MemoryTokenCache implements TokenCache {
  private readonly accounts = new Map<string, CachedAccount>();

  async list(): Promise<CachedAccount[]> {
    return [...this.accounts.values()].map((a) => structuredClone(a));
  }

  async get(key: string): Promise<CachedAccount | undefined> {
    const a = this.accounts.get(key);
    return a && structuredClone(a);
  }

  async update(key: string, fn: (current: CachedAccount | undefined) => CachedAccount | undefined): Promise<CachedAccount | undefined> {
    const cur = this.accounts.get(key);
    const next = fn(cur && structuredClone(cur));
    if (next) this.accounts.set(key, structuredClone(next));
    else this.accounts.delete(key);
    return next;
  }
}
