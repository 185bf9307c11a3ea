import { AUTH_CODES, authError, OAuthError, type OAuthErrorBody } from './auth-errors.js';
import type { AuthClient } from './auth-client.js';
import { userRealmUrl } from './authority.js';
import { v2ScopeFor } from './resource-scope.js';
import { parseTokenResponse, toNumber, type TokenResponse } from './token-response.js';

/** What the user needs to complete a device code sign-in. */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  /** Azure AD's sentence with the URL and the code: show it verbatim. */
  message: string;
  /** Seconds until the code expires. */
  expiresIn: number;
  /** Poll interval, seconds. */
  interval: number;
}

export type DeviceCodePromptCallback = (info: DeviceCodeInfo) => void | Promise<void>;

const DEVICE_CODE_URN = 'urn:ietf:params:oauth:grant-type:device_code';

async function redeem(client: AuthClient, form: Record<string, string | undefined>, signal?: AbortSignal): Promise<TokenResponse> {
  const { tokenEndpoint } = await client.endpoints(signal);
  const reply = await client.http.postFormOk(tokenEndpoint, form, signal);
  return parseTokenResponse(reply.body, client.clock.now());
}

/** Refresh token grant (MRRT: one refresh token redeems for any consented resource). */
export function refreshGrant(client: AuthClient, refreshToken: string, resource: string, opts: { claims?: string; signal?: AbortSignal } = {}): Promise<TokenResponse> {
  return redeem(client, client.protocol === 'v1'
    ? { grant_type: 'refresh_token', client_id: client.clientId, refresh_token: refreshToken, resource, claims: opts.claims }
    : { grant_type: 'refresh_token', client_id: client.clientId, refresh_token: refreshToken, scope: v2ScopeFor(resource), client_info: '1', claims: opts.claims },
  opts.signal);
}

/**
 * The device authorization grant (RFC 8628): ask for a code, hand it to the prompt callback, poll
 * the token endpoint (immediately, then every `interval` s; `slow_down` adds 5 s) until the user
 * approves, declines or the code expires.
 */
export async function deviceCodeGrant(client: AuthClient, resource: string, prompt: DeviceCodePromptCallback | undefined, opts: { claims?: string; signal?: AbortSignal } = {}): Promise<TokenResponse> {
  const { signal, claims } = opts;
  const { deviceCodeEndpoint } = await client.endpoints(signal);
  const reply = await client.http.postFormOk(deviceCodeEndpoint, client.protocol === 'v1'
    ? { client_id: client.clientId, resource, claims }
    : { client_id: client.clientId, scope: v2ScopeFor(resource), claims }, signal);
  const b = reply.body;
  const deviceCode = b.device_code;
  const userCode = b.user_code;
  const verificationUri = typeof b.verification_uri === 'string' ? b.verification_uri : b.verification_url;
  const expiresIn = toNumber(b.expires_in) ?? 900;
  let interval = Math.max(1, toNumber(b.interval) ?? 5);
  if (typeof deviceCode !== 'string' || typeof userCode !== 'string' || typeof verificationUri !== 'string') {
    throw authError(AUTH_CODES.BAD_RESPONSE, 'The device code response lacks device_code, user_code or verification_uri.');
  }
  const message = typeof b.message === 'string' && b.message
    ? b.message
    : `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`;
  const deadline = client.clock.now() + expiresIn * 1000;
  await prompt?.({ userCode, verificationUri, message, expiresIn, interval });

  const { tokenEndpoint } = await client.endpoints(signal);
  const form = client.protocol === 'v1'
    ? { grant_type: 'device_code', client_id: client.clientId, resource, code: deviceCode }
    : { grant_type: DEVICE_CODE_URN, client_id: client.clientId, device_code: deviceCode, client_info: '1', claims };
  for (;;) {
    const r = await client.http.postForm(tokenEndpoint, form, signal);
    const err = r.body.error;
    if (r.status >= 200 && r.status < 300 && err === undefined) return parseTokenResponse(r.body, client.clock.now());
    if (err === 'slow_down') interval += 5;
    else if (err !== 'authorization_pending') throw new OAuthError(r.status, r.body as OAuthErrorBody, r.requestId);
    if (client.clock.now() + interval * 1000 > deadline) {
      throw authError(AUTH_CODES.CODE_EXPIRED, 'The device code expired before the sign-in was completed.');
    }
    await client.clock.sleep(interval * 1000, signal);
  }
}

/** Resource owner password grant (v1, after the user realm check). Fails for users who need MFA. */
export async function passwordGrant(client: AuthClient, username: string, password: string, resource: string, signal?: AbortSignal): Promise<TokenResponse> {
  const realm = await client.http.getJson(userRealmUrl(client.authorityHost, username), signal);
  const type = realm.body.account_type;
  if (realm.status !== 200) throw new OAuthError(realm.status, realm.body as OAuthErrorBody, realm.requestId);
  if (type !== 'Managed') {
    throw authError(AUTH_CODES.UNSUPPORTED_ACCOUNT, type === 'Federated'
      ? `${username} is a federated account: the password flow supports managed accounts only. Use the device code flow.`
      : `Azure AD does not know the account ${username} (user realm '${String(type)}').`);
  }
  return redeem(client, { grant_type: 'password', client_id: client.clientId, resource, username, password, scope: 'openid' }, signal);
}

/** Client credentials grant with the given client authentication fields. */
export async function clientCredentialsGrant(client: AuthClient, resource: string, auth: (tokenEndpoint: string) => Promise<Record<string, string>>, signal?: AbortSignal): Promise<TokenResponse> {
  const { tokenEndpoint } = await client.endpoints(signal);
  const form = client.protocol === 'v1'
    ? { grant_type: 'client_credentials', client_id: client.clientId, resource }
    : { grant_type: 'client_credentials', client_id: client.clientId, scope: v2ScopeFor(resource, false) };
  const reply = await client.http.postFormOk(tokenEndpoint, { ...form, ...(await auth(tokenEndpoint)) }, signal);
  return parseTokenResponse(reply.body, client.clock.now());
}
