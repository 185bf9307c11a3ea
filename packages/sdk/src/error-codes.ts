/**
 * Every `code` an AdlsError can carry, in one union (as jose types its error codes). Each has a row in
 * the README's error table and an exit code in the CLI's table; a test fails when one is missing.
 */
export const ERROR_CODES = [
  // Sign-in and tokens (AuthenticationError; AUTH_CODES names them)
  'AUTH_DECLINED', 'AUTH_CODE_EXPIRED', 'AUTH_BAD_VERIFICATION_CODE', 'AUTH_INVALID_GRANT', 'AUTH_MFA_REQUIRED', 'AUTH_MFA_FAILED',
  'AUTH_CONSENT_REQUIRED', 'AUTH_INVALID_CLIENT', 'AUTH_UNAUTHORIZED_CLIENT', 'AUTH_INVALID_SCOPE', 'AUTH_INVALID_RESOURCE',
  'AUTH_INVALID_REQUEST', 'AUTH_UNSUPPORTED_GRANT', 'AUTH_THROTTLED', 'AUTH_DISCOVERY_FAILED', 'AUTH_BAD_RESPONSE',
  'AUTH_BAD_ID_TOKEN', 'AUTH_REQUIRED', 'AUTH_UNSUPPORTED_ACCOUNT', 'AUTH_CLAIMS_CHALLENGE', 'AUTH_REJECTED', 'AUTH_FAILED',
  'AUTH_NO_TOKEN',
  // Answers of the services (RemoteError and its subclasses)
  'NOT_FOUND', 'ALREADY_EXISTS', 'ACCESS_DENIED', 'FIREWALL_BLOCKED', 'BAD_OFFSET', 'THROTTLED', 'DIRECTORY_NOT_EMPTY', 'PARENT_NOT_DIRECTORY',
  'CONFLICT', 'BAD_REQUEST', 'UNSUPPORTED', 'SERVER_ERROR', 'REMOTE_ERROR', 'BAD_RESPONSE', 'UNTRUSTED_URL',
  'OPERATION_FAILED', 'OPERATION_CANCELED',
  // On this side
  'CONNECTION', 'CERTIFICATE_UNTRUSTED', 'INVALID_ARGUMENT', 'INTEGRITY', 'ABORTED',
] as const;

export type AdlsErrorCode = (typeof ERROR_CODES)[number];

/** Whether `v` is one of the SDK's error codes. */
export function isAdlsErrorCode(v: unknown): v is AdlsErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}
