import type { StorageAccountRecord } from '../../storage-accounts/registry.js';
import { isPublicManagementHost } from '../../proxy/public-hosts.js';
import { armTime } from '../account-model.js';

/** The ARM view of a storage account (`Microsoft.Storage/storageAccounts`, StorageAccount in the storage RP's spec). */

export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

export const ACCESS_TIERS = ['Hot', 'Cool', 'Cold', 'Premium'] as const;
export const TLS_VERSIONS = ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'] as const;
export const NETWORK_ACCESS = ['Enabled', 'Disabled'] as const;

/**
 * The settings the emulator keeps in the registry's `properties` (JSON). Only these can be set; everything else
 * the service reports (encryption, network rules) is fixed. `allowSharedKeyAccess` is what the data plane reads
 * to refuse Shared Key and SAS calls when it is false.
 */
export interface StoredStorageProperties {
  accessTier: (typeof ACCESS_TIERS)[number];
  supportsHttpsTrafficOnly: boolean;
  minimumTlsVersion: (typeof TLS_VERSIONS)[number];
  allowBlobPublicAccess: boolean;
  allowSharedKeyAccess: boolean;
  publicNetworkAccess: (typeof NETWORK_ACCESS)[number];
  /** When key1 and key2 were last (re)generated, clock ms. */
  keyCreationTime: { key1: number; key2: number };
}

/** Fills the defaults of a new StorageV2 account for anything missing (the development account is seeded with `{}`). */
export function storedStorageProperties(a: Pick<StorageAccountRecord, 'properties' | 'createdAt'>): StoredStorageProperties {
  const p = a.properties as Partial<StoredStorageProperties>;
  return {
    accessTier: p.accessTier ?? 'Hot',
    supportsHttpsTrafficOnly: p.supportsHttpsTrafficOnly ?? true,
    minimumTlsVersion: p.minimumTlsVersion ?? 'TLS1_2',
    allowBlobPublicAccess: p.allowBlobPublicAccess ?? false,
    allowSharedKeyAccess: p.allowSharedKeyAccess ?? true,
    publicNetworkAccess: p.publicNetworkAccess ?? 'Enabled',
    keyCreationTime: p.keyCreationTime ?? { key1: a.createdAt, key2: a.createdAt },
  };
}

export const storageAccountId = (a: Pick<StorageAccountRecord, 'subscriptionId' | 'resourceGroup' | 'name'>) =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/${STORAGE_ACCOUNT_TYPE}/${a.name}`;

/** Where the data plane is reached: the emulator's names and port, or Azure's public names when ARM was reached publicly. */
export interface EndpointBase { managementHost: string; dataPlaneSuffix: string; port: number }

/** `primaryEndpoints`: only the services the emulator serves (DFS and Blob), each with a trailing slash as Azure sends. */
export function primaryEndpoints(account: string, base: EndpointBase): { dfs: string; blob: string } {
  const at = (service: string) => isPublicManagementHost(base.managementHost)
    ? `https://${account}.${service}.core.windows.net/`
    : `https://${account}.${service}.${base.dataPlaneSuffix}:${base.port}/`;
  return { dfs: at('dfs'), blob: at('blob') };
}

/** `sku.tier`: Premium for the Premium_* SKUs, Standard otherwise. */
export const skuTier = (sku: string) => (sku.toLowerCase().startsWith('premium') ? 'Premium' : 'Standard');

export function renderStorageAccount(a: StorageAccountRecord, base: EndpointBase): Record<string, unknown> {
  const p = storedStorageProperties(a);
  const encrypted = { keyType: 'Account', enabled: true, lastEnabledTime: armTime(a.createdAt) };
  return {
    sku: { name: a.sku, tier: skuTier(a.sku) },
    kind: a.kind,
    id: storageAccountId(a),
    name: a.name,
    type: STORAGE_ACCOUNT_TYPE,
    location: a.location,
    tags: a.tags,
    properties: {
      keyCreationTime: { key1: armTime(p.keyCreationTime.key1), key2: armTime(p.keyCreationTime.key2) },
      privateEndpointConnections: [],
      minimumTlsVersion: p.minimumTlsVersion,
      allowBlobPublicAccess: p.allowBlobPublicAccess,
      allowSharedKeyAccess: p.allowSharedKeyAccess,
      publicNetworkAccess: p.publicNetworkAccess,
      isHnsEnabled: a.isHnsEnabled,
      networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' },
      supportsHttpsTrafficOnly: p.supportsHttpsTrafficOnly,
      encryption: { services: { file: encrypted, blob: encrypted }, keySource: 'Microsoft.Storage' },
      accessTier: p.accessTier,
      provisioningState: a.provisioningState,
      creationTime: armTime(a.createdAt),
      primaryEndpoints: primaryEndpoints(a.name, base),
      primaryLocation: a.location,
      statusOfPrimary: 'available',
    },
  };
}

/** `StorageAccountListKeysResult`: both keys with full permissions (listKeys and regenerateKey answer this). */
export function renderKeys(a: StorageAccountRecord): { keys: { keyName: string; value: string; permissions: 'FULL'; creationTime: string }[] } {
  const created = storedStorageProperties(a).keyCreationTime;
  return {
    keys: (['key1', 'key2'] as const).map((keyName, i) => ({
      keyName, value: a.keys[i], permissions: 'FULL' as const, creationTime: armTime(created[keyName]),
    })),
  };
}
