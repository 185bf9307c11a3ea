// The DataLake SDK's failures (RestError with the service's x-ms-error-code) as the toolkit's typed errors, so a
// Gen2 command ends with the same one-line message and exit code as the Gen1 command would.
import {
  AbortError, AccessDeniedError, AdlsError, AlreadyExistsError, AuthenticationError, BadOffsetError, BadRequestError, CertificateError,
  ConflictError, NotFoundError, RemoteError, ThrottledError, type AdlsErrorCode,
} from 'adls-gen1';
import { RestError } from '@azure/storage-file-datalake';

type ErrorClass = new (code: AdlsErrorCode, message: string, extra: ConstructorParameters<typeof AdlsError>[2]) => AdlsError;

/** Storage error codes (x-ms-error-code) with a meaning of their own; checked before the status. */
const BY_CODE: Record<string, [ErrorClass, AdlsErrorCode]> = {
  PathAlreadyExists: [AlreadyExistsError, 'ALREADY_EXISTS'],
  FilesystemAlreadyExists: [AlreadyExistsError, 'ALREADY_EXISTS'],
  ContainerAlreadyExists: [AlreadyExistsError, 'ALREADY_EXISTS'],
  BlobAlreadyExists: [AlreadyExistsError, 'ALREADY_EXISTS'],
  DirectoryNotEmpty: [ConflictError, 'DIRECTORY_NOT_EMPTY'],
  InvalidRange: [BadOffsetError, 'BAD_OFFSET'],
  InvalidFlushPosition: [BadOffsetError, 'BAD_OFFSET'],
  AuthenticationFailed: [AuthenticationError, 'AUTH_REJECTED'],
  InvalidAuthenticationInfo: [AuthenticationError, 'AUTH_REJECTED'],
  NoAuthenticationInformation: [AuthenticationError, 'AUTH_REJECTED'],
};

function byStatus(status: number): [ErrorClass, AdlsErrorCode] {
  switch (status) {
    case 400: return [BadRequestError, 'BAD_REQUEST'];
    case 401: return [AuthenticationError, 'AUTH_REJECTED'];
    case 403: return [AccessDeniedError, 'ACCESS_DENIED'];
    case 404: return [NotFoundError, 'NOT_FOUND'];
    case 409: case 412: return [ConflictError, 'CONFLICT'];
    case 416: return [BadOffsetError, 'BAD_OFFSET'];
    case 429: case 503: return [ThrottledError, 'THROTTLED'];
    default: return [RemoteError, status >= 500 ? 'SERVER_ERROR' : 'REMOTE_ERROR'];
  }
}

const CERTIFICATE_ERRORS = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/**
 * The service's messages for the codes a body-less answer (HEAD: properties, access control) carries only in
 * x-ms-error-code, worded as the service words them in bodies.
 */
const KNOWN_MESSAGES: Record<string, string> = {
  AuthorizationPermissionMismatch: 'This request is not authorized to perform this operation using this permission.',
  AuthorizationFailure: 'This request is not authorized to perform this operation.',
  PathNotFound: 'The specified path does not exist.',
  BlobNotFound: 'The specified blob does not exist.',
  FilesystemNotFound: 'The specified filesystem does not exist.',
  ContainerNotFound: 'The specified container does not exist.',
  AuthenticationFailed: 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
  InvalidAuthenticationInfo: 'Authentication information is not given in the correct format. Check the value of Authorization header.',
  NoAuthenticationInformation: 'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
};

/** The service's message without the `RequestId:…` and `Time:…` lines it appends. */
function serviceMessage(e: RestError, code: string | undefined): string {
  const details = e.details as { message?: string } | undefined;
  const text = (details?.message ?? e.message).split('\n').filter((l) => l.trim() && !/^(RequestId|Time):/.test(l.trim())).join(' ').trim();
  // A HEAD answer has no body: the SDK's message is then empty or only repeats the code.
  if (!text || text === code || /^Unexpected status code: \d+$/.test(text)) return (code && KNOWN_MESSAGES[code]) ?? `HTTP ${e.statusCode}`;
  return text;
}

/** Converts anything a DataLake SDK call threw; `context` names the operation and path, e.g. `LIST /data`. */
export function gen2Error(e: unknown, context: string): unknown {
  if (e instanceof AdlsError) return e;
  if (e instanceof Error && e.name === 'AbortError') return new AbortError();
  if (e instanceof RestError) {
    const status = e.statusCode;
    const code = e.code ?? (e.response?.headers.get('x-ms-error-code') || undefined);
    const requestId = e.response?.headers.get('x-ms-request-id') ?? undefined;
    if (status === undefined) {
      const cause = (e as { cause?: { code?: string } }).cause;
      if (code && CERTIFICATE_ERRORS.test(code) || cause?.code && CERTIFICATE_ERRORS.test(cause.code)) {
        return new CertificateError(`${context}: the storage endpoint's TLS certificate is not trusted (${code ?? cause?.code}); for the emulator, the CLI trusts its CA when it can reach its /_emulator/info (or ADLS_CA_FILE).`, { cause: e });
      }
      return new RemoteError('CONNECTION', `${context}: ${e.message}`, { cause: e });
    }
    const [Cls, adlsCode] = (code && BY_CODE[code]) || byStatus(status);
    return new Cls(adlsCode, `${context}: ${code ? `${code}: ` : ''}${serviceMessage(e, code)}`, { status, remoteCode: code, requestId, cause: e });
  }
  return e;
}

/** Runs one SDK call, converting what it throws. */
export async function call<T>(context: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw gen2Error(e, context);
  }
}
