import { DLS_API_VERSIONS, RESOURCES_API_VERSIONS, STORAGE_API_VERSIONS, SUBSCRIPTIONS_API_VERSIONS } from './api-versions.js';
import { GEN1_REGIONS } from './regions.js';

/** The resource providers the emulator serves and the resource types (with locations and api-versions) of each. */

export interface ResourceTypeInfo { resourceType: string; locations: string[]; apiVersions: readonly string[]; capabilities?: string }
export interface ProviderInfo {
  namespace: string;
  /** RegistrationFree providers are always Registered; RegistrationRequired ones follow register/unregister. */
  registrationPolicy: 'RegistrationRequired' | 'RegistrationFree';
  resourceTypes: ResourceTypeInfo[];
}

const REGIONS = GEN1_REGIONS.map((r) => r.displayName);
// Newest first, as Resource Manager lists them.
const newestFirst = (v: readonly string[]) => [...v].reverse();
const dls = (resourceType: string, regional = true, capabilities?: string): ResourceTypeInfo =>
  ({ resourceType, locations: regional ? REGIONS : [], apiVersions: newestFirst(DLS_API_VERSIONS), ...(capabilities ? { capabilities } : {}) });
const storage = (resourceType: string, regional = true, capabilities?: string): ResourceTypeInfo =>
  ({ resourceType, locations: regional ? REGIONS : [], apiVersions: newestFirst(STORAGE_API_VERSIONS), ...(capabilities ? { capabilities } : {}) });
const resources = (resourceType: string, versions: readonly string[] = RESOURCES_API_VERSIONS): ResourceTypeInfo =>
  ({ resourceType, locations: [], apiVersions: newestFirst(versions) });

export const PROVIDERS: readonly ProviderInfo[] = [
  {
    namespace: 'Microsoft.DataLakeStore',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: [
      dls('accounts', true, 'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity'),
      dls('accounts/firewallRules'),
      dls('accounts/virtualNetworkRules'),
      dls('accounts/trustedIdProviders'),
      dls('accounts/operationResults'),
      dls('locations'),
      dls('locations/operationResults'),
      dls('locations/checkNameAvailability'),
      dls('locations/capability'),
      dls('locations/usages'),
      dls('operations', false),
    ],
  },
  {
    namespace: 'Microsoft.Storage',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: [
      storage('storageAccounts', true, 'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity'),
      storage('checkNameAvailability', false),
      storage('locations', false),
      storage('locations/asyncoperations'),
      storage('locations/usages'),
    ],
  },
  {
    namespace: 'Microsoft.Resources',
    registrationPolicy: 'RegistrationFree',
    resourceTypes: [
      resources('resourceGroups'),
      resources('resources'),
      resources('operationresults'),
      resources('providers'),
      resources('subscriptions', SUBSCRIPTIONS_API_VERSIONS),
      resources('subscriptions/locations', SUBSCRIPTIONS_API_VERSIONS),
      resources('tenants', SUBSCRIPTIONS_API_VERSIONS),
    ],
  },
];

export const findProvider = (namespace: string) => PROVIDERS.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
