import { BUILT_IN_ROLES } from '../../authorization/role-definitions.js';
import { isWithin, type RoleAssignment } from '../../authorization/role-assignments.js';
import { containerScope, groupScope, storageAccountScope, subscriptionScope } from '../../authorization/scopes.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { requireGroup } from '../handlers/groups.js';
import { page } from '../paging.js';
import { requireStorageAccount } from '../storage/accounts.js';
import { optObject, optString } from '../validate.js';
import { authzErrors } from './errors.js';
import { renderAssignment, renderDefinition, roleOfDefinitionId } from './render.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The scope a route names, as the canonical resource id (stored spellings of group and account): a subscription,
 * a resource group, a storage account or one of its containers. Missing groups and accounts are 404.
 */
function scopeOf(state: ManagementState, req: ArmRequest): string {
  const { s, rg, a, c } = req.params;
  if (rg === undefined) return subscriptionScope(s);
  const g = requireGroup(state, req);
  if (a === undefined) return groupScope(s, g.name);
  const account = requireStorageAccount(state, req);
  return c === undefined ? storageAccountScope(s, g.name, account.name) : containerScope(s, g.name, account.name, c);
}

export const putRoleAssignment: Handler = async (state, req) => {
  const scope = scopeOf(state, req);
  const name = req.params.ra;
  if (!GUID.test(name)) throw authzErrors.invalidAssignmentId(name);
  const props = optObject(await req.body(), 'properties') ?? {};
  const definitionId = optString(props, 'roleDefinitionId', 'properties.roleDefinitionId') ?? '';
  const role = roleOfDefinitionId(definitionId);
  if (!role) throw authzErrors.roleDefinitionMissing(definitionId.split('/').pop() ?? definitionId);
  const principalId = (optString(props, 'principalId', 'properties.principalId') ?? '').toLowerCase();
  if (!GUID.test(principalId)) throw authzErrors.invalidPrincipalId();
  const { core } = state;
  if (!core.directory.userByOid(principalId)) throw authzErrors.principalNotFound(principalId, core.directory.defaultTenant().id);
  const wanted: RoleAssignment = {
    name: name.toLowerCase(), scope, roleDefinitionId: role.id, principalId, principalType: optString(props, 'principalType', 'properties.principalType') ?? 'User',
    description: optString(props, 'description', 'properties.description') ?? null, createdBy: req.principal.oid, createdAt: core.options.now(),
  };
  const same = core.roleAssignments.get(name);
  if (same) {
    const unchanged = same.scope.toLowerCase() === scope.toLowerCase() && same.roleDefinitionId === role.id && same.principalId === principalId;
    if (!unchanged) throw authzErrors.updateNotPermitted();
    return req.reply.json(201, renderAssignment(same, req.params.s));
  }
  if (core.roleAssignments.find(scope, role.id, principalId)) throw authzErrors.exists();
  req.reply.json(201, renderAssignment(core.roleAssignments.insert(wanted), req.params.s));
};

/** The assignment of the path's name at the path's scope (404 RoleAssignmentNotFound otherwise). */
function assignmentAt(state: ManagementState, req: ArmRequest): RoleAssignment | undefined {
  const scope = scopeOf(state, req);
  const a = state.core.roleAssignments.get(req.params.ra);
  return a && a.scope.toLowerCase() === scope.toLowerCase() ? a : undefined;
}

export const getRoleAssignment: Handler = (state, req) => {
  const a = assignmentAt(state, req);
  if (!a) throw authzErrors.assignmentNotFound(req.params.ra);
  req.reply.json(200, renderAssignment(a, req.params.s));
};

/** DELETE: 200 with the removed assignment, 204 when there was none. */
export const deleteRoleAssignment: Handler = (state, req) => {
  const a = assignmentAt(state, req);
  if (!a) return req.reply.empty(204);
  state.core.roleAssignments.remove(a.name);
  req.reply.json(200, renderAssignment(a, req.params.s));
};

/** `atScope()`, `principalId eq '{id}'` and `assignedTo('{id}')`, joined by `and` (what Azure accepts). */
function parseAssignmentFilter(filter: string | null): { atScope: boolean; principalId?: string } {
  const out: { atScope: boolean; principalId?: string } = { atScope: false };
  if (filter === null || filter.trim() === '') return out;
  for (const term of filter.split(/\s+and\s+/i)) {
    const t = term.trim();
    let m: RegExpExecArray | null;
    if (/^atScope\(\)$/i.test(t)) out.atScope = true;
    else if ((m = /^principalId\s+eq\s+'([^']*)'$/i.exec(t)) || (m = /^assignedTo\('([^']*)'\)$/i.exec(t))) out.principalId = m[1].toLowerCase();
    else throw authzErrors.unsupportedFilter(filter);
  }
  return out;
}

/** The assignments that apply at the scope (there or above it) and, without `atScope()`, those below it too. */
export const listRoleAssignments: Handler = (state, req) => {
  const scope = scopeOf(state, req);
  const f = parseAssignmentFilter(req.query.get('$filter'));
  const sub = subscriptionScope(req.params.s);
  const items = state.core.roleAssignments.all().filter((a) => isWithin(a.scope, sub)
    && (isWithin(scope, a.scope) || (!f.atScope && isWithin(a.scope, scope)))
    && (f.principalId === undefined || a.principalId === f.principalId));
  req.reply.json(200, page(req, items, (a) => renderAssignment(a, req.params.s)));
};

export const getRoleDefinition: Handler = (state, req) => {
  scopeOf(state, req);
  const r = BUILT_IN_ROLES.find((d) => d.id === req.params.rd.toLowerCase());
  if (!r) throw authzErrors.roleDefinitionNotFound(req.params.rd);
  req.reply.json(200, renderDefinition(r, req.params.s));
};

/** Built-in roles; `$filter=roleName eq '…'` (how `az role assignment create --role NAME` resolves a name) or `type eq '…'`. */
export const listRoleDefinitions: Handler = (state, req) => {
  scopeOf(state, req);
  const filter = req.query.get('$filter') ?? '';
  const byName = /^roleName\s+eq\s+'([^']*)'$/i.exec(filter.trim());
  const byType = /^type\s+eq\s+'([^']*)'$/i.exec(filter.trim());
  const items = BUILT_IN_ROLES.filter((r) => (!byName || r.roleName.toLowerCase() === byName[1].toLowerCase())
    && (!byType || byType[1].toLowerCase() === 'builtinrole'));
  req.reply.json(200, { value: items.map((r) => renderDefinition(r, req.params.s)) });
};
