import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../http/context.js';

/** AADSTS50053 (smart lockout after repeated wrong passwords). */
export const LOCKED_MESSAGE = 'Your account is locked because you tried to sign in too many times with an incorrect user ID or password.';

/**
 * An OAuth / Azure AD error (identity spec §1.1, §2.7). Thrown by handlers and turned into AAD's
 * JSON envelope by `sendAadError`, so every identity failure has the same shape.
 */
export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly text: string,
    readonly extra: { suberror?: string; claims?: string; headers?: Record<string, string> } = {},
  ) {
    super(`AADSTS${aadsts}: ${text}`);
  }
}

/** One factory per catalogue entry, so handlers read like the spec's table. */
export const aad = {
  pending: () => new AadError(400, 'authorization_pending', 70016,
    'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  slowDown: () => new AadError(400, 'slow_down', 70016, 'Polling too fast. Wait the interval before polling again.'),
  declined: () => new AadError(400, 'authorization_declined', 70000, 'The user declined to authorize the request.'),
  expired: (v1: boolean) => new AadError(400, v1 ? 'code_expired' : 'expired_token', 70019,
    'Verification code expired. The user did not complete the sign-in in time.'),
  badVerificationCode: () => new AadError(400, 'bad_verification_code', 70018,
    'The provided value for the input parameter \'device_code\' is not valid. The device code is unknown, already redeemed, or belongs to another tenant.'),
  // Azure AD's code for a failed second factor (sign-in logs: "Authentication failed during strong authentication
  // request"); the device flow has no dedicated `error` for it, so it is a terminal invalid_grant like 50076.
  mfaFailed: () => new AadError(400, 'invalid_grant', 500121,
    'Authentication failed during strong authentication request. A wrong verification code was entered too many times, so the sign-in was stopped.'),
  invalidGrant: (text: string) => new AadError(400, 'invalid_grant', 70000, text),
  refreshExpired: () => new AadError(400, 'invalid_grant', 70008,
    'The provided authorization code or refresh token has expired due to inactivity, or was revoked. Send a new interactive authorization request for this user and resource.'),
  mfaRequired: (resource: string) => new AadError(400, 'invalid_grant', 50076,
    `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
    { suberror: 'basic_action' }),
  consentRequired: (resource: string, client: string) => new AadError(400, 'invalid_grant', 65001,
    `The user or administrator has not consented to use the application with ID '${client}'. Send an interactive authorization request for this user and resource '${resource}'.`,
    { suberror: 'consent_required' }),
  badCredentials: () => new AadError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  locked: () => new AadError(400, 'invalid_grant', 50053, LOCKED_MESSAGE),
  userDisabled: () => new AadError(400, 'invalid_grant', 50057, 'The user account is disabled.'),
  missingParam: (name: string) => new AadError(400, 'invalid_request', 900144,
    `The request body must contain the following parameter: '${name}'.`),
  invalidRequest: (text: string, code = 90014) => new AadError(400, 'invalid_request', code, text),
  tenantNotFound: (tenant: string) => new AadError(400, 'invalid_request', 90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
  invalidScope: (text: string, code = 70011) => new AadError(400, 'invalid_scope', code, text),
  invalidResource: (resource: string) => new AadError(400, 'invalid_resource', 500011,
    `The resource principal named ${resource} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`),
  unknownClient: (client: string) => new AadError(400, 'unauthorized_client', 700016,
    `Application with identifier '${client}' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant.`),
  badClientSecret: (client: string) => new AadError(401, 'invalid_client', 7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value for app '${client}'.`),
  /** Too many wrong secrets for one app: refused for a while, right secrets included (as AAD throttles an app, 429). */
  clientLocked: (client: string, retryAfterS: number) => new AadError(429, 'temporarily_unavailable', 90055,
    `There are too many incoming requests with a wrong client secret for app '${client}'. Try again in ${retryAfterS} seconds.`,
    { headers: { 'Retry-After': String(retryAfterS) } }),
  missingClientCredential: () => new AadError(401, 'invalid_client', 7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  badAssertion: (code: number, text: string) => new AadError(401, 'invalid_client', code, text),
  unsupportedGrant: (grant: string) => new AadError(400, 'unsupported_grant_type', 70003,
    `The app requested an unsupported grant type '${grant}'.`),
  notFound: (path: string) => new AadError(404, 'invalid_request', 90002, `The endpoint '${path}' does not exist on this authority.`),
  methodNotAllowed: (allowed: string[]) => new AadError(405, 'invalid_request', 900561,
    `The endpoint only accepts ${allowed.join('/')} requests.`, { headers: { Allow: allowed.join(', ') } }),
  testApiDisabled: () => new AadError(404, 'invalid_request', 90002, 'The emulator test API is disabled (start the emulator with --test-api).'),
};

/** `YYYY-MM-DD hh:mm:ssZ`, AAD's error timestamp format. */
export function aadTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Headers every identity JSON response carries (spec §1 conventions). */
export function identityHeaders(ctx: RequestContext): Record<string, string> {
  const h: Record<string, string> = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };
  const crid = ctx.header('client-request-id');
  if (crid && /^[\w.:-]{1,128}$/.test(crid)) h['client-request-id'] = crid;
  return h;
}

export function sendAadJson(ctx: RequestContext, status: number, body: unknown, extra: Record<string, string> = {}): void {
  ctx.sendJson(status, body, { ...identityHeaders(ctx), ...extra });
}

export function sendAadError(ctx: RequestContext, err: AadError, nowMs: number): void {
  const ts = aadTimestamp(nowMs);
  const crid = ctx.header('client-request-id');
  const correlation = crid && /^[\w.:-]{1,128}$/.test(crid) ? crid : randomUUID();
  const body: Record<string, unknown> = {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.text}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${ts}`,
    error_codes: [err.aadsts],
    timestamp: ts,
    trace_id: ctx.requestId,
    correlation_id: correlation,
    error_uri: `${ctx.origin}/error?code=${err.aadsts}`,
  };
  if (err.extra.suberror) body.suberror = err.extra.suberror;
  if (err.extra.claims) body.claims = err.extra.claims;
  sendAadJson(ctx, err.status, body, err.extra.headers);
}
