import { randomUUID } from 'node:crypto';
import { AadError, aad } from '../errors.js';
import type { GrantRequest } from '../identity.js';
import { resolveV1Resource, resolveV2Scopes, RESOURCES, resourceKey } from '../resources.js';
import { userTokenResponse } from '../tokens.js';

/**
 * Resource owner password (deprecated; adal's username/password path, spec §2.4a). Refused for MFA
 * users with AADSTS50076. There is no page to consent on, so the emulator records consent here.
 */
export async function passwordGrant(g: GrantRequest): Promise<Record<string, unknown>> {
  const { id, form } = g;
  const username = form.get('username');
  const password = form.get('password');
  if (!username) throw aad.missingParam('username');
  if (password === null) throw aad.missingParam('password');
  const req = g.v1 ? resolveV1Resource(form.get('resource')) : resolveV2Scopes(form.get('scope'));
  const clientAuth = await id.clients.authenticate(g.ctx, form, g.app, g.endpoints, false);
  const user = await id.passwords.check(username, password);
  if (user === 'locked') throw aad.locked();
  if (!user) throw aad.badCredentials();
  if (!user.enabled) throw aad.userDisabled();
  if (g.tenant.tenant && g.tenant.tenant.id !== user.tenantId) {
    throw new AadError(400, 'invalid_grant', 50020, `User account '${user.upn}' does not exist in tenant '${g.tenant.segment}'.`);
  }
  if (user.mfa || req.resource.requireMfa) throw aad.mfaRequired(req.requested);
  const now = id.now();
  id.consents.grant(user.oid, g.app.clientId, RESOURCES.map(resourceKey), now);
  const authTime = Math.floor(now / 1000);
  const amr = ['pwd'];
  const wantsRt = g.v1 || req.oidc.has('offline_access');
  const refreshToken = wantsRt
    ? id.refreshTokens.issue({ familyId: randomUUID(), clientId: g.app.clientId, tid: user.tenantId, oid: user.oid, amr, authTime, issuedAt: now })
    : undefined;
  return userTokenResponse(id.core.keys, {
    user, clientId: g.app.clientId, tid: user.tenantId, amr, authTime, req, v1: g.v1, origin: g.ctx.origin,
    ip: g.ctx.remoteAddress, clientAuth, clientInfo: form.get('client_info') === '1', idToken: g.v1 || req.oidc.has('openid'),
    refreshToken,
  }, now, id.core.options.accessTokenLifetime);
}
