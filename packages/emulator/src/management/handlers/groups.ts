import type { ResourceGroup } from '../groups.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { armErrors } from '../errors.js';
import { RETRY_AFTER } from '../lro.js';
import { page } from '../paging.js';
import { destroyStorageAccount } from '../storage/lifecycle.js';
import { groupScope } from '../../authorization/scopes.js';
import { optString, optTags, requireLocation } from '../validate.js';

/** Resource groups (Microsoft.Resources, management-api.md §4). */

/** §4.1: 1–90 of letters, digits, `_-.()`; not ending in `.`. */
const GROUP_NAME = /^[-\p{L}\p{N}_.()]{1,90}$/u;

export function renderGroup(g: ResourceGroup, provisioningState = 'Succeeded'): Record<string, unknown> {
  return {
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    ...(g.managedBy ? { managedBy: g.managedBy } : {}),
    ...(Object.keys(g.tags).length ? { tags: g.tags } : {}),
    properties: { provisioningState },
  };
}

/** The group named in the path, or 404 ResourceGroupNotFound. */
export function requireGroup(state: ManagementState, req: ArmRequest): ResourceGroup {
  const g = state.groups.get(req.params.s, req.params.rg);
  if (!g) throw armErrors.groupNotFound(req.params.rg);
  return g;
}

export const createOrUpdateGroup: Handler = async (state, req) => {
  const { s, rg } = req.params;
  if (!GROUP_NAME.test(rg) || rg.endsWith('.')) throw armErrors.invalidGroupName(rg);
  const body = await req.body();
  const location = requireLocation(body);
  const tags = optTags(body);
  const managedBy = optString(body, 'managedBy');
  const existing = state.groups.get(s, rg);
  if (existing) {
    if (existing.location !== location) throw armErrors.groupLocationChange(existing.name, existing.location, location);
    const g = state.groups.update(s, rg, { tags: tags ?? {}, managedBy })!;
    return req.reply.json(200, renderGroup(g));
  }
  const g = state.groups.insert({ subscriptionId: s, name: rg, location, tags: tags ?? {}, managedBy, createdAt: state.core.options.now() });
  req.reply.json(201, renderGroup(g));
};

export const getGroup: Handler = (state, req) => req.reply.json(200, renderGroup(requireGroup(state, req)));

/** HEAD: 204 when present, 404 when absent — never 200 (both SDKs raise on it). */
export const groupExists: Handler = (state, req) =>
  req.reply.empty(state.groups.get(req.params.s, req.params.rg) ? 204 : 404);

export const patchGroup: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const body = await req.body();
  const updated = state.groups.update(g.subscriptionId, g.name, { tags: optTags(body), managedBy: optString(body, 'managedBy') })!;
  req.reply.json(200, renderGroup(updated));
};

/**
 * Deletes the group, its accounts (Data Lake Store and storage) and the role assignments in it at once, then answers 202 + Location so pollers see 200 on their
 * first poll (the same in every lroMode, management-api.md §3.4).
 */
export const deleteGroup: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const accounts = state.core.accounts.list({ subscriptionId: g.subscriptionId, resourceGroup: g.name });
  for (const a of accounts) await state.lro.destroy(a.name);
  for (const a of state.core.storageAccounts.list({ subscriptionId: g.subscriptionId, resourceGroup: g.name })) {
    await destroyStorageAccount(state.core, a.name);
  }
  state.core.roleAssignments.removeWithin(groupScope(g.subscriptionId, g.name));
  state.groups.remove(g.subscriptionId, g.name);
  const op = state.lro.start('group-delete', { subscriptionId: g.subscriptionId, resourceGroup: g.name }, true);
  const apiVersion = req.query.get('api-version') ?? '';
  req.reply.empty(202, {
    Location: `${req.ctx.origin}/subscriptions/${g.subscriptionId}/operationresults/${op.id}?api-version=${encodeURIComponent(apiVersion)}`,
    'Retry-After': RETRY_AFTER,
  });
};

/** `$filter`: `tagName eq 'x'` or `tagName eq 'x' and tagValue eq 'y'` (others are ignored). */
function tagFilter(filter: string | null): ((g: ResourceGroup) => boolean) | undefined {
  if (!filter) return undefined;
  const m = /^\s*tagName\s+eq\s+'([^']*)'(?:\s+and\s+tagValue\s+eq\s+'([^']*)')?\s*$/i.exec(filter);
  if (!m) return undefined;
  const [, name, value] = m;
  return (g) => Object.entries(g.tags).some(([k, v]) => k.toLowerCase() === name.toLowerCase() && (value === undefined || v === value));
}

export const listGroups: Handler = (state, req) => {
  const match = tagFilter(req.query.get('$filter'));
  const groups = state.groups.list(req.params.s).filter((g) => !match || match(g));
  req.reply.json(200, page(req, groups, (g) => renderGroup(g)));
};

/** R7: the RG deletion result. Deletion is synchronous, so every known job reports done. */
export const groupOperationResult: Handler = (state, req) => {
  const op = state.lro.ops.get(req.params.op);
  if (!op || op.kind !== 'group-delete' || op.subscriptionId.toLowerCase() !== req.params.s.toLowerCase()) {
    throw armErrors.operationNotFound(req.params.op);
  }
  req.reply.empty(200);
};
