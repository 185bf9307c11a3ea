import type { AccessToken, GetTokenOptions } from './types.js';
import { AUTH_CODES, authError } from './auth-errors.js';
import type { AuthenticationRecord, AuthorityOptions } from './auth-client.js';
import { linkAbortSignal, type CredentialGetTokenOptions } from './credential-base.js';
import { deviceCodeGrant, type DeviceCodePromptCallback } from './grants.js';
import { resourceFromScopes } from './resource-scope.js';
import { needsInteraction, UserCredentialBase } from './user-credential-base.js';
import { AbortError } from '../errors.js';

export interface DeviceCodeCredentialOptions extends AuthorityOptions {
  /**
   * Receives the user code, URL and Azure AD's `message` as soon as they arrive. The library never
   * prints: show `info.message` to the user here.
   */
  userPromptCallback?: DeviceCodePromptCallback;
  /** Start from an account already in `tokenCache` (e.g. from a previous `authenticate()`). */
  authenticationRecord?: AuthenticationRecord;
  /** If true, getToken never starts a device flow: it fails with AUTH_REQUIRED instead (call authenticate()). */
  disableAutomaticAuthentication?: boolean;
}

/**
 * Azure AD device code sign-in (v1 `resource` or v2 `scope` dialect). The first getToken runs the
 * device flow; later calls for any resource use the cached tokens and the account's refresh token.
 *
 * ```ts
 * const cred = new DeviceCodeCredential({ tenantId, userPromptCallback: (i) => console.error(i.message) });
 * const { token } = await cred.getToken('https://datalake.azure.net//.default');
 * ```
 */
export class DeviceCodeCredential extends UserCredentialBase {
  private readonly prompt?: DeviceCodePromptCallback;
  private readonly automatic: boolean;

  constructor(options: DeviceCodeCredentialOptions = {}) {
    super(options);
    this.prompt = options.userPromptCallback;
    this.automatic = !options.disableAutomaticAuthentication;
    this.accountKey = options.authenticationRecord?.cacheKey;
  }

  /** Runs the device flow now (for `scopes`, default the data lake) and returns the signed-in account. */
  async authenticate(scopes: string | string[] = 'https://datalake.azure.net//.default', getTokenOptions: GetTokenOptions = {}): Promise<AuthenticationRecord> {
    const resource = resourceFromScopes(scopes);
    const link = linkAbortSignal(getTokenOptions.abortSignal);
    try {
      const options: CredentialGetTokenOptions = { ...getTokenOptions, abortSignal: link.signal };
      if (options.abortSignal?.aborted) throw new AbortError();
      await this.interactive(resource, options);
    } finally {
      link.dispose();
    }
    const rec = await this.account();
    if (!rec) throw authError(AUTH_CODES.FAILED, 'The sign-in completed but the account could not be cached.');
    return rec;
  }

  protected async acquire(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    if (options.claims === undefined) {
      try {
        const t = await this.silent(resource, options);
        if (t) return t;
      } catch (e) {
        if (!needsInteraction(e) || !this.automatic) throw e;
      }
    }
    if (!this.automatic) throw authError(AUTH_CODES.REQUIRED, 'An interactive sign-in is required: call authenticate().');
    return this.interactive(resource, options);
  }

  private async interactive(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    const resp = await deviceCodeGrant(this.client, resource, this.prompt, { claims: options.claims, signal: options.abortSignal });
    return this.store(resp, resource, true, options.abortSignal);
  }
}
