import type { AccessToken } from './types.js';
import type { AuthorityOptions } from './auth-client.js';
import type { CredentialGetTokenOptions } from './credential-base.js';
import { passwordGrant } from './grants.js';
import { UserCredentialBase } from './user-credential-base.js';
import { AdlsError } from '../errors.js';
import { AUTH_CODES } from './auth-errors.js';

/**
 * User name and password sign-in (the v1 resource owner password grant, as adal's
 * `acquire_token_with_username_password`).
 *
 * @deprecated The password flow cannot do multi-factor authentication: users who need MFA fail
 * with AUTH_MFA_REQUIRED (AADSTS50076), and Microsoft is phasing the flow out. Use
 * DeviceCodeCredential for people and ClientSecretCredential/ClientCertificateCredential for apps.
 */
export class UsernamePasswordCredential extends UserCredentialBase {
  constructor(tenantId: string, clientId: string, private readonly username: string, private readonly password: string, options: Omit<AuthorityOptions, 'tenantId' | 'clientId' | 'protocol'> = {}) {
    super({ ...options, tenantId, clientId, protocol: 'v1' });
  }

  protected async acquire(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    try {
      const t = await this.silent(resource, options);
      if (t) return t;
    } catch (e) {
      // A dead refresh token: the password can get a new one. Anything else is final.
      if (!(e instanceof AdlsError && e.code === AUTH_CODES.INVALID_GRANT)) throw e;
    }
    const resp = await passwordGrant(this.client, this.username, this.password, resource, options.abortSignal);
    return this.store(resp, resource, true, options.abortSignal);
  }
}
