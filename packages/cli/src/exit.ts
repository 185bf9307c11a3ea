import { AdlsError, type AdlsErrorCode } from 'adls-gen1';

/** Exit codes scripts can rely on (documented in the README). */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  BAD_INPUT: 2,
  NOT_FOUND: 3,
  ACCESS_DENIED: 4,
  AUTH_FAILED: 5,
  ALREADY_EXISTS: 6,
  INTEGRITY: 7,
  ABORTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one line on stderr with a chosen exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.FAILURE) {
    super(message);
  }
}

const { FAILURE, BAD_INPUT, NOT_FOUND, ACCESS_DENIED, AUTH_FAILED, ALREADY_EXISTS, INTEGRITY, ABORTED } = EXIT;

/**
 * The exit code of every SDK error code: the one table (a `Record` over the union, so a new code does
 * not compile until it has a row here; the README's error table shows the same numbers, checked by a test).
 * A non-empty directory removed without -r or a path through a file is BAD_INPUT: the command line must
 * change, as for `fs get <dir>` without -r.
 */
export const EXIT_BY_CODE: Readonly<Record<AdlsErrorCode, ExitCode>> = {
  AUTH_DECLINED: AUTH_FAILED, AUTH_CODE_EXPIRED: AUTH_FAILED, AUTH_BAD_VERIFICATION_CODE: AUTH_FAILED, AUTH_INVALID_GRANT: AUTH_FAILED,
  AUTH_MFA_REQUIRED: AUTH_FAILED, AUTH_MFA_FAILED: AUTH_FAILED, AUTH_CONSENT_REQUIRED: AUTH_FAILED, AUTH_INVALID_CLIENT: AUTH_FAILED, AUTH_UNAUTHORIZED_CLIENT: AUTH_FAILED,
  AUTH_INVALID_SCOPE: AUTH_FAILED, AUTH_INVALID_RESOURCE: AUTH_FAILED, AUTH_INVALID_REQUEST: AUTH_FAILED, AUTH_UNSUPPORTED_GRANT: AUTH_FAILED,
  AUTH_THROTTLED: AUTH_FAILED, AUTH_DISCOVERY_FAILED: AUTH_FAILED, AUTH_BAD_RESPONSE: AUTH_FAILED, AUTH_BAD_ID_TOKEN: AUTH_FAILED,
  AUTH_REQUIRED: AUTH_FAILED, AUTH_UNSUPPORTED_ACCOUNT: AUTH_FAILED, AUTH_CLAIMS_CHALLENGE: AUTH_FAILED, AUTH_REJECTED: AUTH_FAILED,
  AUTH_FAILED: AUTH_FAILED, AUTH_NO_TOKEN: AUTH_FAILED,
  NOT_FOUND: NOT_FOUND,
  ALREADY_EXISTS: ALREADY_EXISTS,
  ACCESS_DENIED: ACCESS_DENIED, FIREWALL_BLOCKED: ACCESS_DENIED,
  BAD_OFFSET: BAD_INPUT, BAD_REQUEST: BAD_INPUT, UNSUPPORTED: BAD_INPUT, DIRECTORY_NOT_EMPTY: BAD_INPUT, PARENT_NOT_DIRECTORY: BAD_INPUT,
  INVALID_ARGUMENT: BAD_INPUT,
  THROTTLED: FAILURE, CONFLICT: FAILURE, SERVER_ERROR: FAILURE, REMOTE_ERROR: FAILURE, BAD_RESPONSE: FAILURE, UNTRUSTED_URL: FAILURE,
  OPERATION_FAILED: FAILURE, OPERATION_CANCELED: FAILURE, CONNECTION: FAILURE, CERTIFICATE_UNTRUSTED: FAILURE,
  INTEGRITY: INTEGRITY,
  ABORTED: ABORTED,
};

/**
 * Maps any error to an exit code, by the SDK error's `code`. One refinement: a conflict over a name that
 * is taken (ARM `…AlreadyExists`, `…AlreadyTaken`) is ALREADY_EXISTS, like an existing target.
 */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof AdlsError) {
    if (e.code === 'CONFLICT' && /Already(Exists|Taken)|Exists$/i.test(e.remoteCode ?? '')) return ALREADY_EXISTS;
    return EXIT_BY_CODE[e.code] ?? FAILURE;
  }
  return FAILURE;
}
