import type { Gen2Request } from '../request.js';
import { SUPERUSER } from '../auth/identity.js';
import { Gen2Error } from '../errors.js';
import { fileSystemNotFound } from '../target.js';
import { type FileSystemRecord, isValidFileSystemName, namespaceKey } from './registry.js';

/** Root protection of a new file system: `rwxr-x---`, group `$superuser` (what the service shows). */
const ROOT_MODE = 0o750;

/**
 * Creates a file system: its registry row and its namespace in the store, the root owned by the creator (an Azure
 * AD caller's object id; `$superuser` for Shared Key and SAS callers). Only account super-users may create one.
 */
export function createFileSystem(r: Gen2Request, o: { metadata?: Record<string, string>; publicAccess?: 'container' | 'blob' }): FileSystemRecord {
  const name = r.address.filesystem ?? '';
  if (!isValidFileSystemName(name)) {
    throw new Gen2Error(400, r.api === 'dfs' ? 'InvalidResourceName' : 'InvalidResourceName', 'The specifed resource name contains invalid characters.');
  }
  requireAccountWrite(r);
  const now = r.core.options.now();
  if (!r.filesystems.insert(r.account.name, name, o, now)) {
    throw r.api === 'dfs'
      ? new Gen2Error(409, 'FilesystemAlreadyExists', 'The specified filesystem already exists.')
      : new Gen2Error(409, 'ContainerAlreadyExists', 'The specified container already exists.');
  }
  const key = namespaceKey(r.account.name, name);
  r.core.store.provision(key, r.identity.caller.oid, SUPERUSER, { mode: ROOT_MODE });
  return r.filesystems.get(r.account.name, name)!;
}

/** Deletes a file system and (through the store's collector) all of its bytes. */
export async function deleteFileSystem(r: Gen2Request): Promise<void> {
  const name = r.address.filesystem ?? '';
  requireAccountWrite(r);
  if (!r.filesystems.get(r.account.name, name)) throw fileSystemNotFound(r.api);
  r.filesystems.remove(r.account.name, name);
  await r.core.store.destroy(namespaceKey(r.account.name, name));
}

/**
 * Container-level changes (create, delete, metadata) are control over the account's data: Azure grants them to
 * RBAC data owners/contributors, never through ACLs. Here: the account's super-users (owner, "Storage Blob Data
 * Owner", Shared Key) and "Storage Blob Data Contributor".
 */
export function requireAccountWrite(r: Gen2Request): void {
  const { caller } = r.identity;
  if (!caller.superUser && caller.dataRole !== 'contributor') {
    throw new Gen2Error(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');
  }
}
