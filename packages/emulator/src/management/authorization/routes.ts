import type { Route } from '../routes.js';
import * as h from './handlers.js';

const SCOPES = [
  '/subscriptions/{s}',
  '/subscriptions/{s}/resourcegroups/{rg}',
  '/subscriptions/{s}/resourcegroups/{rg}/providers/microsoft.storage/storageaccounts/{a}',
  '/subscriptions/{s}/resourcegroups/{rg}/providers/microsoft.storage/storageaccounts/{a}/blobservices/default/containers/{c}',
];
const ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
const DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

/**
 * Microsoft.Authorization role assignments and (built-in) role definitions at a subscription, a resource group, a
 * storage account or a container. Managing them needs the subscription's owner, as every other route here.
 */
export const AUTHORIZATION_ROUTES: Route[] = SCOPES.flatMap((scope): Route[] => [
  { pattern: `${scope}/providers/microsoft.authorization/roleassignments`, provider: 'authorization', type: ASSIGNMENT_TYPE, methods: { GET: h.listRoleAssignments } },
  {
    pattern: `${scope}/providers/microsoft.authorization/roleassignments/{ra}`, provider: 'authorization', type: ASSIGNMENT_TYPE,
    methods: { PUT: h.putRoleAssignment, GET: h.getRoleAssignment, DELETE: h.deleteRoleAssignment },
  },
  { pattern: `${scope}/providers/microsoft.authorization/roledefinitions`, provider: 'authorization', type: DEFINITION_TYPE, methods: { GET: h.listRoleDefinitions } },
  { pattern: `${scope}/providers/microsoft.authorization/roledefinitions/{rd}`, provider: 'authorization', type: DEFINITION_TYPE, methods: { GET: h.getRoleDefinition } },
]);
