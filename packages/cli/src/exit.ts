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

/**
 * Maps any error to an exit code.
 *
 * Conflicts (HTTP 409 / ConflictError) are split by what the user has to do about them:
 * - a name that is taken (ARM `…AlreadyExists`, `…AlreadyTaken`) is ALREADY_EXISTS (6), like an existing target;
 * - a non-empty directory removed without -r (DIRECTORY_NOT_EMPTY) or a path through a file
 *   (PARENT_NOT_DIRECTORY) is BAD_INPUT (2): the command line must change, as for `fs get <dir>` without -r;
 * - any other conflict (e.g. a resource busy in another operation) is FAILURE (1).
 */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof AdlsError) {
    switch (e.constructor.name) {
      case 'NotFoundError': return EXIT.NOT_FOUND;
      case 'AccessDeniedError': case 'FirewallBlockedError': return EXIT.ACCESS_DENIED;
      case 'AlreadyExistsError': return EXIT.ALREADY_EXISTS;
      case 'ConflictError':
        if (e.code === 'DIRECTORY_NOT_EMPTY' || e.code === 'PARENT_NOT_DIRECTORY') return EXIT.BAD_INPUT;
        if (/Already(Exists|Taken)|Exists$/i.test(e.remoteCode ?? '')) return EXIT.ALREADY_EXISTS;
        return EXIT.FAILURE;
      case 'AuthenticationError': return EXIT.AUTH_FAILED;
      case 'InvalidArgumentError': case 'BadRequestError': case 'BadOffsetError': return EXIT.BAD_INPUT;
      case 'IntegrityError': return EXIT.INTEGRITY;
      case 'AbortError': return EXIT.ABORTED;
    }
    if (e.code.startsWith('AUTH_')) return EXIT.AUTH_FAILED;
  }
  return EXIT.FAILURE;
}
