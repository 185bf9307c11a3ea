import type { EmulatorCore } from '../../core.js';
import type { RequestContext } from '../../http/context.js';
import { TokenValidationError } from '../../identity/validator.js';
import { challengeAuthority } from '../../proxy/public-hosts.js';
import type { StorageAccountRecord } from '../../storage-accounts/registry.js';
import type { Gen2Address } from '../addressing.js';
import { classify } from '../classify.js';
import { gen2Errors } from '../errors.js';
import { keyCaller, type Gen2Identity } from './identity.js';
import { sasCaller, sasNeedsOf, sasTargetOf, signedRequestFrom, toGen2Error } from './key-auth.js';
import { isSasRequest, verifySas } from './sas.js';
import { isSharedKeyAuthorization, verifySharedKey } from './shared-key.js';

/** The storage resource Azure AD issues tokens for (its challenges name it). */
export const STORAGE_RESOURCE = 'https://storage.azure.com';

/** Audiences an account also accepts besides `https://storage.azure.com/`: its own endpoint URLs (Azure's and ours). */
export function accountAudiences(account: string, suffix: string): string[] {
  return ['blob', 'dfs'].flatMap((e) => [`https://${account}.${e}.core.windows.net`, `https://${account}.${e}.${suffix}`]);
}

/**
 * Authenticates a Gen2 request: `Authorization: Bearer` (Azure AD, checked here with the emulator's token
 * validator), `Authorization: SharedKey`/`SharedKeyLite` (gen2/auth/shared-key.ts) and SAS (`sig=` in the query,
 * gen2/auth/sas.ts, which also checks the SAS's permissions for the operation the request names). A request with
 * no credentials gets 401 with the Bearer challenge clients follow.
 */
export async function authenticate(core: EmulatorCore, ctx: RequestContext, account: StorageAccountRecord, address: Gen2Address, query: URLSearchParams): Promise<Gen2Identity> {
  const authorization = ctx.header('authorization');
  const tenant = core.directory.defaultTenant().id;
  const challenge = `Bearer authorization_uri=${challengeAuthority(ctx.hostName, core.baseUrl())}/${tenant}/oauth2/authorize resource_id=${STORAGE_RESOURCE}`;
  if (authorization !== undefined && /^bearer /i.test(authorization)) {
    try {
      const principal = await core.validator.validate(authorization, 'storage', { audiences: accountAudiences(account.name, core.options.dataPlaneSuffix) });
      return { kind: 'bearer', principal, caller: { oid: principal.oid, groups: [principal.oid], superUser: principal.oid === account.ownerOid } };
    } catch (e) {
      if (!(e instanceof TokenValidationError)) throw e;
      throw gen2Errors.invalidAuthenticationInfo(challenge, e.message);
    }
  }
  const api = classify(address.endpoint, ctx.method, query, ctx.req.headers);
  if (isSharedKeyAuthorization(authorization)) {
    const check = verifySharedKey(signedRequestFrom(ctx, address, query), account.keys, api);
    if (!check.ok) throw toGen2Error(check);
    return { kind: 'sharedKey', caller: keyCaller() };
  }
  if (authorization !== undefined) throw gen2Errors.authenticationFailed(`The authorization header scheme is not supported.`);
  if (isSasRequest(query)) {
    const needs = sasNeedsOf(api, address, ctx.method, query, ctx);
    const check = verifySas(signedRequestFrom(ctx, address, query), account.keys, sasTargetOf(address, api), needs, core.options.now());
    if (!check.ok) throw toGen2Error(check);
    return { kind: 'sas', caller: sasCaller(check.grant, (oid) => oid === account.ownerOid) };
  }
  throw gen2Errors.noAuthentication(challenge);
}

