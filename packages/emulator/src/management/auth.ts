import type { EmulatorCore, Principal } from '../core.js';
import type { RequestContext } from '../http/context.js';
import { challengeAuthority } from '../proxy/public-hosts.js';
import { TokenValidationError } from '../identity/validator.js';
import { ArmError, armErrors } from './errors.js';
import type { Route } from './routes.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Either ARM audience; anything else is a 401 with ARM's Bearer challenge (never a `claims=` parameter). */
export async function authenticate(core: EmulatorCore, ctx: RequestContext): Promise<Principal> {
  try {
    return await core.validator.validate(ctx.header('authorization'), 'management');
  } catch (e) {
    if (!(e instanceof TokenValidationError)) throw e;
    const challenge = core.validator.challenge(e, core.directory.defaultTenant().id, challengeAuthority(ctx.hostName, core.baseUrl()));
    // The validator calls both a non-Bearer header and an unparsable token "malformed"; ARM tells them apart.
    const badHeader = e.kind === 'malformed' && !/^bearer \S+$/i.test((ctx.header('authorization') ?? '').trim());
    const code = badHeader ? 'AuthenticationFailedInvalidHeader' : e.armCode;
    const message = e.kind === 'missing' ? "Authentication failed. The 'Authorization' header is missing."
      : badHeader ? "Authentication failed. The 'Authorization' header is provided in an invalid format."
        : e.kind === 'malformed' ? 'The access token is invalid.' : e.message;
    throw new ArmError(401, code, message, { 'WWW-Authenticate': challenge });
  }
}

/**
 * Resolves the path's subscription to its stored id (400 for a non-GUID, 404 when unknown) and requires the caller
 * to own it (403 AuthorizationFailed otherwise).
 */
export function authorize(core: EmulatorCore, principal: Principal, route: Route, method: string, params: Record<string, string>, scope: string): string {
  const s = params.s;
  if (!GUID.test(s)) throw armErrors.invalidSubscriptionId(s);
  const sub = core.directory.subscription(s);
  if (!sub) throw armErrors.subscriptionNotFound(s);
  if (!core.directory.isSubscriptionOwner(sub.id, principal.oid)) {
    const verb = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'action' : 'write';
    throw armErrors.authorizationFailed(principal.name, principal.oid, `${route.type}/${verb}`, scope);
  }
  return sub.id;
}
