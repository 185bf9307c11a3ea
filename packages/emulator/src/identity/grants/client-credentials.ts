import { aad } from '../errors.js';
import type { GrantRequest } from '../identity.js';
import { resolveV1Resource, resolveV2Scopes } from '../resources.js';
import { appTokenResponse } from '../tokens.js';

/** App-only tokens for a service principal (spec §4.2): secret (body or Basic) or certificate assertion. */
export async function clientCredentialsGrant(g: GrantRequest): Promise<Record<string, unknown>> {
  const { id, form } = g;
  let req;
  if (g.v1) {
    req = resolveV1Resource(form.get('resource'));
  } else {
    const scope = form.get('scope');
    if (!scope) throw aad.missingParam('scope');
    const parts = scope.trim().split(/\s+/);
    if (parts.length !== 1 || !parts[0].endsWith('/.default')) {
      throw aad.invalidScope(`The provided value '${scope}' for the input parameter 'scope' is not valid. The scope requested must be a single '{resource}/.default' for the client credentials flow.`, 1002012);
    }
    req = resolveV2Scopes(parts[0]);
  }
  const clientAuth = await id.clients.authenticate(g.ctx, form, g.app, g.endpoints, true);
  const spOid = id.core.directory.appObjectId(g.app.clientId)!;
  const tid = g.tenant.tenant?.id ?? g.app.tenantId;
  return appTokenResponse(id.core.keys, { clientId: g.app.clientId, spOid, tid, req, v1: g.v1, clientAuth },
    id.now(), id.core.options.accessTokenLifetime);
}
