import { roleDefinition, type RoleDefinition } from '../../authorization/role-definitions.js';
import type { RoleAssignment } from '../../authorization/role-assignments.js';

const PROVIDER = '/providers/Microsoft.Authorization';

/** A built-in role's id as Azure shows it under a subscription. */
export const roleDefinitionId = (subscriptionId: string, guid: string) => `/subscriptions/${subscriptionId}${PROVIDER}/roleDefinitions/${guid}`;

const iso = (ms: number) => new Date(ms).toISOString();

export function renderAssignment(a: RoleAssignment, subscriptionId: string): unknown {
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(subscriptionId, a.roleDefinitionId), principalId: a.principalId, principalType: a.principalType,
      scope: a.scope, condition: null, conditionVersion: null, createdOn: iso(a.createdAt), updatedOn: iso(a.createdAt),
      createdBy: a.createdBy, updatedBy: a.createdBy, delegatedManagedIdentityResourceId: null, description: a.description,
    },
    id: `${a.scope}${PROVIDER}/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

/** Built-in roles carry Azure's fixed dates; createdBy/updatedBy are null for them. */
export function renderDefinition(r: RoleDefinition, subscriptionId: string): unknown {
  return {
    properties: {
      roleName: r.roleName, type: 'BuiltInRole', description: r.description, assignableScopes: ['/'],
      permissions: [{ actions: r.actions, notActions: [], dataActions: r.dataActions, notDataActions: r.notDataActions }],
      createdOn: '2017-12-21T00:01:24.7972312Z', updatedOn: '2021-11-11T20:13:55.0000000Z', createdBy: null, updatedBy: null,
    },
    id: roleDefinitionId(subscriptionId, r.id),
    type: 'Microsoft.Authorization/roleDefinitions',
    name: r.id,
  };
}

/** The role GUID of a roleDefinitionId in any spelling (a bare GUID, `/providers/…/{guid}`, `/subscriptions/…/{guid}`). */
export function roleOfDefinitionId(id: string): RoleDefinition | undefined {
  const guid = id.split('/').filter(Boolean).pop() ?? '';
  return roleDefinition(guid);
}
