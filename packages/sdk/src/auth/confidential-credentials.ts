import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../errors.js';
import type { AccessToken } from './types.js';
import type { AuthorityOptions } from './auth-client.js';
import { CredentialBase, toAccessToken, type CredentialGetTokenOptions } from './credential-base.js';
import { clientCredentialsGrant } from './grants.js';
import { loadCertificatePem, signRs256, type LoadedCertificate } from './jwt.js';
import type { CachedAccessToken } from './token-cache.js';

export type ConfidentialCredentialOptions = Omit<AuthorityOptions, 'tenantId' | 'clientId'>;

/** App-only tokens (client credentials grant) for a service principal; the client proves itself with `auth`. */
abstract class ConfidentialCredentialBase extends CredentialBase {
  private cacheKey?: string;

  constructor(tenantId: string, clientId: string, options: ConfidentialCredentialOptions) {
    if (!tenantId || !clientId) throw new InvalidArgumentError('tenantId and clientId are required for a service principal.');
    super({ ...options, tenantId, clientId });
  }

  protected abstract auth(tokenEndpoint: string): Promise<Record<string, string>>;

  protected async cachedToken(resource: string): Promise<CachedAccessToken | undefined> {
    return this.cacheKey ? (await this.client.cache.get(this.cacheKey))?.accessTokens[resource] : undefined;
  }

  protected async acquire(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    const resp = await clientCredentialsGrant(this.client, resource, (ep) => this.auth(ep), options.abortSignal);
    this.cacheKey = await this.client.storeAppToken(resp, resource);
    return toAccessToken({ token: resp.accessToken, expiresOnTimestamp: resp.expiresOnTimestamp, refreshAfterTimestamp: resp.refreshAfterTimestamp });
  }
}

/**
 * A service principal with a client secret (sent as `client_secret` in the form body).
 *
 * ```ts
 * const cred = new ClientSecretCredential(tenantId, clientId, process.env.CLIENT_SECRET!);
 * ```
 */
export class ClientSecretCredential extends ConfidentialCredentialBase {
  constructor(tenantId: string, clientId: string, private readonly clientSecret: string, options: ConfidentialCredentialOptions = {}) {
    super(tenantId, clientId, options);
    if (!clientSecret) throw new InvalidArgumentError('clientSecret is required.');
  }

  protected async auth(): Promise<Record<string, string>> {
    return { client_secret: this.clientSecret };
  }
}

/** Lifetime of a client assertion: Azure AD accepts at most 10 minutes. */
const ASSERTION_LIFETIME_S = 540;

/**
 * A service principal with a certificate (`private_key_jwt`): each token request carries a fresh
 * RS256 assertion naming the certificate by its SHA-1 thumbprint (`x5t`), with `aud` = the token
 * endpoint, `iss` = `sub` = client id, a unique `jti` and a lifetime under 10 minutes.
 */
export class ClientCertificateCredential extends ConfidentialCredentialBase {
  private readonly cert: LoadedCertificate;

  /** `certificate`: a path to a PEM file, or `{ certificate: pemText }`; the PEM holds the certificate and its private key. */
  constructor(tenantId: string, clientId: string, certificate: string | { certificate?: string; certificatePath?: string; certificatePassword?: string }, options: ConfidentialCredentialOptions = {}) {
    super(tenantId, clientId, options);
    const spec = typeof certificate === 'string' ? { certificatePath: certificate } : certificate;
    const pem = spec.certificate ?? (spec.certificatePath ? readFileSync(spec.certificatePath, 'utf8') : undefined);
    if (!pem) throw new InvalidArgumentError('A certificate PEM or certificatePath is required.');
    try {
      this.cert = loadCertificatePem(pem, spec.certificatePassword);
    } catch (e) {
      throw new InvalidArgumentError(`Cannot read the client certificate: ${(e as Error).message}`);
    }
  }

  protected async auth(tokenEndpoint: string): Promise<Record<string, string>> {
    const now = Math.floor(this.client.clock.now() / 1000);
    const assertion = await signRs256(
      { typ: 'JWT', x5t: this.cert.x5t },
      { aud: tokenEndpoint, iss: this.client.clientId, sub: this.client.clientId, jti: randomUUID(), iat: now, nbf: now, exp: now + ASSERTION_LIFETIME_S },
      this.cert.key,
    );
    return { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
  }
}
