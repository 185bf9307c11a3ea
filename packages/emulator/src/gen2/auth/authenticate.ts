import type { EmulatorCore } from '../../core.js';
import type { RequestContext } from '../../http/context.js';
import { TokenValidationError } from '../../identity/validator.js';
import { challengeAuthority } from '../../proxy/public-hosts.js';
import type { StorageAccountRecord } from '../../storage-accounts/registry.js';
import type { Gen2Address } from '../addressing.js';
import { gen2Errors } from '../errors.js';
import type { Gen2Identity } from './identity.js';

/** The storage resource Azure AD issues tokens for (its challenges name it). */
export const STORAGE_RESOURCE = 'https://storage.azure.com';

/** Audiences an account also accepts besides `https://storage.azure.com/`: its own endpoint URLs (Azure's and ours). */
export function accountAudiences(account: string, suffix: string): string[] {
  return ['blob', 'dfs'].flatMap((e) => [`https://${account}.${e}.core.windows.net`, `https://${account}.${e}.${suffix}`]);
}

/**
 * Authenticates a Gen2 request: `Authorization: Bearer` (Azure AD, checked here with the emulator's token
 * validator), `Authorization: SharedKey` and SAS (`sig=` in the query). Shared Key and SAS signatures are verified
 * by gen2/auth/shared-key.ts and sas.ts; until those are wired in, such requests are refused (403
 * AuthenticationFailed). A request with no credentials gets 401 with the Bearer challenge clients follow.
 */
export async function authenticate(core: EmulatorCore, ctx: RequestContext, account: StorageAccountRecord, _address: Gen2Address, query: URLSearchParams): Promise<Gen2Identity> {
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
  if (authorization !== undefined && /^sharedkey(lite)? /i.test(authorization)) {
    throw gen2Errors.authenticationFailed('The emulator does not verify Shared Key signatures yet.');
  }
  if (authorization !== undefined) throw gen2Errors.authenticationFailed(`The authorization header scheme is not supported.`);
  if (query.has('sig')) throw gen2Errors.authenticationFailed('Signature did not match. The emulator does not verify SAS signatures yet.');
  throw gen2Errors.noAuthentication(challenge);
}

