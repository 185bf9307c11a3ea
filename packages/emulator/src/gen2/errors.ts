import { AnswerError } from '../answer-error.js';
import type { RequestContext } from '../http/context.js';
import type { Api } from './classify.js';

/** The service version the emulator speaks when a request names none (the newest in the DFS REST definitions). */
export const SERVICE_VERSION = '2026-06-06';

/** A refusal in the service's own terms: HTTP status, `x-ms-error-code`, message, extra headers. */
export class Gen2Error extends AnswerError {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** The headers every Gen2 answer carries: request ids, version, server name, date. */
export function commonHeaders(ctx: RequestContext, api: Api): Record<string, string> {
  const h: Record<string, string> = {
    'x-ms-request-id': ctx.requestId,
    'x-ms-version': ctx.header('x-ms-version') ?? SERVICE_VERSION,
    Server: api === 'dfs' ? 'Windows-Azure-HDFS/1.0 Microsoft-HTTPAPI/2.0' : 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0',
    Date: new Date().toUTCString(),
  };
  const clientId = ctx.header('x-ms-client-request-id');
  // Echoed as sent, as long as it is printable (never reflect header-splitting characters).
  if (clientId !== undefined && /^[\x20-\x7e]{1,1024}$/.test(clientId)) h['x-ms-client-request-id'] = clientId;
  return h;
}

/** Request text echoed in a header: printable ASCII only (Node refuses control characters in header values). */
const echo = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 256);

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * Sends an error as the service does: DFS with the JSON StorageError body, Blob with the XML `<Error>` body (after a
 * byte-order mark, as the Blob endpoint writes it); both with `x-ms-error-code`. HEAD answers carry no body. The
 * message ends with the request id and time, like Azure's.
 */
export function sendError(ctx: RequestContext, api: Api, err: Gen2Error): void {
  const res = ctx.res;
  if (res.headersSent) return void res.destroy();
  const message = `${err.message}\nRequestId:${ctx.requestId}\nTime:${new Date().toISOString().replace('Z', '0000Z')}`;
  const headers: Record<string, string | number> = { ...commonHeaders(ctx, api), 'x-ms-error-code': err.code, ...err.headers };
  let body: Buffer;
  if (api === 'dfs') {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    body = Buffer.from(JSON.stringify({ error: { code: err.code, message } }));
  } else {
    headers['Content-Type'] = 'application/xml';
    body = Buffer.from(`\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(message)}</Message></Error>`);
  }
  if (ctx.method === 'HEAD') {
    res.writeHead(err.status, { ...headers, 'Content-Length': 0 });
    return void res.end();
  }
  res.writeHead(err.status, { ...headers, 'Content-Length': body.length });
  res.end(body);
}

/** The errors the front end raises itself (handlers add their own through Gen2Error). */
export const gen2Errors = {
  authenticationFailed: (detail: string) =>
    new Gen2Error(403, 'AuthenticationFailed', `Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature. ${detail}`.trim()),
  noAuthentication: (challenge: string) =>
    new Gen2Error(401, 'NoAuthenticationInformation', 'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.', { 'WWW-Authenticate': challenge }),
  invalidAuthenticationInfo: (challenge: string, detail: string) =>
    new Gen2Error(401, 'InvalidAuthenticationInfo', `Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\n${detail}`, { 'WWW-Authenticate': challenge }),
  permissionMismatch: () =>
    new Gen2Error(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.'),
  /** Azurite's answer for a path-style request naming an account it does not hold (Azure fails at DNS). */
  unknownAccount: () => new Gen2Error(400, 'InvalidOperation', 'Invalid storage account.'),
  invalidUri: () => new Gen2Error(400, 'InvalidUri', 'The requested URI does not represent any resource on the server.'),
  unsupportedOperation: (what: string) => new Gen2Error(400, 'UnsupportedOperation', `The emulator does not serve this operation yet: ${what}.`),
  invalidQuery: (name: string, value: string, reason = '') =>
    new Gen2Error(400, 'InvalidQueryParameterValue', `Value for one of the query parameters specified in the request URI is invalid. ${reason}`.trim(), { 'x-ms-invalid-query-parameter-name': echo(name), 'x-ms-invalid-query-parameter-value': echo(value) }),
  invalidHeader: (name: string, value: string, reason = '') =>
    new Gen2Error(400, 'InvalidHeaderValue', `The value for one of the HTTP headers is not in the correct format. ${reason}`.trim(), { 'x-ms-invalid-header-name': echo(name), 'x-ms-invalid-header-value': echo(value) }),
  missingHeader: (name: string) =>
    new Gen2Error(400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified.', { 'x-ms-missing-header-name': name }),
  internal: () => new Gen2Error(500, 'InternalError', 'Server encountered an internal error. Please try again after some time.'),
};
