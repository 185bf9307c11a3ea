import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { accountResourceId, armTime } from '../account-model.js';
import { skuTier, STORAGE_ACCOUNT_TYPE, storageAccountId } from '../storage/model.js';
import { page } from '../paging.js';
import { parseResourceFilter } from '../resource-filter.js';
import { armErrors } from '../errors.js';
import { requireGroup } from './groups.js';

/**
 * Generic resources (`GET /subscriptions/{s}[/resourceGroups/{rg}]/resources`): every tracked resource the
 * emulator serves, i.e. the Data Lake Store accounts and the storage accounts, as `GenericResourceExpanded`.
 */

/** What the generic listing shows of either kind of account. */
interface TrackedResource {
  id: string; name: string; type: string; location: string; resourceGroup: string; tags: Record<string, string>;
  createdAt: number; modifiedAt: number; provisioningState: string; sku?: { name: string; tier: string }; kind?: string;
}

const EXPANDABLE = ['createdtime', 'changedtime', 'provisioningstate'];

function expansions(req: ArmRequest): Set<string> {
  const raw = req.query.get('$expand') ?? '';
  return new Set(raw.split(',').map((x) => x.trim().toLowerCase()).filter((x) => EXPANDABLE.includes(x)));
}

function render(a: TrackedResource, expand: Set<string>): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    ...(a.sku ? { sku: a.sku } : {}),
    ...(a.kind ? { kind: a.kind } : {}),
    location: a.location,
    ...(Object.keys(a.tags).length ? { tags: a.tags } : {}),
    ...(expand.has('createdtime') ? { createdTime: armTime(a.createdAt) } : {}),
    ...(expand.has('changedtime') ? { changedTime: armTime(a.modifiedAt) } : {}),
    ...(expand.has('provisioningstate') ? { provisioningState: a.provisioningState } : {}),
  };
}

/** The generic lists cap `$top` at 1000, as Resource Manager does. */
const MAX_TOP = 1000;

function list(state: ManagementState, req: ArmRequest, resourceGroup?: string): void {
  const top = req.query.get('$top');
  if (top !== null && (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > MAX_TOP)) throw armErrors.invalidTop(top);
  const match = parseResourceFilter(req.query.get('$filter'));
  const expand = expansions(req);
  const where = { subscriptionId: req.params.s, ...(resourceGroup ? { resourceGroup } : {}) };
  const resources: TrackedResource[] = [
    ...state.core.accounts.list(where).map((a) => ({ ...a, id: accountResourceId(a, a.resourceGroup), type: 'Microsoft.DataLakeStore/accounts' })),
    ...state.core.storageAccounts.list(where).map((a) => ({
      ...a, id: storageAccountId(a), type: STORAGE_ACCOUNT_TYPE, sku: { name: a.sku, tier: skuTier(a.sku) },
    })),
  ].filter((a) => match(a));
  req.reply.json(200, page(req, resources, (a) => render(a, expand)));
}

export const listResources: Handler = (state, req) => list(state, req);

export const listGroupResources: Handler = (state, req) => list(state, req, requireGroup(state, req).name);
