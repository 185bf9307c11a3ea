// Wire models of Microsoft.Resources resource groups and Microsoft.DataLakeStore 2016-11-01
// (spec/swagger/management/account.json). JSON stays nested (`properties`), as on the wire.

export type Tags = Record<string, string>;

export interface ResourceGroup {
  id: string;
  name: string;
  type: string;
  location: string;
  managedBy?: string;
  tags?: Tags;
  properties?: { provisioningState?: string };
}

export interface ResourceGroupCreateParameters {
  location: string;
  tags?: Tags;
  managedBy?: string;
}

export interface ResourceGroupUpdateParameters {
  tags?: Tags;
  managedBy?: string;
}

export type EnabledState = 'Enabled' | 'Disabled';
export type TierType = 'Consumption' | 'Commitment_1TB' | 'Commitment_10TB' | 'Commitment_100TB' | 'Commitment_500TB' | 'Commitment_1PB' | 'Commitment_5PB';
export type DataLakeStoreAccountStatus = 'Failed' | 'Creating' | 'Running' | 'Succeeded' | 'Patching' | 'Suspending' | 'Resuming' | 'Deleting' | 'Deleted' | 'Undeleting' | 'Canceled';

export interface KeyVaultMetaInfo {
  keyVaultResourceId: string;
  encryptionKeyName: string;
  encryptionKeyVersion: string;
}

export interface EncryptionConfig {
  type: 'ServiceManaged' | 'UserManaged';
  keyVaultMetaInfo?: KeyVaultMetaInfo;
}

export interface EncryptionIdentity {
  type: 'SystemAssigned';
  principalId?: string;
  tenantId?: string;
}

/** A child resource as returned by ARM (`id`, `name`, `type` plus its properties). */
export interface SubResource<P> {
  id?: string;
  name?: string;
  type?: string;
  properties?: P;
}

export interface FirewallRuleProperties { startIpAddress: string; endIpAddress: string }
export interface VirtualNetworkRuleProperties { subnetId: string; state?: string }
export interface TrustedIdProviderProperties { idProvider: string }

export type FirewallRule = SubResource<FirewallRuleProperties>;
export type VirtualNetworkRule = SubResource<VirtualNetworkRuleProperties>;
export type TrustedIdProvider = SubResource<TrustedIdProviderProperties>;

export interface CreateOrUpdateFirewallRuleParameters { properties: FirewallRuleProperties }
export interface UpdateFirewallRuleParameters { properties?: Partial<FirewallRuleProperties> }
export interface CreateOrUpdateVirtualNetworkRuleParameters { properties: { subnetId: string } }
export interface UpdateVirtualNetworkRuleParameters { properties?: { subnetId?: string } }
export interface CreateOrUpdateTrustedIdProviderParameters { properties: TrustedIdProviderProperties }
export interface UpdateTrustedIdProviderParameters { properties?: Partial<TrustedIdProviderProperties> }

export interface DataLakeStoreAccountPropertiesBasic {
  accountId?: string;
  provisioningState?: DataLakeStoreAccountStatus;
  state?: 'Active' | 'Suspended' | null;
  creationTime?: string;
  lastModifiedTime?: string;
  endpoint?: string | null;
}

export interface DataLakeStoreAccountProperties extends DataLakeStoreAccountPropertiesBasic {
  defaultGroup?: string;
  encryptionConfig?: EncryptionConfig;
  encryptionState?: EnabledState;
  encryptionProvisioningState?: 'Creating' | 'Succeeded';
  firewallRules?: FirewallRule[];
  virtualNetworkRules?: VirtualNetworkRule[];
  firewallState?: EnabledState;
  firewallAllowAzureIps?: EnabledState;
  firewallAllowDataLakeAnalytics?: string;
  trustedIdProviders?: TrustedIdProvider[];
  trustedIdProviderState?: EnabledState;
  newTier?: TierType;
  currentTier?: TierType;
  dataLakePerformanceTierState?: string;
}

/** A Data Lake Store account (GET / create / update responses). */
export interface DataLakeStoreAccount {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Tags;
  identity?: EncryptionIdentity;
  properties: DataLakeStoreAccountProperties;
}

/** A list item: the account without identity and with basic properties only. */
export interface DataLakeStoreAccountBasic {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Tags;
  properties: DataLakeStoreAccountPropertiesBasic;
}

export interface CreateDataLakeStoreAccountParameters {
  /** Required by ARM; clients default to `eastus2`. */
  location: string;
  tags?: Tags;
  identity?: { type: 'SystemAssigned' };
  properties?: {
    defaultGroup?: string;
    encryptionConfig?: EncryptionConfig;
    encryptionState?: EnabledState;
    firewallRules?: { name: string; properties: FirewallRuleProperties }[];
    virtualNetworkRules?: { name: string; properties: { subnetId: string } }[];
    firewallState?: EnabledState;
    firewallAllowAzureIps?: EnabledState;
    trustedIdProviders?: { name: string; properties: TrustedIdProviderProperties }[];
    trustedIdProviderState?: EnabledState;
    newTier?: TierType;
  };
}

export interface UpdateDataLakeStoreAccountParameters {
  tags?: Tags;
  properties?: {
    defaultGroup?: string;
    encryptionConfig?: { keyVaultMetaInfo?: { encryptionKeyVersion?: string } };
    firewallRules?: { name: string; properties?: Partial<FirewallRuleProperties> }[];
    virtualNetworkRules?: { name: string; properties?: { subnetId?: string } }[];
    firewallState?: EnabledState;
    firewallAllowAzureIps?: EnabledState;
    trustedIdProviders?: { name: string; properties?: Partial<TrustedIdProviderProperties> }[];
    trustedIdProviderState?: EnabledState;
    newTier?: TierType;
  };
}

export interface NameAvailabilityInformation {
  nameAvailable: boolean;
  reason?: string;
  message?: string;
}

/** One page of a list operation. */
export interface Page<T> {
  value: T[];
  nextLink?: string;
}
