import { aad } from '../errors.js';
import type { GrantRequest } from '../identity.js';
import { isLive } from '../refresh-tokens.js';
import { resolveV1Resource, resolveV2Scopes, resourceKey } from '../resources.js';
import { userTokenResponse } from '../tokens.js';

/**
 * Refresh (spec §4.1): one RT serves every resource the user consented to for this client (MRRT);
 * each refresh rotates (the old RT stays valid, AAD-like); amr/auth_time come from the RT record.
 */
export async function refreshTokenGrant(g: GrantRequest): Promise<Record<string, unknown>> {
  const { id, form } = g;
  const token = form.get('refresh_token');
  if (!token) throw aad.missingParam('refresh_token');
  const rec = id.refreshTokens.find(token);
  if (!rec) throw aad.invalidGrant('The refresh token is malformed or not valid.');
  if (rec.clientId.toLowerCase() !== g.app.clientId.toLowerCase()) {
    throw aad.invalidGrant('The refresh token was issued to a different client.');
  }
  if (g.tenant.tenant && g.tenant.tenant.id !== rec.tid) throw aad.invalidGrant('The refresh token was issued in a different tenant.');
  const clientAuth = await id.clients.authenticate(g.ctx, form, g.app, g.endpoints, false);
  const now = id.now();
  if (!isLive(rec, now)) throw aad.refreshExpired();
  const user = id.core.directory.userByOid(rec.oid);
  if (!user || !user.enabled) throw aad.refreshExpired();
  const req = g.v1 ? resolveV1Resource(form.get('resource')) : resolveV2Scopes(form.get('scope'));
  if (req.resource.requireMfa && !rec.amr.includes('mfa')) throw aad.mfaRequired(req.requested);
  if (!id.consents.has(rec.oid, g.app.clientId, resourceKey(req.resource))) throw aad.consentRequired(req.requested, g.app.clientId);
  id.refreshTokens.touch(token, now);
  const rotated = id.refreshTokens.issue({ ...rec, issuedAt: now });
  return userTokenResponse(id.core.keys, {
    user, clientId: g.app.clientId, tid: rec.tid, amr: rec.amr, authTime: rec.authTime, req, v1: g.v1, origin: g.ctx.origin,
    ip: g.ctx.remoteAddress, clientAuth, clientInfo: form.get('client_info') === '1', idToken: g.v1 || req.oidc.has('openid'),
    refreshToken: rotated,
  }, now, id.core.options.accessTokenLifetime);
}
