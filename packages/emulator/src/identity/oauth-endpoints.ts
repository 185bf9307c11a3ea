import { BodyTooLargeError, ClientAbortedError, type RequestContext } from '../http/context.js';
import { aad, sendAadJson } from './errors.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { DEVICE_CODE_GRANTS, deviceCodeGrant } from './grants/device-code.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import type { GrantRequest, Identity } from './identity.js';
import { resolveV1Resource, resolveV2Scopes } from './resources.js';
import { tenantPathId, type TenantRef } from './tenants.js';

/** Reads a form body; anything unparsable simply yields missing parameters (→ invalid_request). */
async function readForm(ctx: RequestContext): Promise<URLSearchParams> {
  try {
    return await ctx.readForm();
  } catch (e) {
    if (e instanceof ClientAbortedError || e instanceof BodyTooLargeError) throw e; // nobody to answer / the service's own answer
    throw aad.invalidRequest('The request body could not be read as application/x-www-form-urlencoded.');
  }
}

function clientIdFrom(ctx: RequestContext, form: URLSearchParams): string | null {
  const fromForm = form.get('client_id');
  if (fromForm) return fromForm;
  const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(ctx.header('authorization') ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  try { return i > 0 ? decodeURIComponent(text.slice(0, i)) : null; } catch { return null; }
}

/** POST /{tenant}/oauth2/devicecode (v1, `resource`) and /oauth2/v2.0/devicecode (v2, `scope`), spec §2.5. */
export async function deviceAuthorization(id: Identity, ctx: RequestContext, tenant: TenantRef, v1: boolean): Promise<void> {
  const form = await readForm(ctx);
  const clientId = form.get('client_id');
  if (!clientId) throw aad.missingParam('client_id');
  const app = id.core.directory.app(clientId);
  if (!app) throw aad.unknownClient(clientId);
  const req = v1 ? resolveV1Resource(form.get('resource')) : resolveV2Scopes(form.get('scope'));
  const now = id.now();
  const opts = id.core.options;
  const expiresIn = Math.max(1, Math.floor(opts.deviceCodeExpiresIn));
  const interval = Math.max(1, Math.floor(opts.deviceCodeInterval));
  const { deviceCode, record } = id.codes.create({
    clientId: app.clientId, tenant: tenant.tenant?.id ?? tenant.alias!, version: v1 ? 1 : 2, resource: req.requested,
    scopes: v1 ? [] : (form.get('scope') ?? '').split(/\s+/).filter(Boolean), claims: form.get('claims'),
    requesterIp: ctx.remoteAddress, issuedAt: now, expiresAt: now + expiresIn * 1000, intervalS: interval,
  });
  const url = `${ctx.origin}/devicelogin`;
  const message = `To sign in, use a web browser to open the page ${url} and enter the code ${record.userCode} to authenticate.`;
  sendAadJson(ctx, 200, v1
    ? { user_code: record.userCode, device_code: deviceCode, verification_url: url, expires_in: String(expiresIn), interval: String(interval), message }
    : { user_code: record.userCode, device_code: deviceCode, verification_uri: url, expires_in: expiresIn, interval, message });
}

/** POST /{tenant}/oauth2/token and /oauth2/v2.0/token: dispatch on grant_type (spec §2.6). */
export async function tokenEndpoint(id: Identity, ctx: RequestContext, tenant: TenantRef, v1: boolean): Promise<void> {
  const form = await readForm(ctx);
  const grant = form.get('grant_type');
  if (!grant) throw aad.missingParam('grant_type');
  const known = DEVICE_CODE_GRANTS.includes(grant) || ['refresh_token', 'client_credentials', 'password'].includes(grant);
  if (!known) throw aad.unsupportedGrant(grant);
  const clientId = clientIdFrom(ctx, form);
  if (!clientId) throw aad.missingParam('client_id');
  const app = id.core.directory.app(clientId);
  if (!app) throw aad.unknownClient(clientId);
  const suffix = v1 ? 'oauth2/token' : 'oauth2/v2.0/token';
  const endpoints = [`${ctx.origin}${ctx.rawPath}`, `${ctx.origin}/${tenantPathId(tenant)}/${suffix}`,
    `${ctx.origin}/${tenant.tenant?.domain ?? tenant.segment}/${suffix}`];
  const g: GrantRequest = { id, ctx, form, tenant, v1, app, endpoints };
  let body: Record<string, unknown>;
  if (DEVICE_CODE_GRANTS.includes(grant)) body = await deviceCodeGrant(g);
  else if (grant === 'refresh_token') body = await refreshTokenGrant(g);
  else if (grant === 'client_credentials') body = await clientCredentialsGrant(g);
  else body = await passwordGrant(g);
  sendAadJson(ctx, 200, body);
}
