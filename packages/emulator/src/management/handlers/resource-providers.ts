import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { armErrors } from '../errors.js';
import { page } from '../paging.js';
import { findProvider, PROVIDERS, type ProviderInfo } from '../provider-catalog.js';
import type { RegistrationState } from '../provider-registrations.js';

/** Resource providers: list, get, register, unregister (Microsoft.Resources providers API). */

function render(p: ProviderInfo, subscriptionId?: string, state?: RegistrationState): Record<string, unknown> {
  return {
    id: `${subscriptionId ? `/subscriptions/${subscriptionId}` : ''}/providers/${p.namespace}`,
    namespace: p.namespace,
    ...(state ? { registrationState: state, registrationPolicy: p.registrationPolicy } : {}),
    resourceTypes: p.resourceTypes.map((t) => ({ ...t, apiVersions: [...t.apiVersions] })),
  };
}

function requireProvider(req: ArmRequest): ProviderInfo {
  const p = findProvider(req.params.ns);
  if (!p) throw armErrors.invalidResourceNamespace(req.params.ns);
  return p;
}

const inSubscription = (state: ManagementState, req: ArmRequest, p: ProviderInfo) =>
  render(p, req.params.s, state.registrations.state(req.params.s, p));

export const listProviders: Handler = (state, req) => {
  req.reply.json(200, page(req, [...PROVIDERS], (p) => inSubscription(state, req, p)));
};

export const getProvider: Handler = (state, req) => req.reply.json(200, inSubscription(state, req, requireProvider(req)));

/** POST …/register and …/unregister: idempotent, answered with the provider in its new state. */
const setRegistration = (target: RegistrationState): Handler => (state, req) => {
  const p = requireProvider(req);
  state.registrations.set(req.params.s, p, target);
  req.reply.json(200, inSubscription(state, req, p));
};
export const registerProvider = setRegistration('Registered');
export const unregisterProvider = setRegistration('Unregistered');

/** Tenant level (`/providers`): the same catalogue without a registration state. */
export const listTenantProviders: Handler = (_state, req) => req.reply.json(200, page(req, [...PROVIDERS], (p) => render(p)));
export const getTenantProvider: Handler = (_state, req) => req.reply.json(200, render(requireProvider(req)));
