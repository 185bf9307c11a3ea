import { AdlsError, AuthenticationError, type AuthChallenge } from '../errors.js';

/** The parameters of a `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3, as Azure Resource Manager sends it); `claims` decoded from base64. */
export type BearerChallenge = AuthChallenge;

const PARAM = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g;

/** Parses the Bearer challenge of a WWW-Authenticate header; undefined when there is none. */
export function parseBearerChallenge(header: string | string[] | undefined): BearerChallenge | undefined {
  const h = Array.isArray(header) ? header.join(', ') : header;
  if (!h) return undefined;
  const m = /(?:^|,)\s*Bearer(?:\s+|$)/i.exec(h);
  if (!m) return undefined;
  let rest = h.slice(m.index + m[0].length);
  // Stop at the next scheme (`, Scheme param=…`): a token without '=' after a comma.
  const next = /,\s*[A-Za-z][\w-]*\s+[A-Za-z_][\w-]*\s*=/.exec(rest);
  if (next) rest = rest.slice(0, next.index);
  const params: Record<string, string> = {};
  for (const p of rest.matchAll(PARAM)) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  return {
    error: params.error,
    errorDescription: params.error_description,
    claims: params.claims !== undefined ? decodeClaims(params.claims) : undefined,
    authorizationUri: params.authorization_uri,
  };
}

/** Azure sends claims base64-encoded (padding optional, standard or url alphabet); tolerate plain JSON too. */
function decodeClaims(v: string): string | undefined {
  if (v.trim().startsWith('{')) return v;
  try {
    const s = Buffer.from(v, 'base64').toString('utf8');
    JSON.parse(s);
    return s;
  } catch {
    return undefined;
  }
}

/**
 * The AuthenticationError for a refused token (a 401 that the pipeline's refresh or claims retry did not cure):
 * `AUTH_CLAIMS_CHALLENGE` for `insufficient_claims` (sign in again with `error.challenge.claims`), else
 * `AUTH_REJECTED`; the challenge's error_description is added to the message.
 */
export function rejectedTokenError(
  message: string, wwwAuthenticate: string | string[] | undefined, extra: ConstructorParameters<typeof AdlsError>[2] = {},
): AuthenticationError {
  const challenge = parseBearerChallenge(wwwAuthenticate);
  const why = challenge?.errorDescription ?? challenge?.error;
  const code = challenge?.error === 'insufficient_claims' ? 'AUTH_CLAIMS_CHALLENGE' : 'AUTH_REJECTED';
  return new AuthenticationError(code, why && !message.includes(why) ? `${message}; ${why}` : message, { ...extra, challenge });
}
