import { AUTH_CODES, authError } from './auth-errors.js';
import { decodeJwtPayload } from './jwt.js';

/** A successful token response (v1 or v2 shape), normalised. */
export interface TokenResponse {
  accessToken: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
  refreshToken?: string;
  idTokenClaims?: Record<string, unknown>;
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
