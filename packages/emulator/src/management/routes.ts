import type { Handler } from './api.js';
import * as accounts from './handlers/accounts.js';
import * as children from './handlers/children.js';
import * as groups from './handlers/groups.js';
import * as provider from './handlers/provider.js';
import * as providers from './handlers/resource-providers.js';
import * as resources from './handlers/resources.js';
import * as subscriptions from './handlers/subscriptions.js';
import { AUTHORIZATION_ROUTES } from './authorization/routes.js';
import { STORAGE_ROUTES } from './storage/routes.js';

/** Which provider's api-version rules apply to a route. */
export type Provider = 'resources' | 'subscriptions' | 'datalake' | 'storage' | 'authorization';

export interface Route {
  /** Fixed segments match case-insensitively; `{name}` captures one segment; `{name:a|b}` only those (any case). */
  pattern: string;
  provider: Provider;
  /** Resource type for RBAC action names in 403 messages. */
  type: string;
  methods: Partial<Record<string, Handler>>;
  /**
   * Who may call: by default the owner of the path's subscription (403 otherwise); `caller` lets any signed-in
   * principal through and leaves visibility to the handler (subscription get/list answer 404 / an empty list).
   */
  access?: 'caller';
}

const DLS = '/subscriptions/{s}/providers/microsoft.datalakestore';
const ACCOUNT = '/subscriptions/{s}/resourcegroups/{rg}/providers/microsoft.datalakestore/accounts/{a}';
const RG_TYPE = 'Microsoft.Resources/subscriptions/resourceGroups';
const ACCOUNT_TYPE = 'Microsoft.DataLakeStore/accounts';

const SUB_TYPE = 'Microsoft.Resources/subscriptions';

/** The management endpoint index of management-api.md §2, then the generic Resource Manager surface. */
export const ROUTES: Route[] = [
  { pattern: '/subscriptions', provider: 'subscriptions', type: SUB_TYPE, methods: { GET: subscriptions.listSubscriptions } },
  { pattern: '/subscriptions/{s}', provider: 'subscriptions', type: SUB_TYPE, access: 'caller', methods: { GET: subscriptions.getSubscription } },
  { pattern: '/subscriptions/{s}/locations', provider: 'subscriptions', type: `${SUB_TYPE}/locations`, methods: { GET: subscriptions.listLocations } },
  { pattern: '/tenants', provider: 'subscriptions', type: 'Microsoft.Resources/tenants', methods: { GET: subscriptions.listTenants } },
  { pattern: '/subscriptions/{s}/resources', provider: 'resources', type: `${SUB_TYPE}/resources`, methods: { GET: resources.listResources } },
  { pattern: '/subscriptions/{s}/resourcegroups/{rg}/resources', provider: 'resources', type: `${RG_TYPE}/resources`, methods: { GET: resources.listGroupResources } },
  { pattern: '/subscriptions/{s}/providers', provider: 'resources', type: `${SUB_TYPE}/providers`, methods: { GET: providers.listProviders } },
  { pattern: '/subscriptions/{s}/providers/{ns}', provider: 'resources', type: `${SUB_TYPE}/providers`, methods: { GET: providers.getProvider } },
  { pattern: '/subscriptions/{s}/providers/{ns}/register', provider: 'resources', type: `${SUB_TYPE}/providers/register`, methods: { POST: providers.registerProvider } },
  { pattern: '/subscriptions/{s}/providers/{ns}/unregister', provider: 'resources', type: `${SUB_TYPE}/providers/unregister`, methods: { POST: providers.unregisterProvider } },
  { pattern: '/providers', provider: 'resources', type: 'Microsoft.Resources/providers', methods: { GET: providers.listTenantProviders } },
  { pattern: '/providers/{ns}', provider: 'resources', type: 'Microsoft.Resources/providers', methods: { GET: providers.getTenantProvider } },
  { pattern: '/subscriptions/{s}/resourcegroups', provider: 'resources', type: RG_TYPE, methods: { GET: groups.listGroups } },
  {
    pattern: '/subscriptions/{s}/resourcegroups/{rg}', provider: 'resources', type: RG_TYPE,
    methods: { PUT: groups.createOrUpdateGroup, GET: groups.getGroup, HEAD: groups.groupExists, PATCH: groups.patchGroup, DELETE: groups.deleteGroup },
  },
  { pattern: '/subscriptions/{s}/operationresults/{op}', provider: 'resources', type: RG_TYPE, methods: { GET: groups.groupOperationResult } },
  { pattern: '/providers/microsoft.datalakestore/operations', provider: 'datalake', type: 'Microsoft.DataLakeStore/operations', methods: { GET: provider.listOperations } },
  { pattern: `${DLS}/accounts`, provider: 'datalake', type: ACCOUNT_TYPE, methods: { GET: accounts.listAccounts } },
  { pattern: `${DLS}/locations/{loc}/capability`, provider: 'datalake', type: 'Microsoft.DataLakeStore/locations/capability', methods: { GET: provider.getCapability } },
  { pattern: `${DLS}/locations/{loc}/usages`, provider: 'datalake', type: 'Microsoft.DataLakeStore/locations/usages', methods: { GET: provider.getUsages } },
  { pattern: `${DLS}/locations/{loc}/checknameavailability`, provider: 'datalake', type: 'Microsoft.DataLakeStore/locations/checkNameAvailability', methods: { POST: accounts.checkNameAvailability } },
  { pattern: `${DLS}/locations/{loc}/operationresults/{op}`, provider: 'datalake', type: 'Microsoft.DataLakeStore/locations/operationResults', methods: { GET: accounts.accountOperationStatus } },
  { pattern: `${DLS}/locations/{loc}/deletevirtualnetworkorsubnets`, provider: 'datalake', type: 'Microsoft.DataLakeStore/locations', methods: { POST: provider.deleteVirtualNetworkOrSubnets } },
  { pattern: '/subscriptions/{s}/resourcegroups/{rg}/providers/microsoft.datalakestore/accounts', provider: 'datalake', type: ACCOUNT_TYPE, methods: { GET: accounts.listAccountsByGroup } },
  {
    pattern: ACCOUNT, provider: 'datalake', type: ACCOUNT_TYPE,
    methods: { PUT: accounts.createAccount, GET: accounts.getAccount, HEAD: accounts.accountExists, PATCH: accounts.updateAccount, DELETE: accounts.deleteAccount },
  },
  { pattern: `${ACCOUNT}/enablekeyvault`, provider: 'datalake', type: `${ACCOUNT_TYPE}/enableKeyVault`, methods: { POST: accounts.enableKeyVault } },
  { pattern: `${ACCOUNT}/operationresults/{n}`, provider: 'datalake', type: `${ACCOUNT_TYPE}/operationResults`, methods: { GET: accounts.accountOperationResult } },
  {
    pattern: `${ACCOUNT}/{collection:firewallrules|virtualnetworkrules|trustedidproviders}`, provider: 'datalake', type: ACCOUNT_TYPE,
    methods: { GET: children.listChildren },
  },
  {
    pattern: `${ACCOUNT}/{collection:firewallrules|virtualnetworkrules|trustedidproviders}/{child}`, provider: 'datalake', type: ACCOUNT_TYPE,
    methods: { PUT: children.putChild, GET: children.getChild, HEAD: children.childExists, PATCH: children.patchChild, DELETE: children.deleteChild },
  },
  ...STORAGE_ROUTES,
  ...AUTHORIZATION_ROUTES,
];

interface Compiled { route: Route; segments: { fixed?: string; param?: string; only?: string[] }[] }

const compiled: Compiled[] = ROUTES.map((route) => ({
  route,
  segments: route.pattern.split('/').slice(1).map((seg) => {
    const m = /^\{(\w+)(?::([\w|]+))?\}$/.exec(seg);
    return m ? { param: m[1], only: m[2]?.split('|') } : { fixed: seg };
  }),
}));

/** Finds the route for a raw (percent-encoded) path; one trailing slash is tolerated. */
export function matchRoute(rawPath: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = rawPath.replace(/\/$/, '').split('/').slice(1);
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  for (const c of compiled) {
    if (c.segments.length !== decoded.length) continue;
    const params: Record<string, string> = {};
    const ok = c.segments.every((seg, i) => {
      const v = decoded[i];
      if (seg.fixed !== undefined) return seg.fixed === v.toLowerCase();
      if (v === '' || (seg.only && !seg.only.includes(v.toLowerCase()))) return false;
      params[seg.param!] = v;
      return true;
    });
    if (ok) return { route: c.route, params };
  }
  return undefined;
}
