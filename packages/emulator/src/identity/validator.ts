import { compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { AnswerError } from '../answer-error.js';
import { PUBLIC_V2_ISSUER_ORIGIN } from '../proxy/public-hosts.js';
import type { SigningKeys } from './keys.js';

/** Which resource server is validating: decides the accepted audiences (identity spec §6). */
export type Audience = 'management' | 'datalake' | 'storage';

const AUDIENCES: Record<Audience, string[]> = {
  management: ['https://management.core.windows.net', 'https://management.azure.com'],
  // The classic management audience too: Microsoft's Gen1 REST guides get the data-plane token with
  // resource=https://management.core.windows.net/, and the retired Node SDK's README passes its management
  // credentials to the filesystem client. The reverse (a Data Lake token on Resource Manager) stays refused.
  datalake: ['https://datalake.azure.net', 'https://management.core.windows.net'],
  storage: ['https://storage.azure.com'],
};

/** The authenticated caller of a protected request. */
export interface Principal {
  /** Object id: the identity used for authorisation (owner of files, subscription owner...). */
  oid: string;
  tid: string;
  /** Display name: upn for users, app id for service principals. */
  name: string;
  upn?: string;
  appId?: string;
  isApp: boolean;
  amr: string[];
  scopes: string[];
}

export type FailureKind = 'missing' | 'malformed' | 'invalid' | 'expired' | 'audience' | 'scope' | 'mfa';

export class TokenValidationError extends AnswerError {
  constructor(readonly kind: FailureKind, message: string) {
    super(message);
  }
  /** ARM-style error code for the body (identity spec §6 table). */
  get armCode(): string {
    switch (this.kind) {
      case 'missing': return 'AuthenticationFailed';
      case 'expired': return 'ExpiredAuthenticationToken';
      case 'audience': return 'InvalidAuthenticationTokenAudience';
      default: return 'InvalidAuthenticationToken';
    }
  }
}

const DESCRIPTIONS: Record<FailureKind, string> = {
  missing: "The authentication failed because of missing 'Authorization' header.",
  malformed: "The 'Authorization' header is invalid.",
  invalid: 'The access token is invalid.',
  expired: 'The access token has expired.',
  audience: 'The access token has an invalid audience.',
  scope: 'The access token does not grant the required permission.',
  mfa: 'Multi-factor authentication is required.',
};

/** The claims challenge asking for an MFA token (spec §6): base64 of {"access_token":{"amr":{"essential":true,"values":["mfa"]}}}. */
export const MFA_CLAIMS_CHALLENGE = Buffer.from(JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } })).toString('base64');

const stripSlash = (s: string) => (s.endsWith('/') ? s.slice(0, -1) : s);

export interface ValidatorOptions {
  keys: SigningKeys;
  /** https://host:port of the emulator's identity endpoints (v2 issuer base). */
  issuerBase: () => string;
  /** Tenants whose tokens are accepted. */
  tenantIds: () => string[];
  clockSkewSeconds: number;
  now: () => number;
}

/**
 * Validates bearer tokens for the management and data planes: RS256 signature with a known kid,
 * issuer of a known tenant (v1 sts.windows.net, the emulator's or Azure's public v2 issuer), audience for the
 * service, nbf/exp with skew, and a delegated scope or an app token. Verified keys are in-process,
 * so there is no JWKS fetch; results are cached per token until expiry.
 */
/** A token that passed every check but the per-request ones (expiry, audience), cached until it expires. */
interface Validated { principal: Principal; exp: number; /** without a trailing slash, lower-cased */ aud: string }

export class TokenValidator {
  private readonly cache = new Map<string, Validated>();
  /** The Authorization header of the last cache hit, as sent, with its entry. */
  private last?: { authorization: string; entry: Validated };

  constructor(private readonly opts: ValidatorOptions) {}

  /** The WWW-Authenticate challenge for a failure (RFC 6750 §3, ARM format). */
  /** `authority`: the authority host to name (the one matching the host the client used; default the emulator's). */
  challenge(err: TokenValidationError, tenantId: string, authority = this.opts.issuerBase()): string {
    if (err.kind === 'mfa') {
      return `Bearer authorization_uri="${authority}/${tenantId}", error="insufficient_claims", error_description="${DESCRIPTIONS.mfa}", claims="${MFA_CLAIMS_CHALLENGE}"`;
    }
    return `Bearer authorization_uri="${authority}/${tenantId}", error="invalid_token", error_description="${DESCRIPTIONS[err.kind]}"`;
  }

  /**
   * `requireMfa`: user tokens must carry `mfa` in amr (optional resource policy, spec §6 step 7).
   * `audiences`: further accepted audiences (e.g. a storage account's own endpoint URLs).
   */
  async validate(authorization: string | undefined, audience: Audience, policy: { requireMfa?: boolean; audiences?: string[] } = {}): Promise<Principal> {
    const principal = await this.validateToken(authorization, audience, policy.audiences ?? []);
    if (policy.requireMfa && !principal.isApp && !principal.amr.includes('mfa')) throw new TokenValidationError('mfa', DESCRIPTIONS.mfa);
    return principal;
  }

  private async validateToken(authorization: string | undefined, audience: Audience, extra: string[]): Promise<Principal> {
    if (authorization === undefined || authorization === '') throw new TokenValidationError('missing', DESCRIPTIONS.missing);
    const nowSec = Math.floor(this.opts.now() / 1000);
    const skew = this.opts.clockSkewSeconds;

    // Hot path: a token validated before. Only well-formed tokens are ever cached, so a hit needs no syntax check;
    // the last one seen is compared first (a client's connections all send the same token), which spares hashing
    // a kilobyte-long string per request for the map.
    const cached = this.cached(authorization);
    if (cached) {
      if (nowSec >= cached.exp + skew) throw new TokenValidationError('expired', DESCRIPTIONS.expired);
      this.checkAudience(cached.aud, audience, extra);
      return cached.principal;
    }

    const m = /^bearer ([A-Za-z0-9_\-.=+/]+)$/i.exec(authorization.trim());
    if (!m) throw new TokenValidationError('malformed', DESCRIPTIONS.malformed);
    const token = m[1];

    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new TokenValidationError('malformed', DESCRIPTIONS.malformed);
    }
    if (header.alg !== 'RS256') throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);
    const kid = (header.kid ?? header.x5t) as string | undefined;
    const key = kid ? this.opts.keys.publicKeyFor(kid) : undefined;
    if (!key) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);

    let claims: Record<string, unknown>;
    try {
      const { payload } = await compactVerify(token, key, { algorithms: ['RS256'] });
      claims = JSON.parse(Buffer.from(payload).toString('utf8'));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError || e instanceof SyntaxError) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);
      throw e;
    }

    const tid = String(claims.tid ?? '');
    const iss = String(claims.iss ?? '');
    const knownTenant = this.opts.tenantIds().some((t) => t.toLowerCase() === tid.toLowerCase());
    // v1: Azure's sts.windows.net; v2: the emulator's own origin, or Azure's when signed in through a public name.
    const issuers = [`https://sts.windows.net/${tid}/`, `${this.opts.issuerBase()}/${tid}/v2.0`, `${PUBLIC_V2_ISSUER_ORIGIN}/${tid}/v2.0`];
    if (!knownTenant || !issuers.includes(iss)) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);

    const exp = Number(claims.exp);
    const nbf = Number(claims.nbf ?? claims.iat ?? 0);
    if (!Number.isFinite(exp)) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);
    if (nowSec >= exp + skew) throw new TokenValidationError('expired', DESCRIPTIONS.expired);
    if (nbf - skew > nowSec) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);

    const aud = stripSlash(String(claims.aud ?? '')).toLowerCase();
    this.checkAudience(aud, audience, extra);

    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
    const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
    const isApp = claims.idtyp === 'app' || (scopes.length === 0 && claims.upn === undefined);
    if (!isApp && !scopes.includes('user_impersonation')) throw new TokenValidationError('scope', DESCRIPTIONS.scope);
    const oid = String(claims.oid ?? '');
    if (!oid) throw new TokenValidationError('invalid', DESCRIPTIONS.invalid);

    const upn = (claims.upn ?? claims.unique_name ?? claims.preferred_username) as string | undefined;
    const appId = (claims.appid ?? claims.azp) as string | undefined;
    const principal: Principal = {
      oid, tid, upn, appId, isApp,
      name: upn ?? appId ?? oid,
      amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
      scopes: isApp ? roles : scopes,
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { principal, exp, aud });
    return principal;
  }

  /** The cached validation of `Bearer <token>` as sent (scheme in any case, surrounding blanks), if any. */
  private cached(authorization: string): Validated | undefined {
    const last = this.last;
    if (last !== undefined && last.authorization === authorization) return last.entry;
    const header = authorization.trim();
    if (header.length <= 7 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
    const entry = this.cache.get(header.slice(7));
    if (entry) this.last = { authorization, entry };
    return entry;
  }

  /** `aud`: the token's audience without a trailing slash, lower-cased. */
  private checkAudience(aud: string, audience: Audience, extra: string[]): void {
    if (!AUDIENCES[audience].includes(aud) && !extra.some((e) => stripSlash(e).toLowerCase() === aud)) throw new TokenValidationError('audience', DESCRIPTIONS.audience);
  }
}
