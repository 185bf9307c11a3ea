// Wire models of Microsoft.Storage storage accounts (the subset the emulator serves). JSON stays nested
// (`properties`), as on the wire.
import type { Tags } from './models.js';

export type StorageSkuName =
  | 'Standard_LRS' | 'Standard_GRS' | 'Standard_RAGRS' | 'Standard_ZRS' | 'Premium_LRS' | 'Premium_ZRS' | 'Standard_GZRS' | 'Standard_RAGZRS';
export type StorageKind = 'Storage' | 'StorageV2' | 'BlobStorage' | 'FileStorage' | 'BlockBlobStorage';
export type StorageAccessTier = 'Hot' | 'Cool' | 'Cold' | 'Premium';
export type StorageKeyName = 'key1' | 'key2';

/** Settings that can be given at creation and changed later. */
export interface StorageAccountSettings {
  accessTier?: StorageAccessTier;
  supportsHttpsTrafficOnly?: boolean;
  minimumTlsVersion?: 'TLS1_0' | 'TLS1_1' | 'TLS1_2' | 'TLS1_3';
  allowBlobPublicAccess?: boolean;
  /** False refuses Shared Key (and SAS signed with a key) on the data plane: Azure AD only. */
  allowSharedKeyAccess?: boolean;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
}

export interface StorageAccountCreateParameters {
  location: string;
  sku: { name: StorageSkuName };
  kind: StorageKind;
  tags?: Tags;
  /** `isHnsEnabled: true` makes it an ADLS Gen2 account (hierarchical namespace, DFS endpoint). */
  properties?: StorageAccountSettings & { isHnsEnabled?: boolean };
}

export interface StorageAccountUpdateParameters {
  tags?: Tags;
  sku?: { name: StorageSkuName };
  properties?: StorageAccountSettings;
}

export interface StorageAccount {
  id: string;
  name: string;
  type: string;
  location: string;
  kind: StorageKind;
  sku: { name: StorageSkuName; tier: 'Standard' | 'Premium' };
  tags?: Tags;
  properties: StorageAccountSettings & {
    provisioningState: 'Creating' | 'ResolvingDNS' | 'Succeeded' | string;
    isHnsEnabled?: boolean;
    creationTime?: string;
    primaryLocation?: string;
    statusOfPrimary?: string;
    /** Data-plane endpoints, each ending with '/'. */
    primaryEndpoints: { dfs?: string; blob?: string; queue?: string; table?: string; file?: string; web?: string };
    keyCreationTime?: { key1?: string; key2?: string };
  };
}

/** One access key. `value` is a secret: never log it. */
export interface StorageAccountKey {
  keyName: StorageKeyName;
  value: string;
  permissions: 'FULL' | 'READ';
  creationTime?: string;
}

export interface StorageNameAvailability {
  nameAvailable: boolean;
  reason?: 'AccountNameInvalid' | 'AlreadyExists';
  message?: string;
}
