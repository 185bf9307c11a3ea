export { DataLakeFileSystemClient, type DataLakeFileSystemClientOptions, type FileData, type CreateOptions, type AppendOptions, type ListOptions, type NameOptions, type WalkOptions, type DiskUsage } from './client.js';
export type { FileStatus, AclStatus, ContentSummary, SyncFlag, ExpiryOption, PathType, AbortOptions } from './types.js';
export type { ReadStreamOptions } from './read-stream.js';
export type { WriteStreamOptions } from './write-stream.js';
export { parseAclEntry, formatAclEntry, formatAclSpec, type AclEntry, type AclSpecInput } from './acl-spec.js';
export { validatePermission } from './permission.js';
export { normalizePath, encodePath, joinPath, baseName, parentPath } from './paths.js';
export { accountBaseUrl, DEFAULT_DATA_PLANE_SUFFIX } from './endpoint.js';
export { MAX_APPEND_BYTES } from './append.js';
