/**
 * The built-in Azure roles the emulator knows: the three Blob data roles that grant access to Gen2 data
 * (ids, names and permissions as Azure publishes them in its built-in roles reference).
 */
export interface RoleDefinition {
  /** The role's GUID, the same in every tenant. */
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  dataActions: string[];
  notDataActions: string[];
  /** What the role grants on Gen2 data (gen2/auth/data-roles.ts). */
  dataAccess: DataAccess;
}

/** Gen2 data access through RBAC: `owner` is a super-user, `contributor` reads and writes, `reader` reads. */
export type DataAccess = 'owner' | 'contributor' | 'reader';

const CONTAINERS = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const BLOBS = `${CONTAINERS}/blobs`;

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', roleName: 'Storage Blob Data Owner', dataAccess: 'owner',
    description: 'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    actions: [`${CONTAINERS}/*`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOBS}/*`], notDataActions: [],
  },
  {
    id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', roleName: 'Storage Blob Data Contributor', dataAccess: 'contributor',
    description: 'Allows for read, write and delete access to Azure Storage blob containers and data',
    actions: [`${CONTAINERS}/delete`, `${CONTAINERS}/read`, `${CONTAINERS}/write`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOBS}/delete`, `${BLOBS}/read`, `${BLOBS}/write`, `${BLOBS}/move/action`, `${BLOBS}/add/action`],
    notDataActions: [],
  },
  {
    id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', roleName: 'Storage Blob Data Reader', dataAccess: 'reader',
    description: 'Allows for read access to Azure Storage blob containers and data',
    actions: [`${CONTAINERS}/read`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOBS}/read`], notDataActions: [],
  },
];

export const roleDefinition = (id: string): RoleDefinition | undefined => BUILT_IN_ROLES.find((r) => r.id === id.toLowerCase());
