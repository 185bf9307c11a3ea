/**
 * Which SAS permissions each Gen2 operation needs (Azure Storage "Create a service SAS": permissions for a
 * directory, container or blob; "Create an account SAS": operations by signed resource type and permission).
 * Operations are named by their REST definitions' operationId (Blob and DFS), with the DFS actions that share
 * one operationId (`Path_Update`, `Path_GetProperties`, `Path_Create`) split out.
 */
export type SasPermission = 'r' | 'a' | 'c' | 'w' | 'd' | 'x' | 'y' | 'l' | 't' | 'f' | 'm' | 'e' | 'o' | 'p' | 'i';

/**
 * What an operation asks of a SAS. Each entry is a group of permission letters, any one of which satisfies
 * the group; every group must be satisfied. `null`: that kind of SAS cannot authorize the operation at all.
 */
export interface SasNeeds {
  service: string[] | null;
  account: string[] | null;
}

export type Gen2Operation =
  // Blob endpoint: account and containers
  | 'Service_ListContainersSegment' | 'Service_GetProperties' | 'Service_SetProperties' | 'Service_GetAccountInfo'
  | 'Service_GetUserDelegationKey'
  | 'Container_Create' | 'Container_GetProperties' | 'Container_Delete' | 'Container_SetMetadata'
  | 'Container_GetAccessPolicy' | 'Container_SetAccessPolicy' | 'Container_Lease'
  | 'Container_ListBlobFlatSegment' | 'Container_ListBlobHierarchySegment'
  // Blob endpoint: blobs
  | 'Blob_Download' | 'Blob_GetProperties' | 'Blob_Delete' | 'Blob_Undelete' | 'Blob_SetHTTPHeaders' | 'Blob_SetMetadata'
  | 'Blob_Lease' | 'Blob_BreakLease' | 'Blob_CreateSnapshot' | 'Blob_CopyFromURL' | 'Blob_SetTier' | 'Blob_SetExpiry'
  | 'Blob_GetTags' | 'Blob_SetTags'
  | 'BlockBlob_Upload' | 'BlockBlob_StageBlock' | 'BlockBlob_CommitBlockList' | 'BlockBlob_GetBlockList'
  | 'AppendBlob_Create' | 'AppendBlob_AppendBlock'
  // DFS endpoint
  | 'Service_ListFileSystems'
  | 'FileSystem_Create' | 'FileSystem_GetProperties' | 'FileSystem_SetProperties' | 'FileSystem_Delete'
  | 'FileSystem_ListPaths'
  | 'Path_Create' | 'Path_Rename' | 'Path_AppendData' | 'Path_FlushData' | 'Path_SetProperties'
  | 'Path_SetAccessControl' | 'Path_SetAccessControlRecursive' | 'Path_Lease' | 'Path_Read'
  | 'Path_GetProperties' | 'Path_GetStatus' | 'Path_GetAccessControl' | 'Path_Delete' | 'Path_SetExpiry' | 'Path_Undelete';

const NOT_WITH_SERVICE_SAS = null;

const TABLE: Record<Gen2Operation, SasNeeds> = {
  Service_ListContainersSegment: { service: NOT_WITH_SERVICE_SAS, account: ['l'] },
  Service_ListFileSystems: { service: NOT_WITH_SERVICE_SAS, account: ['l'] },
  Service_GetProperties: { service: NOT_WITH_SERVICE_SAS, account: ['r'] },
  Service_SetProperties: { service: NOT_WITH_SERVICE_SAS, account: ['w'] },
  Service_GetAccountInfo: { service: ['r'], account: ['r'] },
  // Only an Azure AD caller may ask for a user delegation key.
  Service_GetUserDelegationKey: { service: null, account: null },

  Container_Create: { service: NOT_WITH_SERVICE_SAS, account: ['cw'] },
  FileSystem_Create: { service: NOT_WITH_SERVICE_SAS, account: ['cw'] },
  Container_GetProperties: { service: NOT_WITH_SERVICE_SAS, account: ['r'] },
  FileSystem_GetProperties: { service: NOT_WITH_SERVICE_SAS, account: ['r'] },
  Container_SetMetadata: { service: NOT_WITH_SERVICE_SAS, account: ['w'] },
  FileSystem_SetProperties: { service: NOT_WITH_SERVICE_SAS, account: ['w'] },
  Container_Delete: { service: NOT_WITH_SERVICE_SAS, account: ['d'] },
  FileSystem_Delete: { service: NOT_WITH_SERVICE_SAS, account: ['d'] },
  Container_GetAccessPolicy: { service: NOT_WITH_SERVICE_SAS, account: ['r'] },
  Container_SetAccessPolicy: { service: NOT_WITH_SERVICE_SAS, account: ['w'] },
  Container_Lease: { service: NOT_WITH_SERVICE_SAS, account: ['w'] },
  Container_ListBlobFlatSegment: { service: ['l'], account: ['l'] },
  Container_ListBlobHierarchySegment: { service: ['l'], account: ['l'] },
  FileSystem_ListPaths: { service: ['l'], account: ['l'] },

  Blob_Download: { service: ['r'], account: ['r'] },
  Path_Read: { service: ['r'], account: ['r'] },
  Blob_GetProperties: { service: ['r'], account: ['r'] },
  Path_GetProperties: { service: ['r'], account: ['r'] },
  Path_GetStatus: { service: ['r'], account: ['r'] },
  // "Execute: get the system properties and, if the hierarchical namespace is enabled, the POSIX ACL".
  Path_GetAccessControl: { service: ['e'], account: ['r'] },
  BlockBlob_GetBlockList: { service: ['r'], account: ['r'] },
  Blob_GetTags: { service: ['t'], account: ['t'] },
  Blob_SetTags: { service: ['t'], account: ['t'] },

  Blob_Delete: { service: ['d'], account: ['d'] },
  Path_Delete: { service: ['d'], account: ['d'] },
  Blob_Undelete: { service: ['w'], account: ['w'] },
  Path_Undelete: { service: ['w'], account: ['w'] },
  Blob_SetHTTPHeaders: { service: ['w'], account: ['w'] },
  Blob_SetMetadata: { service: ['w'], account: ['w'] },
  Path_SetProperties: { service: ['w'], account: ['w'] },
  Blob_Lease: { service: ['w'], account: ['w'] },
  Path_Lease: { service: ['w'], account: ['w'] },
  Blob_BreakLease: { service: ['dw'], account: ['dw'] },
  Blob_SetTier: { service: ['w'], account: ['w'] },
  Blob_SetExpiry: { service: ['w'], account: ['w'] },
  Path_SetExpiry: { service: ['w'], account: ['w'] },

  // Creating new content: Create, or Write.
  BlockBlob_Upload: { service: ['cw'], account: ['cw'] },
  AppendBlob_Create: { service: ['cw'], account: ['cw'] },
  Path_Create: { service: ['cw'], account: ['cw'] },
  Blob_CreateSnapshot: { service: ['cw'], account: ['cw'] },
  Blob_CopyFromURL: { service: ['cw'], account: ['cw'] },
  BlockBlob_StageBlock: { service: ['w'], account: ['w'] },
  BlockBlob_CommitBlockList: { service: ['w'], account: ['w'] },
  AppendBlob_AppendBlock: { service: ['aw'], account: ['aw'] },
  Path_AppendData: { service: ['aw'], account: ['aw'] },
  Path_FlushData: { service: ['w'], account: ['w'] },
  // "Move: move a blob or a directory and its contents to a new location".
  Path_Rename: { service: ['m'], account: ['w'] },
  // "Permissions: set the permissions and POSIX ACLs"; ownership changes need "Ownership" (see below).
  Path_SetAccessControl: { service: ['p'], account: ['w'] },
  Path_SetAccessControlRecursive: { service: ['p'], account: ['w'] },
};

export interface SetAccessControlChanges {
  /** `x-ms-owner` or `x-ms-group` present */
  ownership?: boolean;
  /** `x-ms-permissions` or `x-ms-acl` present */
  permissions?: boolean;
}

/** What `op` needs from a SAS. For Path_SetAccessControl pass what the request changes: the owner or group
 *  needs Ownership (`o`), permissions or ACL need Permissions (`p`), both need both. */
export function sasPermissionsFor(op: Gen2Operation, changes?: SetAccessControlChanges): SasNeeds {
  if (op === 'Path_SetAccessControl' && changes) {
    const service = [...(changes.ownership ? ['o'] : []), ...(changes.permissions ? ['p'] : [])];
    return { service: service.length > 0 ? service : ['p'], account: ['w'] };
  }
  return TABLE[op];
}

/** The signed resource level an account SAS's `srt` must allow for a target. */
export function resourceTypeOf(target: { container?: string; path?: string }): 's' | 'c' | 'o' {
  if (!target.container) return 's';
  return target.path ? 'o' : 'c';
}
