import type { AccessToken } from './types.js';
import { AUTH_CODES, authError } from './auth-errors.js';
import type { AuthenticationRecord, AuthorityOptions } from './auth-client.js';
import type { CredentialGetTokenOptions } from './credential-base.js';
import { refreshGrant } from './grants.js';
import { UserCredentialBase } from './user-credential-base.js';

export interface RefreshTokenCredentialOptions extends AuthorityOptions {
  /** An account in `tokenCache` (from `DeviceCodeCredential.authenticate()` or the CLI's `adls login`). */
  authenticationRecord?: AuthenticationRecord;
  /** Or a raw refresh token (e.g. from another tool); rotated tokens are kept in `tokenCache`. */
  refreshToken?: string;
}

/**
 * The silent path: tokens for any consented resource from one refresh token (Azure AD's
 * multi-resource refresh token), with rotation stored in the cache. Never prompts: when the refresh
 * token is missing or refused it fails with AUTH_REQUIRED / AUTH_INVALID_GRANT (sign in again).
 */
export class RefreshTokenCredential extends UserCredentialBase {
  private initialRefreshToken?: string;

  constructor(options: RefreshTokenCredentialOptions) {
    super(options);
    this.accountKey = options.authenticationRecord?.cacheKey;
    this.initialRefreshToken = options.refreshToken;
    if (!this.accountKey && !this.initialRefreshToken) throw authError(AUTH_CODES.REQUIRED, 'RefreshTokenCredential needs an authenticationRecord or a refreshToken.');
  }

  protected async acquire(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    if (!this.accountKey && this.initialRefreshToken) {
      const resp = await refreshGrant(this.client, this.initialRefreshToken, resource, { claims: options.claims, signal: options.abortSignal });
      this.initialRefreshToken = undefined;
      return this.store(resp, resource, false, options.abortSignal);
    }
    const t = await this.silent(resource, options);
    if (t) return t;
    throw authError(AUTH_CODES.REQUIRED, 'No valid cached token or refresh token for this account: sign in again.');
  }
}
