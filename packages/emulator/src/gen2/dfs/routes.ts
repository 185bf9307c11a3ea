import type { Gen2Request, Gen2Route } from '../request.js';
import { setAccessControlRecursive } from './acl-recursive.js';
import { createFs, deleteFs, getFsProperties, listFileSystems, setFsProperties } from './filesystem.js';
import { listPaths } from './list-paths.js';
import { setAccessControl } from './path-access.js';
import { createPath } from './path-create.js';
import { deletePath } from './path-delete.js';
import { leasePath } from './path-lease.js';
import { readPath } from '../path-read.js';
import { getPathProperties } from './path-status.js';
import { appendData, flushData, setProperties } from './path-update.js';
import { formatDfsProperties } from '../shapes/properties.js';

const is = (name: string, value: string) => (q: URLSearchParams) => q.get(name) === value;
const fsResource = is('resource', 'filesystem');
const action = (a: string) => is('action', a);

/** Path_Read on the DFS API: metadata as x-ms-properties. */
const readDfs = (r: Gen2Request) => readPath(r, (n) => ({ 'x-ms-properties': formatDfsProperties(n.props.metadata ?? {}) }));

/** The DFS API's operations (DataLakeStorage.json). */
export const DFS_ROUTES: Gen2Route[] = [
  { api: 'dfs', level: 'account', method: 'GET', when: is('resource', 'account'), name: 'Service_ListFileSystems', handler: listFileSystems },
  { api: 'dfs', level: 'filesystem', method: 'PUT', when: fsResource, name: 'FileSystem_Create', handler: createFs },
  { api: 'dfs', level: 'filesystem', method: 'DELETE', when: fsResource, name: 'FileSystem_Delete', handler: deleteFs },
  { api: 'dfs', level: 'filesystem', method: 'HEAD', when: fsResource, name: 'FileSystem_GetProperties', handler: getFsProperties },
  { api: 'dfs', level: 'filesystem', method: 'PATCH', when: fsResource, name: 'FileSystem_SetProperties', handler: setFsProperties },
  { api: 'dfs', level: 'filesystem', method: 'GET', when: fsResource, name: 'FileSystem_ListPaths', handler: listPaths },
  // The root directory of a file system, addressed as /{filesystem}/ (ACLs on the root).
  { api: 'dfs', level: 'filesystem', method: 'PATCH', when: action('setAccessControl'), name: 'Path_SetAccessControl', handler: setAccessControl },
  { api: 'dfs', level: 'filesystem', method: 'PATCH', when: action('setAccessControlRecursive'), name: 'Path_SetAccessControlRecursive', handler: setAccessControlRecursive },
  { api: 'dfs', level: 'filesystem', method: 'HEAD', name: 'Path_GetProperties', handler: getPathProperties },
  { api: 'dfs', level: 'path', method: 'PUT', name: 'Path_Create', handler: createPath },
  { api: 'dfs', level: 'path', method: 'PATCH', when: action('append'), name: 'Path_AppendData', handler: appendData },
  { api: 'dfs', level: 'path', method: 'PATCH', when: action('flush'), name: 'Path_FlushData', handler: flushData },
  { api: 'dfs', level: 'path', method: 'PATCH', when: action('setProperties'), name: 'Path_Update', handler: setProperties },
  { api: 'dfs', level: 'path', method: 'PATCH', when: action('setAccessControl'), name: 'Path_SetAccessControl', handler: setAccessControl },
  { api: 'dfs', level: 'path', method: 'PATCH', when: action('setAccessControlRecursive'), name: 'Path_SetAccessControlRecursive', handler: setAccessControlRecursive },
  { api: 'dfs', level: 'path', method: 'HEAD', name: 'Path_GetProperties', handler: getPathProperties },
  { api: 'dfs', level: 'path', method: 'GET', name: 'Path_Read', handler: readDfs },
  { api: 'dfs', level: 'path', method: 'POST', name: 'Path_Lease', handler: leasePath },
  { api: 'dfs', level: 'path', method: 'DELETE', name: 'Path_Delete', handler: deletePath },
];
