import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { RequestContext } from '../http/context.js';
import type { App, Directory } from './directory.js';
import { CredentialGuard } from './credential-guard.js';
import { RememberedSecrets } from './remembered-secrets.js';
import { aad } from './errors.js';
import type { ClientAuthLevel } from './tokens.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Assertions may not live longer than this (adal and msal use 10 minutes), plus clock slack. */
const MAX_ASSERTION_LIFETIME_S = 600 + 60;
const SKEW_S = 300;

/**
 * Client authentication for the token endpoint (spec §2.6): `client_secret` in the body, HTTP Basic,
 * or a private_key_jwt assertion naming a registered certificate by `x5t` / `x5t#S256`.
 */
export class ClientAuthenticator {
  /** Successful secret checks of the last minute: scrypt is deliberately slow and would cap throughput. */
  private readonly secretsOk: RememberedSecrets;
  /** Uncached checks: off the event loop, one at a time per app, with a lockout after repeated wrong secrets. */
  private readonly secrets: CredentialGuard<true>;
  /** Seen assertion ids until they expire (replay protection). */
  private readonly jtis = new Map<string, number>();

  constructor(directory: Directory, private readonly now: () => number) {
    this.secretsOk = new RememberedSecrets(now);
    // A check that waited in its app's queue first looks at the cache again: a burst of right secrets costs one hash.
    this.secrets = new CredentialGuard(async (clientId, secret) =>
      (this.cachedOk(clientId, secret) || await directory.checkAppSecret(clientId, secret)) || undefined, now);
  }

  /**
   * Returns how the client authenticated ('0' none, '1' secret, '2' certificate).
   * `required`: the grant needs a credential (client credentials, or a confidential app).
   */
  async authenticate(ctx: RequestContext, form: URLSearchParams, app: App, tokenEndpoints: string[], required: boolean): Promise<ClientAuthLevel> {
    let secret = form.get('client_secret');
    const basic = parseBasic(ctx.header('authorization'));
    if (basic) {
      if (basic.id.toLowerCase() !== app.clientId.toLowerCase()) throw aad.badClientSecret(app.clientId);
      secret ??= basic.secret;
    }
    const assertionType = form.get('client_assertion_type');
    const assertion = form.get('client_assertion');
    if (assertion !== null || assertionType !== null) {
      if (assertionType !== JWT_BEARER_ASSERTION) throw aad.invalidRequest(`client_assertion_type must be '${JWT_BEARER_ASSERTION}'.`, 90014);
      if (!assertion) throw aad.missingParam('client_assertion');
      await this.checkAssertion(assertion, app, tokenEndpoints);
      return '2';
    }
    if (secret !== null && secret !== '') {
      await this.checkSecret(app.clientId, secret);
      return '1';
    }
    if (required || !app.isPublic) throw aad.missingClientCredential();
    return '0';
  }

  /** Throws AADSTS7000215 for a wrong secret, 429 while the app is locked out. */
  private async checkSecret(clientId: string, secret: string): Promise<void> {
    if (this.cachedOk(clientId, secret) && this.secrets.lockedFor(clientId) === 0) return;
    const outcome = await this.secrets.check(clientId, secret);
    if (outcome === 'locked') throw aad.clientLocked(clientId, Math.max(1, Math.ceil(this.secrets.lockedFor(clientId) / 1000)));
    if (outcome === undefined) throw aad.badClientSecret(clientId);
    this.secretsOk.remember(clientId.toLowerCase(), secret);
  }

  private cachedOk(clientId: string, secret: string): boolean {
    return this.secretsOk.has(clientId.toLowerCase(), secret);
  }

  private async checkAssertion(assertion: string, app: App, tokenEndpoints: string[]): Promise<void> {
    let header;
    try { header = decodeProtectedHeader(assertion); } catch { throw aad.badAssertion(700027, 'Client assertion is not a valid JWT.'); }
    if (header.alg !== 'RS256' && header.alg !== 'PS256') throw aad.badAssertion(700027, `Client assertion algorithm '${String(header.alg)}' is not supported.`);
    const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
    const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] as string : undefined;
    const pem = app.certPems.find((p, i) => {
      const der = new X509Certificate(p).raw;
      return (x5t !== undefined && (app.certThumbprints[i] === x5t || createHash('sha1').update(der).digest('base64url') === x5t))
        || (x5tS256 !== undefined && createHash('sha256').update(der).digest('base64url') === x5tS256);
    });
    if (!pem) throw aad.badAssertion(700027, `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${x5t ?? x5tS256 ?? ''}']`);
    let claims: Record<string, unknown>;
    try {
      const { payload } = await compactVerify(assertion, createPublicKey(pem), { algorithms: ['RS256', 'PS256'] });
      claims = JSON.parse(Buffer.from(payload).toString('utf8'));
    } catch {
      throw aad.badAssertion(700027, 'Client assertion failed signature validation.');
    }
    if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
      throw aad.badAssertion(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const auds = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map(String);
    const norm = (u: string) => u.split('?')[0].replace(/\/$/, '').toLowerCase();
    if (!auds.some((a) => tokenEndpoints.map(norm).includes(norm(a)))) {
      throw aad.badAssertion(700023, 'Client assertion audience claim does not match Realm issuer.');
    }
    const now = Math.floor(this.now() / 1000);
    const exp = Number(claims.exp);
    const nbf = claims.nbf === undefined ? now : Number(claims.nbf);
    if (!Number.isFinite(exp) || exp <= now - SKEW_S || exp > now + MAX_ASSERTION_LIFETIME_S || nbf > now + SKEW_S) {
      throw aad.badAssertion(700024, 'Client assertion is not within its valid time range.');
    }
    const jti = typeof claims.jti === 'string' ? claims.jti : '';
    if (!jti) throw aad.badAssertion(700027, "Client assertion must contain a 'jti' claim.");
    for (const [k, until] of this.jtis) if (until < now) this.jtis.delete(k);
    const key = `${app.clientId}\n${jti}`;
    if (this.jtis.has(key)) throw aad.badAssertion(700025, 'Client assertion has already been used (jti replay).');
    this.jtis.set(key, exp + SKEW_S);
  }
}

function parseBasic(h: string | undefined): { id: string; secret: string } | undefined {
  const m = h && /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h);
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  try {
    return { id: decodeURIComponent(text.slice(0, i).replace(/\+/g, ' ')), secret: decodeURIComponent(text.slice(i + 1).replace(/\+/g, ' ')) };
  } catch {
    return { id: text.slice(0, i), secret: text.slice(i + 1) };
  }
}
