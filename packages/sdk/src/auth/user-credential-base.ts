import type { AccessToken } from './types.js';
import { AUTH_CODES } from './auth-errors.js';
import type { AuthenticationRecord } from './auth-client.js';
import { CredentialBase, toAccessToken, type CredentialGetTokenOptions } from './credential-base.js';
import { refreshGrant } from './grants.js';
import type { CachedAccessToken } from './token-cache.js';
import type { TokenResponse } from './token-response.js';
import { AdlsError } from '../errors.js';

/** Errors after which an interactive sign-in can still succeed. */
export const NEEDS_INTERACTION = new Set<string>([AUTH_CODES.INVALID_GRANT, AUTH_CODES.MFA_REQUIRED, AUTH_CODES.CONSENT_REQUIRED, AUTH_CODES.REQUIRED]);

export function needsInteraction(e: unknown): boolean {
  return e instanceof AdlsError && NEEDS_INTERACTION.has(e.code);
}

/**
 * A credential for a user account in the token cache: cached access tokens per resource, and the
 * silent path, which redeems the account's (multi-resource) refresh token for any resource and
 * stores the rotated refresh token.
 */
export abstract class UserCredentialBase extends CredentialBase {
  /** Cache key of the signed-in account, once known. */
  protected accountKey?: string;

  protected async cachedToken(resource: string): Promise<CachedAccessToken | undefined> {
    if (!this.accountKey) return undefined;
    return (await this.client.cache.get(this.accountKey))?.accessTokens[resource];
  }

  /** The signed-in account, if any. */
  async account(): Promise<AuthenticationRecord | undefined> {
    return this.accountKey ? this.client.record(this.accountKey) : undefined;
  }

  /**
   * Refresh-token grant for the cached account. Returns undefined when there is no refresh token;
   * on `invalid_grant` the refresh token is dropped (it is dead) and the error rethrown.
   */
  protected async silent(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken | undefined> {
    if (!this.accountKey) return undefined;
    const account = await this.client.cache.get(this.accountKey);
    if (!account?.refreshToken) return undefined;
    let resp: TokenResponse;
    try {
      resp = await refreshGrant(this.client, account.refreshToken, resource, { claims: options.claims, signal: options.abortSignal });
    } catch (e) {
      if (e instanceof AdlsError && e.code === AUTH_CODES.INVALID_GRANT) await this.client.dropRefreshToken(this.accountKey);
      throw e;
    }
    return this.store(resp, resource, false, options.abortSignal);
  }

  protected async store(resp: TokenResponse, resource: string, interactive: boolean, signal?: AbortSignal): Promise<AccessToken> {
    this.accountKey = await this.client.storeUserTokens(resp, resource, interactive, signal);
    return toAccessToken({ token: resp.accessToken, expiresOnTimestamp: resp.expiresOnTimestamp, refreshAfterTimestamp: resp.refreshAfterTimestamp });
  }
}
