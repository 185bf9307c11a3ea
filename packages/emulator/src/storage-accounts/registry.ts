import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Migration } from '../store/db.js';

/**
 * Storage accounts (Gen2: `Microsoft.Storage/storageAccounts` with a hierarchical namespace). Shared by Resource
 * Manager (which creates, updates and deletes them, and serves listKeys/regenerateKey) and the Gen2 data plane
 * (which routes by account name and verifies Shared Key and SAS signatures with `keys`).
 * `properties` holds the ARM properties object the management plane serves (JSON).
 */
export interface StorageAccountRecord {
  name: string;
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** Who created it (Azure AD object id); the development account's owner is the seeded MFA user. */
  ownerOid: string;
  kind: string;
  sku: string;
  /** Hierarchical namespace (ADLS Gen2). The data plane serves DFS calls only when it is on. */
  isHnsEnabled: boolean;
  /** key1 and key2, base64 of 64 random bytes each (what the service hands out). */
  keys: [string, string];
  provisioningState: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  createdAt: number;
  modifiedAt: number;
}

/**
 * The well-known development account: Azurite's published name and key, so connection strings written for
 * Azurite's `devstoreaccount1` (with our endpoints) work unchanged. Public on purpose: it is not a secret.
 */
export const DEV_STORAGE_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  resourceGroup: 'adls-emulator',
  location: 'eastus2',
} as const;

export const storageAccountMigrations: Migration[] = [{
  id: 'storage-accounts-001',
  sql: `
    CREATE TABLE storage_accounts (
      name TEXT PRIMARY KEY, id TEXT NOT NULL, subscription_id TEXT NOT NULL, resource_group TEXT NOT NULL COLLATE NOCASE,
      location TEXT NOT NULL, owner_oid TEXT NOT NULL, kind TEXT NOT NULL, sku TEXT NOT NULL, hns INTEGER NOT NULL,
      key1 TEXT NOT NULL, key2 TEXT NOT NULL, provisioning_state TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '{}',
      properties TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL);
    CREATE INDEX storage_accounts_by_group ON storage_accounts (subscription_id, resource_group);
  `,
}];

interface Row {
  name: string; id: string; subscription_id: string; resource_group: string; location: string; owner_oid: string;
  kind: string; sku: string; hns: number; key1: string; key2: string; provisioning_state: string; tags: string;
  properties: string; created_at: number; modified_at: number;
}

const toRecord = (r: Row): StorageAccountRecord => Object.freeze({
  name: r.name, id: r.id, subscriptionId: r.subscription_id, resourceGroup: r.resource_group, location: r.location,
  ownerOid: r.owner_oid, kind: r.kind, sku: r.sku, isHnsEnabled: r.hns === 1, keys: Object.freeze([r.key1, r.key2]) as [string, string],
  provisioningState: r.provisioning_state, tags: JSON.parse(r.tags), properties: JSON.parse(r.properties),
  createdAt: r.created_at, modifiedAt: r.modified_at,
});

/** A new account key: 64 random bytes, base64 (88 characters, like the service's). */
export const newStorageKey = (): string => randomBytes(64).toString('base64');

export type NewStorageAccount = Omit<StorageAccountRecord, 'id' | 'keys' | 'createdAt' | 'modifiedAt'> & { id?: string; keys?: [string, string] };

export class StorageAccountRegistry {
  private readonly byName;
  /** Every Gen2 request looks its account up (for its keys): records are cached and dropped on each write. */
  private readonly cache = new Map<string, StorageAccountRecord>();

  constructor(private readonly db: Db) {
    this.byName = db.prepare('SELECT * FROM storage_accounts WHERE name = ?');
  }

  get(name: string): StorageAccountRecord | undefined {
    const key = name.toLowerCase();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = this.byName.get(key) as Row | undefined;
    if (!r) return undefined;
    const record = toRecord(r);
    this.cache.set(key, record);
    return record;
  }

  list(filter: { subscriptionId?: string; resourceGroup?: string } = {}): StorageAccountRecord[] {
    const rows = this.db.prepare(`SELECT * FROM storage_accounts WHERE (@sub IS NULL OR subscription_id = @sub COLLATE NOCASE)
      AND (@rg IS NULL OR resource_group = @rg) ORDER BY name`).all({ sub: filter.subscriptionId ?? null, rg: filter.resourceGroup ?? null }) as Row[];
    return rows.map(toRecord);
  }

  insert(a: NewStorageAccount, now: number): StorageAccountRecord {
    const name = a.name.toLowerCase();
    this.cache.delete(name);
    const [key1, key2] = a.keys ?? [newStorageKey(), newStorageKey()];
    this.db.prepare('INSERT INTO storage_accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      name, a.id ?? randomUUID(), a.subscriptionId, a.resourceGroup, a.location, a.ownerOid, a.kind, a.sku,
      a.isHnsEnabled ? 1 : 0, key1, key2, a.provisioningState, JSON.stringify(a.tags), JSON.stringify(a.properties), now, now);
    return this.get(name)!;
  }

  update(name: string, patch: Partial<Pick<StorageAccountRecord, 'provisioningState' | 'tags' | 'properties' | 'location' | 'sku'>>, now: number): StorageAccountRecord | undefined {
    const cur = this.get(name);
    if (!cur) return undefined;
    const next = { ...cur, ...patch };
    this.cache.delete(cur.name);
    this.db.prepare('UPDATE storage_accounts SET provisioning_state = ?, tags = ?, properties = ?, location = ?, sku = ?, modified_at = ? WHERE name = ?')
      .run(next.provisioningState, JSON.stringify(next.tags), JSON.stringify(next.properties), next.location, next.sku, now, cur.name);
    return this.get(name);
  }

  /** Replaces key1 or key2 with a fresh key (regenerateKey); the other keeps working. */
  regenerateKey(name: string, which: 'key1' | 'key2', now: number): StorageAccountRecord | undefined {
    const cur = this.get(name);
    if (!cur) return undefined;
    this.cache.delete(cur.name);
    this.db.prepare(`UPDATE storage_accounts SET ${which === 'key1' ? 'key1' : 'key2'} = ?, modified_at = ? WHERE name = ?`).run(newStorageKey(), now, cur.name);
    return this.get(name);
  }

  remove(name: string): boolean {
    this.cache.delete(name.toLowerCase());
    return this.db.prepare('DELETE FROM storage_accounts WHERE name = ?').run(name.toLowerCase()).changes > 0;
  }
}
