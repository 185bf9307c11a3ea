import { ClientAbortedError, type RequestContext } from '../http/context.js';
import { isExpired } from './device-codes.js';
import { AadError, aad, sendAadJson } from './errors.js';
import type { Identity } from './identity.js';
import { SignInRefused } from './sign-in.js';

/**
 * Headless control of the verification flow (spec §2.9, emulator extension, only with testApi).
 * `approve` walks the same SignInFlow steps the pages do (minus the password), so MFA users get
 * `mfa` in amr exactly as after the TOTP page.
 */
async function readJsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await ctx.readJson();
  } catch (e) {
    if (e instanceof ClientAbortedError) throw e;
    throw aad.invalidRequest('The request body must be a JSON object.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw aad.invalidRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

const unknownCode = () => new AadError(404, 'invalid_request', 70018, 'Unknown, expired or already completed user code.');

export async function approve(id: Identity, ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx);
  if (typeof body.user_code !== 'string') throw aad.missingParam('user_code');
  if (typeof body.username !== 'string') throw aad.missingParam('username');
  const user = id.core.directory.userByUpn(body.username);
  if (!user) throw new AadError(400, 'invalid_request', 50034, `The user account ${body.username} does not exist in the directory.`);
  const entered = id.flow.enterCode(body.user_code);
  if (!entered.ok) throw unknownCode();
  let record = entered.record;
  const reread = () => (record = id.codes.byHash(record.hash)!);
  if (record.state === 'code_entered') { id.flow.confirmApp(record, true); reread(); }
  try {
    if (record.state === 'authenticating') { id.flow.authenticate(record, user); reread(); }
  } catch (e) {
    if (e instanceof SignInRefused) throw new AadError(400, 'invalid_grant', e.aadsts, e.message);
    throw e;
  }
  if (record.state === 'mfa_required' && body.mfa !== false) { id.flow.completeMfa(record); reread(); }
  if (record.state === 'consent_required' && body.consent !== false) { id.flow.consent(record, true); reread(); }
  sendAadJson(ctx, 200, { state: record.state, user_code: record.userCode, username: user.upn, amr: record.amr });
}

export async function decline(id: Identity, ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx);
  if (typeof body.user_code !== 'string') throw aad.missingParam('user_code');
  const record = id.flow.live(id.codes.byUserCode(body.user_code)?.hash ?? '');
  if (!record) throw unknownCode();
  id.flow.decline(record);
  sendAadJson(ctx, 200, { state: 'declined', user_code: record.userCode });
}

export function deviceState(id: Identity, ctx: RequestContext, userCode: string): void {
  const record = id.codes.byUserCode(userCode);
  if (!record) throw unknownCode();
  const expired = isExpired(record, id.now()) && record.state !== 'declined' && record.state !== 'mfa_failed';
  const user = record.userOid ? id.core.directory.userByOid(record.userOid) : undefined;
  sendAadJson(ctx, 200, {
    state: expired ? 'expired' : record.state, user_code: record.userCode, client_id: record.clientId,
    expires_at: Math.floor(record.expiresAt / 1000), interval: record.intervalS,
    ...(user ? { username: user.upn, amr: record.amr } : {}),
  });
}

export function revokeUser(id: Identity, ctx: RequestContext, upn: string): void {
  const user = id.core.directory.userByUpn(upn);
  if (!user) throw new AadError(404, 'invalid_request', 50034, `The user account ${upn} does not exist in the directory.`);
  sendAadJson(ctx, 200, { revoked: id.refreshTokens.revokeUser(user.oid, id.now()) });
}
