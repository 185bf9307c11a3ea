import { ArmError } from '../errors.js';

/** Microsoft.Authorization's error codes and wording. */
export const authzErrors = {
  invalidAssignmentId: (name: string) =>
    new ArmError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`),
  roleDefinitionMissing: (id: string) =>
    new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`),
  roleDefinitionNotFound: (id: string) =>
    new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`),
  principalNotFound: (id: string, tenant: string) =>
    new ArmError(400, 'PrincipalNotFound', `Principal ${id.replace(/-/g, '')} does not exist in the directory ${tenant}. Check that you have the correct principal ID.`),
  invalidPrincipalId: () => new ArmError(400, 'InvalidPrincipalId', 'A valid principal ID must be provided for role assignment.'),
  exists: () => new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.'),
  updateNotPermitted: () =>
    new ArmError(409, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.'),
  assignmentNotFound: (name: string) => new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`),
  unsupportedFilter: (filter: string) =>
    new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters are either 'atScope()', 'principalId eq '{value}'' or 'assignedTo('{value}')'.`),
};
