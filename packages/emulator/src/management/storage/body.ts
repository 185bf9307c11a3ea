import { armErrors } from '../errors.js';
import { optEnum, optObject, optTags, requireLocation, type Json } from '../validate.js';
import { storageErrors } from './errors.js';
import { ACCESS_TIERS, NETWORK_ACCESS, TLS_VERSIONS, type StoredStorageProperties } from './model.js';

/** Request bodies of storage-account create (StorageAccountCreateParameters) and update (…UpdateParameters). */

export const SKUS = [
  'Standard_LRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_ZRS', 'Premium_LRS', 'Premium_ZRS', 'Standard_GZRS', 'Standard_RAGZRS',
] as const;
export const KINDS = ['Storage', 'StorageV2', 'BlobStorage', 'FileStorage', 'BlockBlobStorage'] as const;
/** Kinds on which a hierarchical namespace (ADLS Gen2) can be enabled. */
const HNS_KINDS: readonly string[] = ['StorageV2', 'BlockBlobStorage'];

export interface CreateStorageRequest {
  location: string;
  sku: string;
  kind: string;
  isHnsEnabled: boolean;
  tags: Record<string, string>;
  settings: Partial<StoredStorageProperties>;
}

function optBoolean(o: Json, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw armErrors.invalidContent(`'${path}' must be a boolean.`);
  return v;
}

/** The settable properties present in `properties` (create and update share them). */
function settings(props: Json): Partial<StoredStorageProperties> {
  const out: Partial<StoredStorageProperties> = {};
  const set = <K extends keyof StoredStorageProperties>(k: K, v: StoredStorageProperties[K] | undefined) => { if (v !== undefined) out[k] = v; };
  set('accessTier', optEnum(props, 'accessTier', ACCESS_TIERS, 'properties.accessTier'));
  set('minimumTlsVersion', optEnum(props, 'minimumTlsVersion', TLS_VERSIONS, 'properties.minimumTlsVersion'));
  set('publicNetworkAccess', optEnum(props, 'publicNetworkAccess', NETWORK_ACCESS, 'properties.publicNetworkAccess'));
  for (const k of ['supportsHttpsTrafficOnly', 'allowBlobPublicAccess', 'allowSharedKeyAccess'] as const) {
    set(k, optBoolean(props, k, `properties.${k}`));
  }
  return out;
}

function sku(body: Json): string | undefined {
  const s = optObject(body, 'sku');
  return s && optEnum(s, 'name', SKUS, 'sku.name');
}

export function parseCreateStorage(body: Json): CreateStorageRequest {
  const location = requireLocation(body);
  const skuName = sku(body);
  if (!skuName) throw storageErrors.missingProperty('sku');
  const kind = optEnum(body, 'kind', KINDS, 'kind');
  if (!kind) throw storageErrors.missingProperty('kind');
  const props = optObject(body, 'properties') ?? {};
  const isHnsEnabled = optBoolean(props, 'isHnsEnabled', 'properties.isHnsEnabled') ?? false;
  if (isHnsEnabled && !HNS_KINDS.includes(kind)) {
    throw storageErrors.invalidValue(`Hierarchical namespace (isHnsEnabled) is only supported on StorageV2 and BlockBlobStorage accounts, not on '${kind}'.`);
  }
  return { location, sku: skuName, kind, isHnsEnabled, tags: optTags(body) ?? {}, settings: settings(props) };
}

/** A PATCH: tags replace the set when given; `sku` may change; settable properties merge. */
export function parseUpdateStorage(body: Json): { tags?: Record<string, string>; sku?: string; settings: Partial<StoredStorageProperties> } {
  const props = optObject(body, 'properties') ?? {};
  const skuName = sku(body);
  const tags = optTags(body);
  return { ...(tags ? { tags } : {}), ...(skuName ? { sku: skuName } : {}), settings: settings(props) };
}
