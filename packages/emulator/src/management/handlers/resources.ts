import type { AccountRecord } from '../../accounts/registry.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { accountResourceId, armTime } from '../account-model.js';
import { page } from '../paging.js';
import { parseResourceFilter } from '../resource-filter.js';
import { requireGroup } from './groups.js';

/**
 * Generic resources (`GET /subscriptions/{s}[/resourceGroups/{rg}]/resources`): every tracked resource the
 * emulator serves, i.e. the Data Lake Store accounts, as `GenericResourceExpanded`.
 */

const EXPANDABLE = ['createdtime', 'changedtime', 'provisioningstate'];

function expansions(req: ArmRequest): Set<string> {
  const raw = req.query.get('$expand') ?? '';
  return new Set(raw.split(',').map((x) => x.trim().toLowerCase()).filter((x) => EXPANDABLE.includes(x)));
}

function render(a: AccountRecord, expand: Set<string>): Record<string, unknown> {
  return {
    id: accountResourceId(a, a.resourceGroup),
    name: a.name,
    type: 'Microsoft.DataLakeStore/accounts',
    location: a.location,
    ...(Object.keys(a.tags).length ? { tags: a.tags } : {}),
    ...(expand.has('createdtime') ? { createdTime: armTime(a.createdAt) } : {}),
    ...(expand.has('changedtime') ? { changedTime: armTime(a.modifiedAt) } : {}),
    ...(expand.has('provisioningstate') ? { provisioningState: a.provisioningState } : {}),
  };
}

function list(state: ManagementState, req: ArmRequest, resourceGroup?: string): void {
  const match = parseResourceFilter(req.query.get('$filter'));
  const expand = expansions(req);
  const accounts = state.core.accounts.list({ subscriptionId: req.params.s, ...(resourceGroup ? { resourceGroup } : {}) })
    .filter((a) => match({ name: a.name, type: 'Microsoft.DataLakeStore/accounts', location: a.location, resourceGroup: a.resourceGroup, tags: a.tags }));
  req.reply.json(200, page(req, accounts, (a) => render(a, expand)));
}

export const listResources: Handler = (state, req) => list(state, req);

export const listGroupResources: Handler = (state, req) => list(state, req, requireGroup(state, req).name);
