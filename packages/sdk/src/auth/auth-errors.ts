import { AuthenticationError, type AdlsErrorCode } from '../errors.js';

/**
 * Stable codes of AuthenticationError thrown by the credentials. Switch on these, not on messages.
 */
export const AUTH_CODES = {
  /** The user pressed Cancel/Decline on the sign-in page (`authorization_declined`). */
  DECLINED: 'AUTH_DECLINED',
  /** The device code expired before the user finished (`expired_token`, `code_expired`, or the client-side deadline). */
  CODE_EXPIRED: 'AUTH_CODE_EXPIRED',
  /** The device code is unknown or was already used (`bad_verification_code`). */
  BAD_VERIFICATION_CODE: 'AUTH_BAD_VERIFICATION_CODE',
  /** The grant (refresh token, device code, password) was refused (`invalid_grant`). */
  INVALID_GRANT: 'AUTH_INVALID_GRANT',
  /** Multi-factor authentication is required (AADSTS50076 / `basic_action`): use the device code flow. */
  MFA_REQUIRED: 'AUTH_MFA_REQUIRED',
  /** The second factor failed: too many wrong verification codes (AADSTS500121). Sign in again. */
  MFA_FAILED: 'AUTH_MFA_FAILED',
  /** The user has not consented to the resource (AADSTS65001). */
  CONSENT_REQUIRED: 'AUTH_CONSENT_REQUIRED',
  /** Bad or missing client credential (`invalid_client`). */
  INVALID_CLIENT: 'AUTH_INVALID_CLIENT',
  /** Unknown application (`unauthorized_client`). */
  UNAUTHORIZED_CLIENT: 'AUTH_UNAUTHORIZED_CLIENT',
  INVALID_SCOPE: 'AUTH_INVALID_SCOPE',
  INVALID_RESOURCE: 'AUTH_INVALID_RESOURCE',
  INVALID_REQUEST: 'AUTH_INVALID_REQUEST',
  UNSUPPORTED_GRANT: 'AUTH_UNSUPPORTED_GRANT',
  /** 429/503 from the identity service persisted after the bounded retries. */
  THROTTLED: 'AUTH_THROTTLED',
  /** OpenID discovery failed or its issuer is on another host. */
  DISCOVERY_FAILED: 'AUTH_DISCOVERY_FAILED',
  /** The identity service answered something that is not a valid OAuth response. */
  BAD_RESPONSE: 'AUTH_BAD_RESPONSE',
  /** The id_token failed validation (audience, issuer, lifetime). */
  BAD_ID_TOKEN: 'AUTH_BAD_ID_TOKEN',
  /** No cached account or refresh token: an interactive sign-in is needed. */
  REQUIRED: 'AUTH_REQUIRED',
  /** The account type cannot use this flow (e.g. a federated account with the password grant). */
  UNSUPPORTED_ACCOUNT: 'AUTH_UNSUPPORTED_ACCOUNT',
  /** A service refused the token with a claims challenge (`insufficient_claims`, e.g. MFA required) that a silent
   * token request could not satisfy: sign in again passing `error.challenge.claims`. */
  CLAIMS_CHALLENGE: 'AUTH_CLAIMS_CHALLENGE',
  /** A service refused the token (401) after a forced refresh. */
  REJECTED: 'AUTH_REJECTED',
  /** Any other OAuth error. */
  FAILED: 'AUTH_FAILED',
} as const satisfies Record<string, AdlsErrorCode>;

export type AuthCode = (typeof AUTH_CODES)[keyof typeof AUTH_CODES];

/** An OAuth error body (RFC 6749 §5.2 + Azure AD extras). */
export interface OAuthErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  suberror?: string;
  trace_id?: string;
  correlation_id?: string;
  claims?: string;
}

/** AADSTS codes of an Azure AD error, from `error_codes` or the description prefix. */
export function aadstsCodes(body: OAuthErrorBody): number[] {
  if (Array.isArray(body.error_codes)) return body.error_codes.filter((n) => typeof n === 'number');
  const m = /^AADSTS(\d+)/.exec(body.error_description ?? '');
  return m ? [Number(m[1])] : [];
}

function codeFor(body: OAuthErrorBody): AuthCode {
  const codes = aadstsCodes(body);
  switch (body.error) {
    case 'authorization_declined': return AUTH_CODES.DECLINED;
    case 'expired_token': case 'code_expired': return AUTH_CODES.CODE_EXPIRED;
    case 'bad_verification_code': return AUTH_CODES.BAD_VERIFICATION_CODE;
    case 'invalid_grant':
      if (codes.includes(50076) || codes.includes(50079) || body.suberror === 'basic_action') return AUTH_CODES.MFA_REQUIRED;
      if (codes.includes(65001) || body.suberror === 'consent_required') return AUTH_CODES.CONSENT_REQUIRED;
      if (codes.includes(500121)) return AUTH_CODES.MFA_FAILED;
      return AUTH_CODES.INVALID_GRANT;
    case 'invalid_client': return AUTH_CODES.INVALID_CLIENT;
    case 'unauthorized_client': return AUTH_CODES.UNAUTHORIZED_CLIENT;
    case 'invalid_scope': return AUTH_CODES.INVALID_SCOPE;
    case 'invalid_resource': return AUTH_CODES.INVALID_RESOURCE;
    case 'invalid_request': return AUTH_CODES.INVALID_REQUEST;
    case 'unsupported_grant_type': return AUTH_CODES.UNSUPPORTED_GRANT;
    default: return AUTH_CODES.FAILED;
  }
}

/** An AuthenticationError carrying the Azure AD details of a refused request. */
export class OAuthError extends AuthenticationError {
  /** AADSTS numbers, e.g. [50076]. */
  readonly aadstsCodes: number[];
  /** A claims challenge returned with the error, if any. */
  readonly claims?: string;
  readonly suberror?: string;

  constructor(status: number, body: OAuthErrorBody, requestId?: string) {
    // Only the first line of the description: the rest is trace/correlation ids and a timestamp.
    const first = (body.error_description ?? '').split(/\r?\n/)[0].trim();
    super(codeFor(body), first || `Azure AD refused the request: ${body.error ?? `HTTP ${status}`}`, {
      status, remoteCode: body.error, requestId: requestId ?? body.trace_id,
    });
    this.aadstsCodes = aadstsCodes(body);
    this.claims = body.claims;
    this.suberror = body.suberror;
  }
}

export function authError(code: AuthCode, message: string, cause?: unknown): AuthenticationError {
  return new AuthenticationError(code, message, cause !== undefined ? { cause } : {});
}
