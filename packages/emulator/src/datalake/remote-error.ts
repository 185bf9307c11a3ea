import { AnswerError } from '../answer-error.js';
import { StoreError } from '../store/errors.js';

/** A WebHDFS error answer: status, RemoteException fields, and the internal `Status` code header. */
export class RemoteError extends AnswerError {
  constructor(
    readonly status: number,
    readonly exception: string,
    readonly javaClassName: string,
    message: string,
    readonly statusCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const FORBIDDEN_TEXT = 'Forbidden. ACL verification failed. Either the resource does not exist or the user is not authorized to perform the requested operation.';

export const illegalArgument = (message: string) =>
  new RemoteError(400, 'IllegalArgumentException', 'java.lang.IllegalArgumentException', message);

export const invalidParam = (name: string, value: string) =>
  illegalArgument(`Invalid value for webhdfs parameter "${name}": ${value}`);

export const unsupported = (message: string) =>
  new RemoteError(400, 'UnsupportedOperationException', 'java.lang.UnsupportedOperationException', message);

export const securityError = (message: string, headers: Record<string, string> = {}) =>
  new RemoteError(401, 'SecurityException', 'java.lang.SecurityException', message, undefined, headers);

export const accessDenied = (op: string) =>
  new RemoteError(403, 'AccessControlException', 'org.apache.hadoop.security.AccessControlException',
    // Recorded verbatim, including the doubled words for SETOWNER (filesystem-api §3.3).
    op === 'SETOWNER'
      ? `Set Owner failed with  failed with error 0x83090aa2 (${FORBIDDEN_TEXT}).`
      : `${op} failed with error 0x83090aa2 (${FORBIDDEN_TEXT}).`,
    '0x83090AA2');

export const fileNotFound = (message: string) =>
  new RemoteError(404, 'FileNotFoundException', 'java.io.FileNotFoundException', message, '0x8309000A');

export const badOffset = (op: string) =>
  new RemoteError(400, 'BadOffsetException', 'org.apache.hadoop.fs.adl.BadOffsetException',
    `${op} failed with error 0x83090015 (Bad request. Invalid offset.).`, '0x83090015');

export const throttled = () =>
  new RemoteError(429, 'ThrottledException', 'org.apache.hadoop.fs.adl.ThrottledException',
    'The request was throttled. Retry after the interval in the Retry-After header.', undefined, { 'Retry-After': '1' });

export const unavailable = () =>
  new RemoteError(503, 'ServiceUnavailableException', 'java.io.IOException', 'The service is temporarily unavailable. Retry the request.');

/** A body over the operation's limit (413; the connection closes after the answer, see RequestContext.readBody). */
export const bodyTooLarge = (op: string, limit: number) =>
  new RemoteError(413, 'IllegalArgumentException', 'java.lang.IllegalArgumentException',
    `${op} failed: the request body is larger than ${limit} bytes.`);

export const internalError = () =>
  new RemoteError(500, 'RuntimeException', 'java.lang.RuntimeException', 'The emulator hit an internal error.');

/** Translates a namespace error into the answer the Gen1 service gives for `op`. */
export function fromStoreError(e: StoreError, op: string): RemoteError {
  switch (e.code) {
    case 'NotFound': return fileNotFound(e.message);
    case 'AccessDenied':
    case 'NotSuperUser': return accessDenied(op);
    case 'AlreadyExists':
      return new RemoteError(403, 'FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', e.message);
    case 'NotEmpty':
      return new RemoteError(403, 'PathIsNotEmptyDirectoryException', 'org.apache.hadoop.fs.PathIsNotEmptyDirectoryException', e.message);
    case 'NotDirectory':
      return new RemoteError(403, 'ParentNotDirectoryException', 'org.apache.hadoop.fs.ParentNotDirectoryException', e.message);
    case 'BadOffset': return badOffset(op);
    case 'LeaseConflict':
      return new RemoteError(400, 'IOException', 'java.io.IOException',
        `${op} failed with error 0x83090a16 (Bad request. The file is locked by another writer.).`, '0x83090A16');
    case 'IsDirectory':
    case 'InvalidArgument':
      return illegalArgument(e.message);
  }
}

/** `2017-05-26T16:00:40.5724231-07:00`: local time, 7 fraction digits, offset (the service's message suffix). */
export function serviceTimestamp(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${local}.${pad(d.getMilliseconds(), 3)}0000${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}
