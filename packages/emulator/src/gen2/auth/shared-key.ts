import { canonicalizedHeaders, canonicalizedResource, canonicalizedResourceLite } from './canonical.js';
import { authenticationFailed, invalidAuthenticationInfo } from './failures.js';
import { anyKeySigns } from './hmac.js';
import { checkClockSkew, requestDate } from './request-date.js';
import { headerValue, type AuthCheck, type SignedRequest } from './signed-request.js';

/**
 * Shared Key (`Authorization: SharedKey {account}:{signature}`) and Shared Key Lite for the Blob and DFS
 * endpoints, as the storage service verifies them ("Authorize with Shared Key"). Both account keys are accepted.
 * A caller that passes is the account itself (a super-user for ACLs).
 */

const AUTHORIZATION = /^(SharedKey|SharedKeyLite) ([^\s:]+):(\S+)$/;

/** Content-Length signs as empty when it is 0, from service version 2015-02-21 on. */
const EMPTY_ZERO_LENGTH_SINCE = '2015-02-21';

export function isSharedKeyAuthorization(authorization: string | undefined): boolean {
  return authorization !== undefined && /^SharedKey(Lite)? /.test(authorization);
}

/**
 * Verifies the Shared Key signature of `req` against the account's keys. The Blob and DFS endpoints use the
 * same string to sign; `service` only names the endpoint in the failure detail.
 */
export function verifySharedKey(req: SignedRequest, keys: readonly string[], service: 'blob' | 'dfs', now = Date.now()): AuthCheck {
  const parsed = AUTHORIZATION.exec((headerValue(req.headers, 'authorization') ?? '').trim());
  if (!parsed) return invalidAuthenticationInfo(`The Authorization header of this ${service} request is not 'SharedKey {account}:{signature}'.`);
  const [, scheme, account, signature] = parsed as unknown as [string, string, string, string];
  if (account !== req.account) {
    return authenticationFailed(`The account '${account}' in the Authorization header is not the account being accessed ('${req.account}').`);
  }
  const date = requestDate(req.headers);
  if (!date.ok) return date;
  const candidates = scheme === 'SharedKey' ? sharedKeyStrings(req) : sharedKeyLiteStrings(req);
  if (!anyKeySigns(signature, keys, candidates)) {
    const documented = (scheme === 'SharedKey' ? sharedKeyStrings(req) : sharedKeyLiteStrings(req)).next().value as string;
    return authenticationFailed(`The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature. `
      + `Server used following string to sign: '${redactSecrets(documented)}'.`);
  }
  return checkClockSkew(date, now);
}

/**
 * The documented string to sign first, then the variants real clients produce: header values with inner
 * whitespace unfolded (every SDK), query parameters without a value left out (the JavaScript SDK). Built lazily:
 * most requests match the first or second form.
 */
function* sharedKeyStrings(req: SignedRequest): Generator<string> {
  const h = (name: string) => headerValue(req.headers, name) ?? '';
  const version = h('x-ms-version');
  let length = h('content-length');
  if (length === '0' && (version === '' || version >= EMPTY_ZERO_LENGTH_SINCE)) length = '';
  // With x-ms-date present, the Date line is empty.
  const date = headerValue(req.headers, 'x-ms-date') !== undefined ? '' : h('date');
  const head = [
    req.method.toUpperCase(), h('content-encoding'), h('content-language'), length, h('content-md5'), h('content-type'),
    date, h('if-modified-since'), h('if-match'), h('if-none-match'), h('if-unmodified-since'), h('range'),
  ].join('\n') + '\n';
  const folded = canonicalizedHeaders(req.headers, true);
  const unfolded = canonicalizedHeaders(req.headers, false);
  const resource = canonicalizedResource(req.account, req.rawPath, req.query, false);
  const withoutEmpty = canonicalizedResource(req.account, req.rawPath, req.query, true);
  yield head + folded + resource;
  if (unfolded !== folded) yield head + unfolded + resource;
  if (withoutEmpty !== resource) {
    yield head + folded + withoutEmpty;
    if (unfolded !== folded) yield head + unfolded + withoutEmpty;
  }
}

function* sharedKeyLiteStrings(req: SignedRequest): Generator<string> {
  const h = (name: string) => headerValue(req.headers, name) ?? '';
  const resource = canonicalizedResourceLite(req.account, req.rawPath, req.query);
  const folded = canonicalizedHeaders(req.headers, true);
  const unfolded = canonicalizedHeaders(req.headers, false);
  // Lite signs the Date header; clients that send x-ms-date instead leave that line empty.
  const dates = [...new Set([h('x-ms-date') ? '' : h('date'), h('date')])];
  for (const date of dates) {
    const head = [req.method.toUpperCase(), h('content-md5'), h('content-type'), date].join('\n') + '\n';
    yield head + folded + resource;
    if (unfolded !== folded) yield head + unfolded + resource;
  }
}

/** The string to sign goes back to the client in the error detail, as the service does; a copy-source
 *  credential among the x-ms headers is not echoed. */
function redactSecrets(stringToSign: string): string {
  return stringToSign.replace(/^(x-ms-copy-source-authorization:).*$/m, '$1(redacted)');
}
