import type { EmulatorCore } from '../../core.js';
import type { RequestContext } from '../../http/context.js';
import { TokenValidationError } from '../../identity/validator.js';
import { challengeAuthority } from '../../proxy/public-hosts.js';
import type { StorageAccountRecord } from '../../storage-accounts/registry.js';
import type { Gen2Address } from '../addressing.js';
import { classify } from '../classify.js';
import { bearerCaller } from './data-roles.js';
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
  // Only refusals carry it, so it is worked out then (the default tenant is an SQL query).
  const challenge = () => `Bearer authorization_uri=${challengeAuthority(ctx.hostName, core.baseUrl())}/${core.directory.defaultTenant().id}/oauth2/authorize resource_id=${STORAGE_RESOURCE}`;
  const bearer = authorization !== undefined && /^bearer /i.test(authorization);
  const validateBearer = async () => {
    try {
      return await core.validator.validate(authorization!, 'storage', { audiences: accountAudiences(account.name, core.options.dataPlaneSuffix) });
    } catch (e) {
      if (!(e instanceof TokenValidationError)) throw e;
      throw gen2Errors.invalidAuthenticationInfo(challenge(), e.message);
    }
  };
  // A user delegation SAS naming a delegated user (sduoid) comes with that user's token: the SAS decides.
  const delegatedSas = isSasRequest(query) && query.has('sduoid');
  if (bearer && !delegatedSas) {
    const principal = await validateBearer();
    return { kind: 'bearer', principal, caller: bearerCaller(core, account, address.filesystem, principal.oid) };
  }
  const api = classify(address.endpoint, ctx.method, query, ctx.req.headers);
  const now = core.options.now();
  if (isSharedKeyAuthorization(authorization)) {
    const check = verifySharedKey(signedRequestFrom(ctx, address, query), account.keys, api, now);
    if (!check.ok) throw toGen2Error(check);
    return { kind: 'sharedKey', caller: keyCaller() };
  }
  if (authorization !== undefined && !bearer) throw gen2Errors.authenticationFailed(`The authorization header scheme is not supported.`);
  if (isSasRequest(query)) {
    const needs = sasNeedsOf(api, address, ctx.method, query, ctx);
    const check = verifySas(signedRequestFrom(ctx, address, query), account.keys, sasTargetOf(address, api), needs, now);
    if (!check.ok) throw toGen2Error(check);
    const delegatedUser = check.grant.delegatedUserOid;
    if (delegatedUser !== undefined) {
      if (!bearer) throw gen2Errors.authenticationFailed('This SAS names a delegated user (sduoid): send it with that user\'s Azure AD token.');
      const principal = await validateBearer();
      if (principal.oid !== delegatedUser) throw gen2Errors.authenticationFailed('The Azure AD token is not for the delegated user the SAS names (sduoid).');
    }
    // A user delegation SAS is a super-user's when its delegating user is one: the owner or a "Storage Blob Data Owner".
    return { kind: 'sas', caller: sasCaller(check.grant, (oid) => bearerCaller(core, account, address.filesystem, oid).superUser) };
  }
  throw gen2Errors.noAuthentication(challenge());
}
