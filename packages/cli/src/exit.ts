import { AdlsError } from 'adls-gen1';

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

/** A failure the CLI reports as one line on stderr with a chosen exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.FAILURE) {
    super(message);
  }
}

/** Maps any error to an exit code. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof AdlsError) {
    switch (e.constructor.name) {
      case 'NotFoundError': return EXIT.NOT_FOUND;
      case 'AccessDeniedError': return EXIT.ACCESS_DENIED;
      case 'AlreadyExistsError': case 'ConflictError': return EXIT.ALREADY_EXISTS;
      case 'AuthenticationError': return EXIT.AUTH_FAILED;
      case 'InvalidArgumentError': case 'BadRequestError': case 'BadOffsetError': return EXIT.BAD_INPUT;
      case 'IntegrityError': return EXIT.INTEGRITY;
      case 'AbortError': return EXIT.ABORTED;
    }
    if (e.code.startsWith('AUTH_')) return EXIT.AUTH_FAILED;
  }
  return EXIT.FAILURE;
}
