import type { AccountRecord } from '../accounts/registry.js';
import { kindOf, renderChild, type StoredChild } from './children.js';

export type OnOff = 'Enabled' | 'Disabled';

export interface KeyVaultMetaInfo { keyVaultResourceId: string; encryptionKeyName: string; encryptionKeyVersion: string }
export interface EncryptionConfig { type: 'ServiceManaged' | 'UserManaged'; keyVaultMetaInfo?: KeyVaultMetaInfo }
export interface AccountIdentity { type: 'SystemAssigned'; principalId: string; tenantId: string }

/**
 * What the emulator keeps in `accounts.properties` (shared registry). Children are stored flat
 * (`{name, startIpAddress, endIpAddress}`): the data plane reads `firewallState` and `firewallRules` in that form.
 * `identity` is top-level in ARM but lives here so the registry needs no extra column.
 */
export interface StoredAccountProperties {
  firewallState: OnOff;
  firewallAllowAzureIps: OnOff;
  firewallAllowDataLakeAnalytics: OnOff;
  firewallRules: StoredChild[];
  virtualNetworkRules: StoredChild[];
  trustedIdProviderState: OnOff;
  trustedIdProviders: StoredChild[];
  encryptionState: OnOff;
  encryptionConfig?: EncryptionConfig;
  encryptionProvisioningState?: 'Creating' | 'Succeeded';
  currentTier: string;
  newTier: string;
  dataLakePerformanceTierState: OnOff;
  defaultGroup?: string;
  identity?: AccountIdentity;
}

export const TIERS = ['Consumption', 'Commitment_1TB', 'Commitment_10TB', 'Commitment_100TB', 'Commitment_500TB', 'Commitment_1PB', 'Commitment_5PB'] as const;

/** Fills the defaults of management-api.md §5.2 for anything missing (the default account is inserted with `{}`). */
export function storedProperties(raw: Record<string, unknown>): StoredAccountProperties {
  const p = raw as Partial<StoredAccountProperties>;
  const encryptionState = p.encryptionState ?? 'Enabled';
  return {
    ...p,
    firewallState: p.firewallState ?? 'Disabled',
    firewallAllowAzureIps: p.firewallAllowAzureIps ?? 'Disabled',
    firewallAllowDataLakeAnalytics: p.firewallAllowDataLakeAnalytics ?? 'Disabled',
    firewallRules: p.firewallRules ?? [],
    virtualNetworkRules: p.virtualNetworkRules ?? [],
    trustedIdProviderState: p.trustedIdProviderState ?? 'Disabled',
    trustedIdProviders: p.trustedIdProviders ?? [],
    encryptionState,
    ...(encryptionState === 'Enabled' ? { encryptionConfig: p.encryptionConfig ?? { type: 'ServiceManaged' } } : {}),
    currentTier: p.currentTier ?? p.newTier ?? 'Consumption',
    newTier: p.newTier ?? 'Consumption',
    dataLakePerformanceTierState: p.dataLakePerformanceTierState ?? 'Disabled',
  };
}

/** ARM's timestamp form: ISO-8601 UTC with 7 fractional digits. */
export const armTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

export const accountResourceId = (a: Pick<AccountRecord, 'subscriptionId' | 'name'>, resourceGroup: string) =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.DataLakeStore/accounts/${a.name}`;

/** Creating accounts have no state or endpoint yet (the real service sends explicit nulls). */
function lifecycle(a: AccountRecord, dataPlaneSuffix: string) {
  const ready = a.provisioningState !== 'Creating' && a.provisioningState !== 'Failed';
  return {
    provisioningState: a.provisioningState,
    state: ready ? 'Active' : null,
    endpoint: ready ? `${a.name}.${dataPlaneSuffix}` : null,
    accountId: a.id,
    creationTime: armTime(a.createdAt),
    lastModifiedTime: armTime(a.modifiedAt),
  };
}

/** `DataLakeStoreAccount` (§5.3). `resourceGroup` is the group's stored casing. */
export function renderAccount(a: AccountRecord, resourceGroup: string, dataPlaneSuffix: string): Record<string, unknown> {
  const p = storedProperties(a.properties);
  const id = accountResourceId(a, resourceGroup);
  const children = (c: 'firewallRules' | 'virtualNetworkRules' | 'trustedIdProviders') => p[c].map((x) => renderChild(kindOf(c), id, x));
  return {
    id, name: a.name, type: 'Microsoft.DataLakeStore/accounts', location: a.location,
    ...(Object.keys(a.tags).length ? { tags: a.tags } : {}),
    ...(p.identity ? { identity: p.identity } : {}),
    properties: {
      firewallState: p.firewallState,
      firewallAllowAzureIps: p.firewallAllowAzureIps,
      firewallAllowDataLakeAnalytics: p.firewallAllowDataLakeAnalytics,
      firewallRules: children('firewallRules'),
      virtualNetworkRules: children('virtualNetworkRules'),
      trustedIdProviderState: p.trustedIdProviderState,
      trustedIdProviders: children('trustedIdProviders'),
      encryptionState: p.encryptionState,
      ...(p.encryptionConfig ? { encryptionConfig: p.encryptionConfig } : {}),
      ...(p.encryptionProvisioningState ? { encryptionProvisioningState: p.encryptionProvisioningState } : {}),
      currentTier: p.currentTier,
      newTier: p.newTier,
      dataLakePerformanceTierState: p.dataLakePerformanceTierState,
      ...(p.defaultGroup !== undefined ? { defaultGroup: p.defaultGroup } : {}),
      ...lifecycle(a, dataPlaneSuffix),
    },
  };
}

/** `DataLakeStoreAccountBasic` (§5.4): list items. */
export function renderAccountBasic(a: AccountRecord, resourceGroup: string, dataPlaneSuffix: string): Record<string, unknown> {
  return {
    id: accountResourceId(a, resourceGroup), name: a.name, type: 'Microsoft.DataLakeStore/accounts', location: a.location,
    ...(Object.keys(a.tags).length ? { tags: a.tags } : {}),
    properties: lifecycle(a, dataPlaneSuffix),
  };
}
