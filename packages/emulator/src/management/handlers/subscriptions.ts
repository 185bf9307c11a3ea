import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { armErrors } from '../errors.js';
import { page } from '../paging.js';
import { GEN1_REGIONS, renderLocation } from '../regions.js';

/** Subscriptions, their locations, and tenants (Microsoft.Resources subscriptions API). */

interface Subscription { id: string; tenantId: string; displayName: string }

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Subscription` (2022-12-01 shape, a superset of what 2016-06-01 clients read). */
function renderSubscription(s: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

/** The caller's subscriptions in the tenant its token was issued for: never a 403, an empty list at worst. */
const visible = (state: ManagementState, req: ArmRequest) => state.core.directory.subscriptionsOf(req.principal.oid, req.principal.tid);

export const listSubscriptions: Handler = (state, req) => {
  req.reply.json(200, page(req, visible(state, req), renderSubscription));
};

/** A subscription the caller holds no role on does not exist as far as it can tell (404 SubscriptionNotFound). */
export const getSubscription: Handler = (state, req) => {
  if (!GUID.test(req.params.s)) throw armErrors.invalidSubscriptionId(req.params.s);
  const s = visible(state, req).find((x) => x.id.toLowerCase() === req.params.s.toLowerCase());
  if (!s) throw armErrors.subscriptionNotFound(req.params.s);
  req.reply.json(200, renderSubscription(s));
};

export const listLocations: Handler = (_state, req) => {
  req.reply.json(200, { value: GEN1_REGIONS.map((r) => renderLocation(req.params.s, r)) });
};

/** The tenant the caller signed in to (the emulator's users each belong to exactly one). */
export const listTenants: Handler = (state, req) => {
  const t = state.core.directory.findTenant(req.principal.tid);
  const tenants = t ? [t] : [];
  req.reply.json(200, page(req, tenants, (x) => ({
    id: `/tenants/${x.id}`, tenantId: x.id, countryCode: 'US', displayName: x.displayName, domains: [x.domain],
    tenantCategory: 'Home', defaultDomain: x.domain, tenantType: 'AAD',
  })));
};
