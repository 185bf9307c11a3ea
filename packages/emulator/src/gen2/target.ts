import type { Caller } from '../store/access.js';
import { Gen2Error } from './errors.js';
import { type FileSystemRecord, namespaceKey } from './filesystems/registry.js';
import type { Gen2Request } from './request.js';

/** A request's file system and path, resolved: the registry record and the store namespace holding its paths. */
export interface Target {
  fs: FileSystemRecord;
  /** The store namespace (namespaceKey). */
  ns: string;
  path: string[];
  caller: Caller;
}

export const fileSystemNotFound = (api: 'dfs' | 'blob') => api === 'dfs'
  ? new Gen2Error(404, 'FilesystemNotFound', 'The specified filesystem does not exist.')
  : new Gen2Error(404, 'ContainerNotFound', 'The specified container does not exist.');

/** The file system the request names (404 FilesystemNotFound / ContainerNotFound when there is none). */
export function fileSystemOf(r: Gen2Request): FileSystemRecord {
  const name = r.address.filesystem ?? '';
  const fs = r.filesystems.get(r.account.name, name);
  if (!fs) throw fileSystemNotFound(r.api);
  return fs;
}

export function targetOf(r: Gen2Request): Target {
  const fs = fileSystemOf(r);
  return { fs, ns: namespaceKey(fs.account, fs.name), path: r.address.path, caller: r.identity.caller };
}

/** Owner and group names as the service shows them: object ids, or UPNs with `upn=true` (unknown ids stay ids). */
export function nameStyle(r: Gen2Request): (id: string) => string {
  if (r.query.get('upn')?.toLowerCase() !== 'true') return (id) => id;
  return (id) => r.core.directory.userByOid(id)?.upn ?? id;
}

/** A user named by UPN in an ACL or owner header is stored by object id (Azure resolves UPNs the same way). */
export function resolvePrincipal(r: Gen2Request, name: string): string {
  return name.includes('@') ? r.core.directory.userByUpn(name)?.oid ?? name : name.toLowerCase();
}
