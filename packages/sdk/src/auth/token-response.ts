import { AUTH_CODES, authError } from './auth-errors.js';
import { decodeJwtHeader, decodeJwtPayload, verifyRs256, type VerifyKey } from './jwt.js';

/** A successful token response (v1 or v2 shape), normalised. */
export interface TokenResponse {
  accessToken: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
  refreshToken?: string;
  idTokenClaims?: Record<string, unknown>;
  /** The id_token as received (for its signature check). */
  idToken?: string;
  /** v2 `client_info` decoded: home account uid/utid. */
  clientInfo?: { uid: string; utid: string };
  /** v1 `resource` echo. */
  resource?: string;
}

/** Numbers arrive as JSON numbers (v2) or numeric strings (v1). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Refresh this long before expiry unless the server says otherwise (`refresh_in`); the MSALs use 5 min. */
export const REFRESH_MARGIN_MS = 300_000;

export function parseTokenResponse(body: Record<string, unknown>, now: number): TokenResponse {
  const { access_token: at, token_type: type } = body;
  if (typeof at !== 'string' || at === '') throw authError(AUTH_CODES.BAD_RESPONSE, 'The token response has no access_token.');
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) {
    throw authError(AUTH_CODES.BAD_RESPONSE, `Unsupported token_type '${String(type)}'.`);
  }
  const expiresIn = toNumber(body.expires_in);
  const expiresOn = toNumber(body.expires_on);
  const expiresOnTimestamp = expiresIn !== undefined ? now + expiresIn * 1000 : expiresOn !== undefined ? expiresOn * 1000 : undefined;
  if (expiresOnTimestamp === undefined) throw authError(AUTH_CODES.BAD_RESPONSE, 'The token response has no expires_in.');
  const refreshIn = toNumber(body.refresh_in);
  const refreshAfterTimestamp = refreshIn !== undefined ? now + refreshIn * 1000 : Math.max(now, expiresOnTimestamp - REFRESH_MARGIN_MS);
  const out: TokenResponse = { accessToken: at, expiresOnTimestamp, refreshAfterTimestamp };
  if (typeof body.refresh_token === 'string' && body.refresh_token) out.refreshToken = body.refresh_token;
  if (typeof body.resource === 'string') out.resource = body.resource;
  if (typeof body.id_token === 'string') {
    const claims = decodeJwtPayload(body.id_token);
    if (!claims) throw authError(AUTH_CODES.BAD_ID_TOKEN, 'The id_token is not a JWT.');
    out.idTokenClaims = claims;
    out.idToken = body.id_token;
  }
  if (typeof body.client_info === 'string') {
    try {
      const ci = JSON.parse(Buffer.from(body.client_info, 'base64url').toString('utf8'));
      if (typeof ci.uid === 'string' && typeof ci.utid === 'string') out.clientInfo = { uid: ci.uid, utid: ci.utid };
    } catch { /* malformed client_info: fall back to id_token claims */ }
    if (!out.clientInfo) throw authError(AUTH_CODES.BAD_RESPONSE, 'The token response has a malformed client_info.');
  }
  return out;
}

const SKEW_S = 300;

/**
 * Checks an id_token's signature: RS256 by the JWKS key named by its `kid` (or `x5t`) header.
 * `keyFor` returns the key for an id, or undefined when the JWKS has none.
 */
export async function verifyIdTokenSignature(idToken: string, keyFor: (id: string) => Promise<VerifyKey | undefined>): Promise<void> {
  const fail = (why: string) => { throw authError(AUTH_CODES.BAD_ID_TOKEN, `The id_token is not valid: ${why}.`); };
  const header = decodeJwtHeader(idToken);
  if (!header) return fail('it is not a signed JWT');
  if (header.alg !== 'RS256') return fail(`unexpected signature algorithm '${String(header.alg)}'`);
  const id = typeof header.kid === 'string' ? header.kid : typeof header.x5t === 'string' ? header.x5t : undefined;
  if (!id) return fail('it names no signing key');
  const key = await keyFor(id);
  if (!key) return fail('it is signed by a key the authority does not publish');
  if (!(await verifyRs256(idToken, key))) fail('its signature does not verify');
}

/**
 * Checks an id_token's claims (not its signature): audience is our client, issuer matches the
 * authority (v1 `https://sts.windows.net/{tid}/`, v2 the discovery issuer with `{tenantid}`
 * substituted), and it is within its lifetime ±5 min.
 */
export function validateIdTokenClaims(claims: Record<string, unknown>, expected: { clientId: string; issuer?: string; protocol: 'v1' | 'v2'; now: number }): void {
  const fail = (why: string) => { throw authError(AUTH_CODES.BAD_ID_TOKEN, `The id_token is not valid: ${why}.`); };
  if (claims.aud !== expected.clientId) fail('its audience is not this client');
  const tid = typeof claims.tid === 'string' ? claims.tid : undefined;
  const nowS = expected.now / 1000;
  const exp = toNumber(claims.exp);
  const nbf = toNumber(claims.nbf);
  if (exp !== undefined && exp < nowS - SKEW_S) fail('it has expired');
  if (nbf !== undefined && nbf > nowS + SKEW_S) fail('it is not valid yet');
  if (expected.protocol === 'v1') {
    if (tid && claims.iss !== `https://sts.windows.net/${tid}/`) fail('unexpected issuer');
  } else if (expected.issuer) {
    const want = tid ? expected.issuer.replace('{tenantid}', tid) : expected.issuer;
    if (claims.iss !== want) fail('unexpected issuer');
  }
}
