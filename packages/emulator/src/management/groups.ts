import type { Db } from '../store/db.js';

/** A resource group as stored; `name` keeps the casing it was created with. */
export interface ResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  managedBy?: string;
  createdAt: number;
}

interface Row { subscription_id: string; name: string; location: string; tags: string; managed_by: string | null; created_at: number }

const toGroup = (r: Row): ResourceGroup => ({
  subscriptionId: r.subscription_id, name: r.name, location: r.location, tags: JSON.parse(r.tags),
  ...(r.managed_by ? { managedBy: r.managed_by } : {}), createdAt: r.created_at,
});

/** Resource groups per subscription; names are unique case-insensitively (COLLATE NOCASE). */
export class ResourceGroupStore {
  constructor(private readonly db: Db) {}

  get(subscriptionId: string, name: string): ResourceGroup | undefined {
    const r = this.db.prepare('SELECT * FROM mgmt_resource_groups WHERE subscription_id = ? AND name = ?').get(subscriptionId, name) as Row | undefined;
    return r && toGroup(r);
  }

  list(subscriptionId: string): ResourceGroup[] {
    return (this.db.prepare('SELECT * FROM mgmt_resource_groups WHERE subscription_id = ? ORDER BY name').all(subscriptionId) as Row[]).map(toGroup);
  }

  insert(g: ResourceGroup): ResourceGroup {
    this.db.prepare('INSERT INTO mgmt_resource_groups VALUES (?, ?, ?, ?, ?, ?)')
      .run(g.subscriptionId, g.name, g.location, JSON.stringify(g.tags), g.managedBy ?? null, g.createdAt);
    return this.get(g.subscriptionId, g.name)!;
  }

  update(subscriptionId: string, name: string, patch: { tags?: Record<string, string>; managedBy?: string }): ResourceGroup | undefined {
    const cur = this.get(subscriptionId, name);
    if (!cur) return undefined;
    this.db.prepare('UPDATE mgmt_resource_groups SET tags = ?, managed_by = ? WHERE subscription_id = ? AND name = ?')
      .run(JSON.stringify(patch.tags ?? cur.tags), patch.managedBy ?? cur.managedBy ?? null, subscriptionId, name);
    return this.get(subscriptionId, name);
  }

  remove(subscriptionId: string, name: string): boolean {
    return this.db.prepare('DELETE FROM mgmt_resource_groups WHERE subscription_id = ? AND name = ?').run(subscriptionId, name).changes > 0;
  }
}
