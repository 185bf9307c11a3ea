import { isExpired } from '../device-codes.js';
import { aad } from '../errors.js';
import type { GrantRequest } from '../identity.js';
import { resolveV1Resource, resolveV2Scopes } from '../resources.js';
import { userTokenResponse } from '../tokens.js';

export const DEVICE_CODE_GRANTS = ['device_code', 'urn:ietf:params:oauth:grant-type:device_code'];

/** Device code redemption (spec §2.6, §2.8): both grant spellings, `device_code` or `code`. */
export async function deviceCodeGrant(g: GrantRequest): Promise<Record<string, unknown>> {
  const { id, form } = g;
  const dc = form.get('device_code');
  const code = form.get('code');
  if (dc !== null && code !== null && dc !== code) throw aad.invalidRequest("The parameters 'device_code' and 'code' differ.");
  const value = dc ?? code;
  if (!value) throw aad.missingParam('device_code');
  const rec = id.codes.byDeviceCode(value);
  if (!rec) throw aad.badVerificationCode();
  if (g.tenant.tenant && !['common', 'organizations'].includes(rec.tenant) && rec.tenant !== g.tenant.tenant.id) {
    throw aad.badVerificationCode();
  }
  if (rec.clientId.toLowerCase() !== g.app.clientId.toLowerCase()) {
    throw aad.invalidGrant('The device code was issued to a different client. The client_id of the poll must match the one that requested the code.');
  }
  const clientAuth = await id.clients.authenticate(g.ctx, form, g.app, g.endpoints, false);
  const now = id.now();
  if (rec.state === 'declined' || rec.state === 'mfa_failed') {
    if (isExpired(rec, now)) throw aad.badVerificationCode();
    throw rec.state === 'declined' ? aad.declined() : aad.mfaFailed();
  }
  if (isExpired(rec, now)) throw aad.expired(g.v1);
  if (id.core.options.strictSlowDown && rec.lastPollAt !== null && now < rec.lastPollAt + rec.intervalS * 1000) {
    // RFC 8628 §3.5: slow down and add 5 seconds to the interval for this and later polls.
    id.codes.update(rec.hash, { lastPollAt: now, intervalS: rec.intervalS + 5 });
    throw aad.slowDown();
  }
  id.codes.update(rec.hash, { lastPollAt: now });
  if (rec.state !== 'approved') throw aad.pending();
  if (!id.codes.redeem(rec.hash)) throw aad.badVerificationCode();

  const user = rec.userOid ? id.core.directory.userByOid(rec.userOid) : undefined;
  if (!user || !user.enabled) throw aad.invalidGrant('The user who approved this device code no longer exists or is disabled.');
  const req = rec.version === 1 ? resolveV1Resource(rec.resource) : resolveV2Scopes(rec.scopes.join(' '));
  const authTime = rec.authTime ?? Math.floor(now / 1000);
  const wantsRt = g.v1 || req.oidc.has('offline_access');
  const refreshToken = wantsRt
    ? id.refreshTokens.issue({ familyId: rec.hash, clientId: g.app.clientId, tid: user.tenantId, oid: user.oid, amr: rec.amr, authTime, issuedAt: now })
    : undefined;
  return userTokenResponse(id.core.keys, {
    user, clientId: g.app.clientId, tid: user.tenantId, amr: rec.amr, authTime, req, v1: g.v1, origin: g.ctx.origin,
    ip: g.ctx.remoteAddress, clientAuth, clientInfo: form.get('client_info') === '1', idToken: g.v1 || req.oidc.has('openid'),
    refreshToken,
  }, now, id.core.options.accessTokenLifetime);
}
