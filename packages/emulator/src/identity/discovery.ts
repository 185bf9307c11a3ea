import type { RequestContext } from '../http/context.js';
import { isPublicLoginHost, PUBLIC_LOGIN_HOSTS, v2IssuerOrigin } from '../proxy/public-hosts.js';
import { AadError, aad, sendAadJson } from './errors.js';
import type { Identity } from './identity.js';
import { tenantPathId, type TenantRef } from './tenants.js';

/** v2 OpenID configuration (spec §2.2). `base` is the origin the client used, so the issuer matches its host. */
export function v2Discovery(base: string, t: TenantRef): Record<string, unknown> {
  const tid = tenantPathId(t);
  return {
    token_endpoint: `${base}/${tid}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tid}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${v2IssuerOrigin(base)}/${t.tenant ? t.tenant.id : '{tenantid}'}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${tid}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tid}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tid}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'name', 'tid', 'ver', 'at_hash', 'c_hash',
      'email', 'preferred_username', 'oid'],
    ...cloudFields(base, tid),
  };
}

/** The fields both discovery documents share: the emulator stands in for every cloud host. */
function cloudFields(base: string, tid: string): Record<string, unknown> {
  const host = new URL(base).host;
  if (isPublicLoginHost(new URL(base).hostname)) {
    // Reached by Azure AD's public name (transparent mode): the public cloud's values.
    return { kerberos_endpoint: `${base}/${tid}/kerberos`, tenant_region_scope: 'NA', cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net', msgraph_host: 'graph.microsoft.com', rbac_url: 'https://pas.windows.net' };
  }
  return {
    kerberos_endpoint: `${base}/${tid}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
    rbac_url: base,
  };
}

/** v1 OpenID configuration (spec §2.2). */
export function v1Discovery(base: string, t: TenantRef): Record<string, unknown> {
  const tid = tenantPathId(t);
  return {
    token_endpoint: `${base}/${tid}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: `https://sts.windows.net/${t.tenant ? t.tenant.id : '{tenantid}'}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/${tid}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/${tid}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tid}/oauth2/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host',
      'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: `${base}/${tid}/oauth2/checksession`,
    userinfo_endpoint: `${base}/${tid}/openid/userinfo`,
    ...cloudFields(base, tid),
  };
}

export async function sendJwks(id: Identity, ctx: RequestContext, v2Issuer?: string): Promise<void> {
  const { keys } = await id.core.keys.jwks();
  sendAadJson(ctx, 200, { keys: v2Issuer ? keys.map((k) => ({ ...k, issuer: v2Issuer })) : keys });
}

/** The other national clouds Azure AD lists beside the public one (instance discovery `metadata`). */
const NATIONAL_CLOUDS = [
  ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
  ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
  ['login-us.microsoftonline.com'],
];

/**
 * GET /common/discovery/instance (spec §2.4). Known instances: this emulator's own host and, when a client
 * reached it by Azure AD's public name (transparent mode), the public cloud's aliases, answered as Azure does.
 * The discovery endpoint follows the authorization endpoint's version (`/oauth2/v2.0/authorize` → v2 metadata).
 */
export function instanceDiscovery(ctx: RequestContext): void {
  const endpoint = ctx.url.searchParams.get('authorization_endpoint');
  const self = new URL(ctx.origin).host;
  let host = self;
  let tenant = 'common';
  let v1 = false;
  if (endpoint) {
    let u: URL;
    try { u = new URL(endpoint); } catch { throw aad.invalidRequest("The parameter 'authorization_endpoint' is not a valid URL.", 50049); }
    host = u.host;
    const segments = u.pathname.split('/').filter(Boolean);
    tenant = segments[0] ?? 'common';
    v1 = segments[2] !== 'v2.0' && segments[1] === 'oauth2';
    const sameHost = host === self || (u.hostname === new URL(ctx.origin).hostname && !u.port);
    const publicPair = isPublicLoginHost(u.hostname) && !u.port && isPublicLoginHost(new URL(ctx.origin).hostname);
    if (!sameHost && !publicPair) {
      throw new AadError(400, 'invalid_instance', 50049, `Unknown or invalid instance '${host}'.`);
    }
  }
  if (isPublicLoginHost(new URL(ctx.origin).hostname)) {
    const at = `https://${host}/${encodeURIComponent(tenant)}`;
    return sendAadJson(ctx, 200, {
      tenant_discovery_endpoint: `${at}${endpoint && v1 ? '' : '/v2.0'}/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: [...PUBLIC_LOGIN_HOSTS, 'sts.windows.net'] },
        ...NATIONAL_CLOUDS.map((aliases) => ({ preferred_network: aliases[0], preferred_cache: aliases[0], aliases })),
      ],
    });
  }
  sendAadJson(ctx, 200, {
    tenant_discovery_endpoint: `${ctx.origin}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: self, preferred_cache: self, aliases: [self] }],
  });
}

/** GET /common/UserRealm/{username} (spec §2.4a): Managed for users of the directory. */
export function userRealm(id: Identity, ctx: RequestContext, username: string): void {
  const user = id.core.directory.userByUpn(username);
  const at = username.lastIndexOf('@');
  sendAadJson(ctx, 200, {
    ver: '1.0',
    account_type: user ? 'Managed' : 'Unknown',
    domain_name: at >= 0 ? username.slice(at + 1) : '',
    cloud_instance_name: new URL(ctx.origin).hostname,
    cloud_audience_urn: 'urn:federation:MicrosoftOnline',
  });
}
