import { AdlsError, AUTH_CODES } from 'adls-gen1';

const AGAIN = "run 'adls login' again";

/**
 * What to do after a sign-in or a token refresh failed, as one `hint:` line, or undefined when the error is
 * not about signing in or already says what to do. Azure AD's own sentences ("send a new interactive
 * authorization request") name no command.
 */
export function signInHint(e: unknown): string | undefined {
  if (!(e instanceof AdlsError) || /adls login/.test(e.message)) return undefined;
  const hint = (() => {
    switch (e.code) {
      case AUTH_CODES.CODE_EXPIRED:
        return `the code expired before the sign-in was finished in the browser: ${AGAIN} and finish within the time it shows`;
      case AUTH_CODES.DECLINED:
        return `the sign-in was cancelled on the sign-in page: ${AGAIN} to retry`;
      case AUTH_CODES.MFA_FAILED:
        return 'a wrong verification code was entered too many times, so the sign-in was stopped. Check that your authenticator '
          + `app shows codes for this account and that this device's clock is right, then ${AGAIN} `
          + "(emulator: 'adls emulator totp <user>' prints the current code)";
      case AUTH_CODES.BAD_VERIFICATION_CODE:
        return `that sign-in code is no longer valid (already used, or expired long ago): ${AGAIN}`;
      case AUTH_CODES.INVALID_GRANT:
        return `your sign-in has expired or was revoked (the refresh token is no longer accepted): ${AGAIN}`;
      case AUTH_CODES.MFA_REQUIRED:
        return "this needs multi-factor authentication: run 'adls login' (device code) to sign in with your second factor";
      case AUTH_CODES.CONSENT_REQUIRED:
        return `the app needs your consent for this service: ${AGAIN} and accept the permissions`;
      case AUTH_CODES.CLAIMS_CHALLENGE:
      case AUTH_CODES.REQUIRED:
        return AGAIN;
      default:
        return undefined;
    }
  })();
  return hint && `hint: ${hint}`;
}
