import { randomUUID } from 'node:crypto';
import { buildChild, sameName, kindOf, type StoredChild } from './children.js';
import { TIERS, storedProperties, type EncryptionConfig, type OnOff, type StoredAccountProperties } from './account-model.js';
import { armErrors } from './errors.js';
import { asObject, optArray, optEnum, optObject, optString, optTags, requireLocation, type Json } from './validate.js';

const ON_OFF: readonly OnOff[] = ['Enabled', 'Disabled'];
type Collection = 'firewallRules' | 'virtualNetworkRules' | 'trustedIdProviders';
const COLLECTIONS: readonly Collection[] = ['firewallRules', 'virtualNetworkRules', 'trustedIdProviders'];

/** A parsed `CreateDataLakeStoreAccountParameters` body (§5.2). Read-only and unknown fields are ignored. */
export interface CreateRequest {
  location: string;
  tags?: Record<string, string>;
  wantsIdentity: boolean;
  properties: StoredAccountProperties;
}

function keyVaultMetaInfo(o: Json, path: string) {
  const kv = optObject(o, 'keyVaultMetaInfo', `${path}.keyVaultMetaInfo`);
  if (!kv) return undefined;
  const field = (k: string) => {
    const v = optString(kv, k, `${path}.keyVaultMetaInfo.${k}`);
    if (!v) throw armErrors.invalidContent(`'${path}.keyVaultMetaInfo.${k}' is required.`);
    return v;
  };
  return { keyVaultResourceId: field('keyVaultResourceId'), encryptionKeyName: field('encryptionKeyName'), encryptionKeyVersion: field('encryptionKeyVersion') };
}

/** Children given inline in a create or update body; on update `existing` supplies omitted properties. */
function children(props: Json, c: Collection, existing: StoredChild[]): StoredChild[] | undefined {
  const items = optArray(props, c, `properties.${c}`);
  if (!items) return undefined;
  const out: StoredChild[] = [];
  for (const [i, raw] of items.entries()) {
    const item = asObject(raw, `properties.${c}[${i}]`);
    const name = optString(item, 'name', `properties.${c}[${i}].name`);
    if (!name) throw armErrors.invalidContent(`'properties.${c}[${i}].name' is required.`);
    if (out.some((x) => sameName(x.name, name))) throw armErrors.invalidContent(`duplicate name '${name}' in 'properties.${c}'.`);
    out.push(buildChild(kindOf(c), name, item.properties, existing.find((x) => sameName(x.name, name))));
  }
  return out;
}

/** Settings shared by create and update: the on/off switches, tier and default group. */
function switches(props: Json): Partial<StoredAccountProperties> {
  const out: Partial<StoredAccountProperties> = {};
  const set = <K extends keyof StoredAccountProperties>(k: K, v: StoredAccountProperties[K] | undefined) => { if (v !== undefined) out[k] = v; };
  set('firewallState', optEnum(props, 'firewallState', ON_OFF, 'properties.firewallState'));
  set('firewallAllowAzureIps', optEnum(props, 'firewallAllowAzureIps', ON_OFF, 'properties.firewallAllowAzureIps'));
  set('trustedIdProviderState', optEnum(props, 'trustedIdProviderState', ON_OFF, 'properties.trustedIdProviderState'));
  set('newTier', optEnum(props, 'newTier', TIERS, 'properties.newTier'));
  set('defaultGroup', optString(props, 'defaultGroup', 'properties.defaultGroup'));
  return out;
}

export function parseCreate(body: Json): CreateRequest {
  const location = requireLocation(body);
  const tags = optTags(body);
  const identity = optObject(body, 'identity');
  if (identity) optEnum(identity, 'type', ['SystemAssigned'] as const, 'identity.type');
  const props = optObject(body, 'properties') ?? {};

  const encryptionState = optEnum(props, 'encryptionState', ON_OFF, 'properties.encryptionState') ?? 'Enabled';
  let encryptionConfig: EncryptionConfig | undefined;
  const enc = optObject(props, 'encryptionConfig', 'properties.encryptionConfig');
  if (enc) {
    const type = optEnum(enc, 'type', ['ServiceManaged', 'UserManaged'] as const, 'properties.encryptionConfig.type');
    if (!type) throw armErrors.invalidContent("'properties.encryptionConfig.type' is required.");
    const kv = keyVaultMetaInfo(enc, 'properties.encryptionConfig');
    if (type === 'UserManaged' && !kv) throw armErrors.invalidContent("'properties.encryptionConfig.keyVaultMetaInfo' is required for UserManaged encryption.");
    encryptionConfig = { type, ...(type === 'UserManaged' ? { keyVaultMetaInfo: kv } : {}) };
  }
  const tier = optEnum(props, 'newTier', TIERS, 'properties.newTier') ?? 'Consumption';
  const properties = storedProperties({
    ...switches(props),
    encryptionState,
    ...(encryptionState === 'Enabled' ? { encryptionConfig: encryptionConfig ?? { type: 'ServiceManaged' } } : {}),
    ...(encryptionConfig?.type === 'UserManaged' ? { encryptionProvisioningState: 'Succeeded' } : {}),
    currentTier: tier,
    newTier: tier,
    firewallRules: children(props, 'firewallRules', []) ?? [],
    virtualNetworkRules: children(props, 'virtualNetworkRules', []) ?? [],
    trustedIdProviders: children(props, 'trustedIdProviders', []) ?? [],
  });
  return { location, tags, wantsIdentity: !!identity, properties };
}

export const newIdentity = (tenantId: string) => ({ type: 'SystemAssigned' as const, principalId: randomUUID(), tenantId });

/**
 * Applies an `UpdateDataLakeStoreAccountParameters` body (§5.5 A3) to the current properties. Child arrays
 * replace the set; `currentTier` never changes on update (a new tier takes effect next month).
 */
export function applyUpdate(body: Json, current: StoredAccountProperties): { tags?: Record<string, string>; properties: StoredAccountProperties } {
  const tags = optTags(body);
  const props = optObject(body, 'properties') ?? {};
  const next: StoredAccountProperties = { ...current, ...switches(props) };
  for (const c of COLLECTIONS) {
    const replaced = children(props, c, current[c]);
    if (replaced) next[c] = replaced;
  }
  const enc = optObject(props, 'encryptionConfig', 'properties.encryptionConfig');
  const kv = enc && optObject(enc, 'keyVaultMetaInfo', 'properties.encryptionConfig.keyVaultMetaInfo');
  const version = kv && optString(kv, 'encryptionKeyVersion', 'properties.encryptionConfig.keyVaultMetaInfo.encryptionKeyVersion');
  // Key rotation only means something for user-managed keys; elsewhere it is ignored like other read-only input.
  if (version && current.encryptionConfig?.type === 'UserManaged' && current.encryptionConfig.keyVaultMetaInfo) {
    next.encryptionConfig = { type: 'UserManaged', keyVaultMetaInfo: { ...current.encryptionConfig.keyVaultMetaInfo, encryptionKeyVersion: version } };
  }
  return { tags, properties: next };
}
