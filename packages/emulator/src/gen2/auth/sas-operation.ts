import type { IncomingHttpHeaders } from 'node:http';
import type { Gen2Operation } from './sas-permissions.js';

/**
 * Names the operation a request asks for, from its API, level, method, query and headers (the discriminators of
 * the DFS and Blob REST definitions), so that a SAS's permissions can be checked before any handler runs.
 * Undefined: an operation these tables do not know (the caller then asks for Write on writes, Read on reads).
 */
export function sasOperationOf(
  api: 'dfs' | 'blob', level: 'account' | 'filesystem' | 'path', method: string, q: URLSearchParams, headers: IncomingHttpHeaders,
): Gen2Operation | undefined {
  const comp = q.get('comp');
  if (level === 'account') {
    if (api === 'dfs') return method === 'GET' ? 'Service_ListFileSystems' : undefined;
    if (comp === 'list') return 'Service_ListContainersSegment';
    if (comp === 'userdelegationkey') return 'Service_GetUserDelegationKey';
    if (q.get('restype') === 'account') return 'Service_GetAccountInfo';
    if (comp === 'properties') return method === 'PUT' ? 'Service_SetProperties' : 'Service_GetProperties';
    return undefined;
  }
  if (level === 'filesystem') {
    if (q.get('resource') === 'filesystem') {
      return ({ PUT: 'FileSystem_Create', PATCH: 'FileSystem_SetProperties', HEAD: 'FileSystem_GetProperties', DELETE: 'FileSystem_Delete', GET: 'FileSystem_ListPaths' } as const)[method as 'PUT'];
    }
    if (comp === 'list') return q.has('delimiter') || api === 'dfs' ? 'Container_ListBlobHierarchySegment' : 'Container_ListBlobFlatSegment';
    if (method === 'PUT') {
      return comp === 'metadata' ? 'Container_SetMetadata' : comp === 'acl' ? 'Container_SetAccessPolicy' : comp === 'lease' ? 'Container_Lease' : comp === null ? 'Container_Create' : undefined;
    }
    if (method === 'DELETE') return 'Container_Delete';
    if (method === 'GET' || method === 'HEAD') return comp === 'acl' ? 'Container_GetAccessPolicy' : 'Container_GetProperties';
    return undefined;
  }
  return api === 'dfs' ? dfsPathOperation(method, q, headers) : blobPathOperation(method, q, headers);
}

function dfsPathOperation(method: string, q: URLSearchParams, headers: IncomingHttpHeaders): Gen2Operation | undefined {
  const action = q.get('action');
  switch (method) {
    case 'PUT':
      if (headers['x-ms-rename-source'] !== undefined) return 'Path_Rename';
      if (q.get('comp') === 'expiry') return 'Path_SetExpiry';
      if (q.get('comp') === 'undelete') return 'Path_Undelete';
      return q.has('resource') ? 'Path_Create' : undefined;
    case 'PATCH':
      return ({
        append: 'Path_AppendData', flush: 'Path_FlushData', setProperties: 'Path_SetProperties',
        setAccessControl: 'Path_SetAccessControl', setAccessControlRecursive: 'Path_SetAccessControlRecursive',
      } as const)[action as 'append'];
    case 'POST': return 'Path_Lease';
    case 'GET': return 'Path_Read';
    case 'HEAD': return action === 'getAccessControl' ? 'Path_GetAccessControl' : action === 'getStatus' ? 'Path_GetStatus' : 'Path_GetProperties';
    case 'DELETE': return 'Path_Delete';
    default: return undefined;
  }
}

function blobPathOperation(method: string, q: URLSearchParams, headers: IncomingHttpHeaders): Gen2Operation | undefined {
  const comp = q.get('comp');
  if (method === 'PUT') {
    if (comp === 'lease') return headers['x-ms-lease-action'] === 'break' ? 'Blob_BreakLease' : 'Blob_Lease';
    if (comp === null && headers['x-ms-copy-source'] !== undefined) return 'Blob_CopyFromURL';
    if (comp === null) return headers['x-ms-blob-type'] === 'AppendBlob' ? 'AppendBlob_Create' : 'BlockBlob_Upload';
    return ({
      block: 'BlockBlob_StageBlock', blocklist: 'BlockBlob_CommitBlockList', metadata: 'Blob_SetMetadata',
      properties: 'Blob_SetHTTPHeaders', snapshot: 'Blob_CreateSnapshot', copy: 'Blob_CopyFromURL', tier: 'Blob_SetTier',
      tags: 'Blob_SetTags', expiry: 'Blob_SetExpiry', undelete: 'Blob_Undelete', appendblock: 'AppendBlob_AppendBlock',
    } as const)[comp as 'block'];
  }
  if (method === 'GET') return comp === 'blocklist' ? 'BlockBlob_GetBlockList' : comp === 'tags' ? 'Blob_GetTags' : comp === 'metadata' ? 'Blob_GetProperties' : 'Blob_Download';
  if (method === 'HEAD') return 'Blob_GetProperties';
  if (method === 'DELETE') return 'Blob_Delete';
  return undefined;
}
