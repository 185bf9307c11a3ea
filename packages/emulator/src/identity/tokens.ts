import { createHash, randomBytes } from 'node:crypto';
import type { User } from './directory.js';
import type { SigningKeys } from './keys.js';
import { audienceFor, v2ScopeString, type ResourceRequest } from './resources.js';
import { v2IssuerOrigin } from '../proxy/public-hosts.js';

/** AAD backdates iat/nbf by five minutes (spec §3.3). */
const BACKDATE_S = 300;

export const v1Issuer = (tid: string) => `https://sts.windows.net/${tid}/`;
/** v2 issuer: on Azure AD's public names it is always login.microsoftonline.com's, whichever alias was used. */
export const v2Issuer = (origin: string, tid: string) => `${v2IssuerOrigin(origin)}/${tid}/v2.0`;

/** Pairwise subject: base64url(SHA-256(oid ‖ client_id)), 43 characters. */
export const pairwiseSub = (oid: string, clientId: string) =>
  createHash('sha256').update(oid + clientId).digest('base64url').slice(0, 43);

const opaque = (n: number) => randomBytes(n).toString('base64url');

/** `client_info`: base64url of {"uid","utid"} (spec §3.4). */
export const clientInfo = (oid: string, tid: string) =>
  Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url');

/** How the client authenticated: appidacr / azpacr codes. */
export type ClientAuthLevel = '0' | '1' | '2';

export interface UserTokenInput {
  user: User;
  clientId: string;
  tid: string;
  amr: string[];
  /** Seconds. */
  authTime: number;
  req: ResourceRequest;
  /** Endpoint version: decides the response shape and the id_token format. */
  v1: boolean;
  origin: string;
  ip: string;
  clientAuth: ClientAuthLevel;
  /** v2: include client_info (request had client_info=1). */
  clientInfo: boolean;
  /** v2: the device-code/refresh scope contained `openid`. v1 always gets an id_token. */
  idToken: boolean;
  refreshToken?: string;
}

export interface TokenTimes { iat: number; nbf: number; exp: number; lifetime: number }

export function tokenTimes(nowMs: number, lifetime: number): TokenTimes {
  const now = Math.floor(nowMs / 1000);
  return { iat: now - BACKDATE_S, nbf: now - BACKDATE_S, exp: now + lifetime, lifetime };
}

/** v1-format delegated access token (ARM and Azure Data Lake accept v1 tokens, spec §3.2). */
async function userAccessToken(keys: SigningKeys, t: UserTokenInput, times: TokenTimes): Promise<string> {
  const iss = v1Issuer(t.tid);
  const u = t.user;
  return keys.sign({
    aud: audienceFor(t.req, t.v1), iss, iat: times.iat, nbf: times.nbf, exp: times.exp,
    acr: '1', aio: opaque(24), amr: t.amr, appid: t.clientId, appidacr: t.clientAuth,
    ...(u.familyName ? { family_name: u.familyName } : {}), ...(u.givenName ? { given_name: u.givenName } : {}),
    idp: iss, idtyp: 'user', ipaddr: t.ip, name: u.displayName, oid: u.oid, rh: opaque(16),
    scp: t.req.resource.permissions.map((p) => p.name).join(' '), sub: pairwiseSub(u.oid, t.clientId), tid: t.tid,
    unique_name: u.upn, upn: u.upn, uti: opaque(16), ver: '1.0',
  }, { v1: true });
}

async function userIdToken(keys: SigningKeys, t: UserTokenInput, times: TokenTimes): Promise<string> {
  const u = t.user;
  const base = { aud: t.clientId, iat: times.iat, nbf: times.nbf, exp: times.exp, name: u.displayName, oid: u.oid,
    sub: pairwiseSub(u.oid, t.clientId), tid: t.tid };
  if (t.v1) {
    return keys.sign({
      ...base, iss: v1Issuer(t.tid), amr: t.amr, ...(u.familyName ? { family_name: u.familyName } : {}),
      ...(u.givenName ? { given_name: u.givenName } : {}), ipaddr: t.ip, unique_name: u.upn, upn: u.upn, ver: '1.0',
    }, { v1: true });
  }
  return keys.sign({ ...base, iss: v2Issuer(t.origin, t.tid), preferred_username: u.upn, rh: opaque(16),
    uti: opaque(16), ver: '2.0', aio: opaque(24) }, { v1: false });
}

/** Token response body for a user grant (spec §3.5): v1 numbers as strings, v2 as numbers. */
export async function userTokenResponse(keys: SigningKeys, t: UserTokenInput, nowMs: number, lifetime: number): Promise<Record<string, unknown>> {
  const times = tokenTimes(nowMs, lifetime);
  const access = await userAccessToken(keys, t, times);
  if (t.v1) {
    const body: Record<string, unknown> = {
      token_type: 'Bearer', scope: t.req.resource.permissions.map((p) => p.name).join(' '),
      expires_in: String(lifetime), ext_expires_in: String(lifetime), expires_on: String(times.exp),
      not_before: String(times.nbf), resource: t.req.requested, access_token: access,
    };
    if (t.refreshToken) body.refresh_token = t.refreshToken;
    body.id_token = await userIdToken(keys, t, times);
    return body;
  }
  const body: Record<string, unknown> = {
    token_type: 'Bearer', scope: v2ScopeString(t.req), expires_in: lifetime, ext_expires_in: lifetime, access_token: access,
  };
  if (t.refreshToken) body.refresh_token = t.refreshToken;
  if (t.idToken) body.id_token = await userIdToken(keys, t, times);
  if (t.clientInfo) body.client_info = clientInfo(t.user.oid, t.tid);
  return body;
}

/** App-only (client credentials) response: v1-format token with idtyp=app, no RT, no id_token. */
export async function appTokenResponse(keys: SigningKeys, a: {
  clientId: string; spOid: string; tid: string; req: ResourceRequest; v1: boolean; clientAuth: ClientAuthLevel;
}, nowMs: number, lifetime: number): Promise<Record<string, unknown>> {
  const times = tokenTimes(nowMs, lifetime);
  const iss = v1Issuer(a.tid);
  const access = await keys.sign({
    aud: audienceFor(a.req, a.v1), iss, iat: times.iat, nbf: times.nbf, exp: times.exp, aio: opaque(24),
    appid: a.clientId, appidacr: a.clientAuth, idp: iss, idtyp: 'app', oid: a.spOid, rh: opaque(16), sub: a.spOid,
    tid: a.tid, uti: opaque(16), ver: '1.0',
  }, { v1: true });
  if (a.v1) {
    return { token_type: 'Bearer', expires_in: String(lifetime), ext_expires_in: String(lifetime), expires_on: String(times.exp),
      not_before: String(times.nbf), resource: a.req.requested, access_token: access };
  }
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: access };
}
