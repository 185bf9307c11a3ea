import type { AdlsErrorCode } from './error-codes.js';

export { ERROR_CODES, isAdlsErrorCode, type AdlsErrorCode } from './error-codes.js';

/**
 * Typed errors. Every error the SDK throws is an AdlsError with a stable `code`; remote failures
 * also carry the HTTP status, the remote exception name and the request id.
 */
export class AdlsError extends Error {
  /** Stable, documented code: switch on this, not on messages. */
  readonly code: AdlsErrorCode;
  readonly status?: number;
  /** Remote exception name (WebHDFS `RemoteException.exception`, ARM `error.code`, AAD `error`). */
  readonly remoteCode?: string;
  readonly requestId?: string;

  constructor(code: AdlsErrorCode, message: string, extra: { status?: number; remoteCode?: string; requestId?: string; cause?: unknown } = {}) {
    super(message, extra.cause !== undefined ? { cause: extra.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.status = extra.status;
    this.remoteCode = extra.remoteCode;
    this.requestId = extra.requestId;
  }
}

/** Bad arguments given to the SDK (nothing was sent). */
export class InvalidArgumentError extends AdlsError {
  constructor(message: string) { super('INVALID_ARGUMENT', message); }
}

/** The parameters of a service's `WWW-Authenticate: Bearer` challenge. */
export interface AuthChallenge {
  error?: string;
  errorDescription?: string;
  /** A claims challenge (JSON), to pass to `getToken(scopes, { claims })` / a new interactive sign-in. */
  claims?: string;
  authorizationUri?: string;
}

/** Sign-in failed or a token was refused. `code` is one of the AUTH_* codes. */
export class AuthenticationError extends AdlsError {
  /** When a service refused the token (401): its Bearer challenge (`error`, `error_description`, `claims`). */
  readonly challenge?: AuthChallenge;

  constructor(code: AdlsErrorCode, message: string, extra: ConstructorParameters<typeof AdlsError>[2] & { challenge?: AuthChallenge } = {}) {
    super(code, message, extra);
    if (extra.challenge) this.challenge = extra.challenge;
  }
}

/** A remote call failed. Subclasses name the common cases. */
export class RemoteError extends AdlsError {}
export class NotFoundError extends RemoteError {}
export class AlreadyExistsError extends RemoteError {}
export class AccessDeniedError extends RemoteError {}
/**
 * The account's firewall refused the caller's IP address (Gen1 `AccessDeniedByFirewall`, HTTP 403): no ACL
 * change helps, only a firewall rule covering `clientIp` (or turning the firewall off). Code `FIREWALL_BLOCKED`.
 */
export class FirewallBlockedError extends AccessDeniedError {
  /** The caller's address as the service saw it, when the service named it. */
  readonly clientIp?: string;
  /** The account whose firewall refused the request, when the service named it. */
  readonly account?: string;

  constructor(code: AdlsErrorCode, message: string, extra: ConstructorParameters<typeof AdlsError>[2] & { clientIp?: string; account?: string } = {}) {
    super(code, message, extra);
    this.clientIp = extra.clientIp;
    this.account = extra.account;
  }
}
export class BadOffsetError extends RemoteError {}
export class ThrottledError extends RemoteError {}
export class ConflictError extends RemoteError {}
export class BadRequestError extends RemoteError {}

/** The operation was cancelled through an AbortSignal. */
export class AbortError extends AdlsError {
  constructor(message = 'The operation was aborted.') { super('ABORTED', message); }
}

/**
 * The server's TLS certificate is not trusted (`CERTIFICATE_UNTRUSTED`): the message names the fix (trust the
 * emulator's CA with NODE_EXTRA_CA_CERTS or the `ca` option); `cause` is Node's error.
 */
export class CertificateError extends AdlsError {
  constructor(message: string, extra: { cause?: unknown } = {}) { super('CERTIFICATE_UNTRUSTED', message, extra); }
}

/** Transfer verification failed: sizes or checksums differ. */
export class IntegrityError extends AdlsError {
  constructor(message: string) { super('INTEGRITY', message); }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
