import type { AuthCheck } from './signed-request.js';

export type AuthFailure = Extract<AuthCheck, { ok: false }>;

/** The service's message for AuthenticationFailed (key, SAS and bearer failures alike). */
export const AUTHENTICATION_FAILED_MESSAGE =
  'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.';

export function authenticationFailed(detail: string): AuthFailure {
  return { ok: false, status: 403, code: 'AuthenticationFailed', message: AUTHENTICATION_FAILED_MESSAGE, detail };
}

/** A Shared Key Authorization header that does not parse (`SharedKey account:signature`). */
export function invalidAuthenticationInfo(detail: string): AuthFailure {
  return {
    ok: false, status: 400, code: 'InvalidAuthenticationInfo',
    message: 'Authentication information is not given in the correct format. Check the value of Authorization header.',
    detail,
  };
}
