import {
  AccessDeniedError, AdlsError, type AdlsErrorCode, AlreadyExistsError, AuthenticationError, BadOffsetError, BadRequestError,
  ConflictError, FirewallBlockedError, NotFoundError, RemoteError, ThrottledError,
} from '../errors.js';
import { rejectedTokenError } from '../http/challenge.js';
import type { HttpResponse } from '../http/pipeline.js';

type RemoteErrorClass = new (code: AdlsErrorCode, message: string, extra: ConstructorParameters<typeof AdlsError>[2]) => AdlsError;

/** Known WebHDFS exception names → (error class, stable code). Checked before the status. */
const BY_EXCEPTION: Record<string, [RemoteErrorClass, AdlsErrorCode]> = {
  FileNotFoundException: [NotFoundError, 'NOT_FOUND'],
  FileAlreadyExistsException: [AlreadyExistsError, 'ALREADY_EXISTS'],
  AccessControlException: [AccessDeniedError, 'ACCESS_DENIED'],
  SecurityException: [AuthenticationError, 'AUTH_REJECTED'],
  BadOffsetException: [BadOffsetError, 'BAD_OFFSET'],
  ThrottledException: [ThrottledError, 'THROTTLED'],
  PathIsNotEmptyDirectoryException: [ConflictError, 'DIRECTORY_NOT_EMPTY'],
  ParentNotDirectoryException: [ConflictError, 'PARENT_NOT_DIRECTORY'],
  IllegalArgumentException: [BadRequestError, 'BAD_REQUEST'],
  UnsupportedOperationException: [BadRequestError, 'UNSUPPORTED'],
};

/** The exception name of a request the account firewall refused (a 403 that no ACL change fixes). */
const FIREWALL_EXCEPTION = 'AccessDeniedByFirewall';

/** Fallback by HTTP status when the exception name is unknown or missing. */
function byStatus(status: number): [RemoteErrorClass, AdlsErrorCode] {
  switch (status) {
    case 400: return [BadRequestError, 'BAD_REQUEST'];
    case 401: return [AuthenticationError, 'AUTH_REJECTED'];
    case 403: return [AccessDeniedError, 'ACCESS_DENIED'];
    case 404: return [NotFoundError, 'NOT_FOUND'];
    case 409: case 412: return [ConflictError, 'CONFLICT'];
    case 429: return [ThrottledError, 'THROTTLED'];
    default: return [RemoteError, status >= 500 ? 'SERVER_ERROR' : 'REMOTE_ERROR'];
  }
}

export interface RemoteExceptionBody {
  exception?: string;
  message?: string;
  javaClassName?: string;
}

/** Builds the typed error for a RemoteException (exception name first, then status). */
export function remoteError(status: number, body: RemoteExceptionBody | undefined, requestId: string, context: string): AdlsError {
  const name = body?.exception;
  const detail = body?.message ?? `HTTP ${status}`;
  if (name === FIREWALL_EXCEPTION) {
    // "The client IP '1.2.3.4' is not allowed, … account 'name'.": keep both for the caller's fix.
    const clientIp = /client IP '([^']+)'/i.exec(detail)?.[1];
    const account = /account '([^']+)'/i.exec(detail)?.[1];
    return new FirewallBlockedError('FIREWALL_BLOCKED', `${context}: ${name}: ${detail}`, { status, remoteCode: name, requestId, clientIp, account });
  }
  const [Cls, code] = (name && BY_EXCEPTION[name]) || byStatus(status);
  return new Cls(code, `${context}: ${name ? `${name}: ` : ''}${detail}`, { status, remoteCode: name, requestId });
}

/** Reads an error response's body (JSON RemoteException or anything else) and builds the typed error. */
export async function errorFromResponse(res: HttpResponse, context: string): Promise<AdlsError> {
  let text = '';
  try { text = await res.body.text(); } catch { /* body lost: status alone decides */ }
  let body: RemoteExceptionBody | undefined;
  try {
    const parsed = JSON.parse(text) as { RemoteException?: RemoteExceptionBody };
    body = parsed?.RemoteException;
  } catch {
    if (text.trim()) body = { message: text.trim().slice(0, 300) };
  }
  const err = remoteError(res.status, body, res.requestId, context);
  if (res.status !== 401) return err;
  return rejectedTokenError(err.message, res.headers['www-authenticate'], { status: 401, remoteCode: err.remoteCode, requestId: res.requestId });
}
