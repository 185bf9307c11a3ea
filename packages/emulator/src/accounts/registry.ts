import { randomUUID } from 'node:crypto';
import type { Db, Migration } from '../store/db.js';

/**
 * Data Lake Store accounts: shared by the management plane (which creates, updates and deletes them)
 * and the data plane (which routes by account name and enforces the firewall).
 * `properties` holds the ARM properties object the management plane serves (JSON).
 */
export interface AccountRecord {
  name: string;
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  ownerOid: string;
  provisioningState: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  createdAt: number;
  modifiedAt: number;
}

export const accountMigrations: Migration[] = [{
  id: 'accounts-001',
  sql: `
    CREATE TABLE accounts (
      name TEXT PRIMARY KEY, id TEXT NOT NULL, subscription_id TEXT NOT NULL, resource_group TEXT NOT NULL COLLATE NOCASE,
      location TEXT NOT NULL, owner_oid TEXT NOT NULL, provisioning_state TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '{}',
      properties TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL);
    CREATE INDEX accounts_by_group ON accounts (subscription_id, resource_group);
  `,
}];

interface Row {
  name: string; id: string; subscription_id: string; resource_group: string; location: string; owner_oid: string;
  provisioning_state: string; tags: string; properties: string; created_at: number; modified_at: number;
}

const toRecord = (r: Row): AccountRecord => ({
  name: r.name, id: r.id, subscriptionId: r.subscription_id, resourceGroup: r.resource_group, location: r.location,
  ownerOid: r.owner_oid, provisioningState: r.provisioning_state, tags: JSON.parse(r.tags), properties: JSON.parse(r.properties),
  createdAt: r.created_at, modifiedAt: r.modified_at,
});

/**
 * Freezes a JSON-shaped value and everything reachable from it (records come from JSON: no cycles), so that the
 * cached record handed to every caller (firewall rules included) cannot be changed behind the cache's back.
 */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

export class AccountRegistry {
  private readonly byName;
  /** Every data-plane request looks its account up: records are cached (frozen) and dropped on each write. */
  private readonly cache = new Map<string, AccountRecord>();

  constructor(private readonly db: Db) {
    this.byName = db.prepare('SELECT * FROM accounts WHERE name = ?');
  }

  get(name: string): AccountRecord | undefined {
    const key = name.toLowerCase();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = this.byName.get(key) as Row | undefined;
    if (!r) return undefined;
    const record = deepFreeze(toRecord(r));
    this.cache.set(key, record);
    return record;
  }

  list(filter: { subscriptionId?: string; resourceGroup?: string } = {}): AccountRecord[] {
    // Named parameters: better-sqlite3 rejects repeated numbered ones (?1 ... ?1) as "too many parameter values".
    const rows = this.db.prepare(`SELECT * FROM accounts WHERE (@sub IS NULL OR subscription_id = @sub COLLATE NOCASE)
      AND (@rg IS NULL OR resource_group = @rg) ORDER BY name`).all({ sub: filter.subscriptionId ?? null, rg: filter.resourceGroup ?? null }) as Row[];
    return rows.map(toRecord);
  }

  insert(a: Omit<AccountRecord, 'id' | 'createdAt' | 'modifiedAt'> & { id?: string }, now: number): AccountRecord {
    this.cache.delete(a.name.toLowerCase());
    this.db.prepare(`INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      a.name.toLowerCase(), a.id ?? randomUUID(), a.subscriptionId, a.resourceGroup, a.location, a.ownerOid,
      a.provisioningState, JSON.stringify(a.tags), JSON.stringify(a.properties), now, now);
    return this.get(a.name)!;
  }

  update(name: string, patch: Partial<Pick<AccountRecord, 'provisioningState' | 'tags' | 'properties' | 'location'>>, now: number): AccountRecord | undefined {
    const cur = this.get(name);
    if (!cur) return undefined;
    const next = { ...cur, ...patch };
    this.cache.delete(cur.name);
    this.db.prepare('UPDATE accounts SET provisioning_state = ?, tags = ?, properties = ?, location = ?, modified_at = ? WHERE name = ?')
      .run(next.provisioningState, JSON.stringify(next.tags), JSON.stringify(next.properties), next.location, now, cur.name);
    return this.get(name);
  }

  remove(name: string): boolean {
    this.cache.delete(name.toLowerCase());
    return this.db.prepare('DELETE FROM accounts WHERE name = ?').run(name.toLowerCase()).changes > 0;
  }
}
