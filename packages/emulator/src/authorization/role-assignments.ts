import { migrate, type Db, type Migration } from '../store/db.js';

/**
 * Role assignments (`Microsoft.Authorization/roleAssignments`): who holds which role at which scope. Resource
 * Manager creates, lists and deletes them; the Gen2 data plane reads them to grant data access (RBAC, checked
 * before ACLs as Azure does). Scopes are ARM resource ids, compared case-insensitively.
 */
export interface RoleAssignment {
  /** The assignment's GUID (the last segment of its id). */
  name: string;
  /** `/subscriptions/{s}`, `…/resourceGroups/{rg}`, a storage account or a container id. */
  scope: string;
  /** The GUID of the role definition. */
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description: string | null;
  createdBy: string;
  createdAt: number;
}

const migrations: Migration[] = [{
  id: 'authorization-001-role-assignments',
  sql: `
    CREATE TABLE authz_role_assignments (
      name TEXT PRIMARY KEY COLLATE NOCASE, scope TEXT NOT NULL COLLATE NOCASE, role_definition_id TEXT NOT NULL COLLATE NOCASE,
      principal_id TEXT NOT NULL COLLATE NOCASE, principal_type TEXT NOT NULL, description TEXT, created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL);
    CREATE INDEX authz_role_assignments_by_principal ON authz_role_assignments (principal_id, scope);
  `,
}];

interface Row {
  name: string; scope: string; role_definition_id: string; principal_id: string; principal_type: string;
  description: string | null; created_by: string; created_at: number;
}

const toAssignment = (r: Row): RoleAssignment => ({
  name: r.name, scope: r.scope, roleDefinitionId: r.role_definition_id, principalId: r.principal_id, principalType: r.principal_type,
  description: r.description, createdBy: r.created_by, createdAt: r.created_at,
});

/** `scope` equals `ancestor` or lies below it (case-insensitive resource ids). */
export function isWithin(scope: string, ancestor: string): boolean {
  const s = scope.toLowerCase(), a = ancestor.toLowerCase().replace(/\/$/, '');
  return s === a || s.startsWith(`${a}/`) || a === '';
}

export class RoleAssignmentRegistry {
  constructor(private readonly db: Db) {
    migrate(db, migrations);
  }

  get(name: string): RoleAssignment | undefined {
    const r = this.db.prepare('SELECT * FROM authz_role_assignments WHERE name = ?').get(name) as Row | undefined;
    return r && toAssignment(r);
  }

  /** The assignment of `roleDefinitionId` to `principalId` at exactly `scope`, whatever its name. */
  find(scope: string, roleDefinitionId: string, principalId: string): RoleAssignment | undefined {
    const r = this.db.prepare('SELECT * FROM authz_role_assignments WHERE scope = ? AND role_definition_id = ? AND principal_id = ?')
      .get(scope, roleDefinitionId, principalId) as Row | undefined;
    return r && toAssignment(r);
  }

  insert(a: RoleAssignment): RoleAssignment {
    this.db.prepare('INSERT INTO authz_role_assignments VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.name, a.scope, a.roleDefinitionId, a.principalId, a.principalType, a.description, a.createdBy, a.createdAt);
    return this.get(a.name)!;
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM authz_role_assignments WHERE name = ?').run(name).changes > 0;
  }

  /** Removes the assignments at `scope` and below it (the resource was deleted). */
  removeWithin(scope: string): void {
    for (const a of this.all()) if (isWithin(a.scope, scope)) this.remove(a.name);
  }

  all(): RoleAssignment[] {
    return (this.db.prepare('SELECT * FROM authz_role_assignments ORDER BY created_at, name').all() as Row[]).map(toAssignment);
  }

  /** The role definition ids `principalId` holds at any of `scopes` (a resource and its parents). */
  rolesOf(principalId: string, scopes: string[]): string[] {
    const rows = this.db.prepare('SELECT scope, role_definition_id FROM authz_role_assignments WHERE principal_id = ?')
      .all(principalId) as { scope: string; role_definition_id: string }[];
    const wanted = new Set(scopes.map((s) => s.toLowerCase()));
    return rows.filter((r) => wanted.has(r.scope.toLowerCase())).map((r) => r.role_definition_id);
  }
}
