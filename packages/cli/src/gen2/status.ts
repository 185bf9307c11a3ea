// Gen2 answers (path properties, list entries, access control) in the toolkit's Gen1 shapes (FileStatus,
// AclStatus), so the fs commands print and `--json` the same objects for either generation.
import type { AclEntry, AclStatus, FileStatus } from 'adls-gen1';
import { formatAclEntry, parseAclEntry } from 'adls-gen1';
import type { Path, PathAccessControlItem, PathGetPropertiesResponse, PathPermissions, RolePermissions } from '@azure/storage-file-datalake';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const ms = (d: Date | string | undefined) => (d === undefined ? 0 : new Date(d).getTime() || 0);

const digit = (r: RolePermissions) => (r.read ? 4 : 0) + (r.write ? 2 : 0) + (r.execute ? 1 : 0);

export function permissionsToOctal(p: PathPermissions | undefined): string {
  if (!p) return '0';
  return `${p.stickyBit ? '1' : ''}${digit(p.owner)}${digit(p.group)}${digit(p.other)}`;
}

const role = (d: number): RolePermissions => ({ read: (d & 4) !== 0, write: (d & 2) !== 0, execute: (d & 1) !== 0 });

/** `750` / `1777` → the SDK's PathPermissions. */
export function octalToPermissions(octal: string): PathPermissions {
  const digits = octal.padStart(3, '0');
  const [o, g, x] = digits.slice(-3).split('').map(Number);
  return { owner: role(o), group: role(g), other: role(x), stickyBit: digits.length > 3 && (Number(digits[0]) & 1) === 1, extendedAcls: false };
}

/** A file's or directory's properties (Blob HEAD: hdi_isfolder, x-ms-owner/-group/-permissions) as a FileStatus. */
export function statusFromProperties(path: string, p: PathGetPropertiesResponse): FileStatus {
  const isDir = p.metadata?.hdi_isfolder === 'true' || (p as { resourceType?: string }).resourceType === 'directory';
  const s: FileStatus = {
    name: baseName(path), path, type: isDir ? 'DIRECTORY' : 'FILE', length: isDir ? 0 : p.contentLength ?? 0,
    owner: p.owner ?? '', group: p.group ?? '', permission: permissionsToOctal(p.permissions),
    modificationTime: ms(p.lastModified), accessTime: ms(p.lastModified), blockSize: 0, replication: 1,
    aclBit: p.permissions?.extendedAcls === true,
  };
  if (!isDir) s.msExpirationTime = ms(p.expiresOn);
  return s;
}

/** One entry of a List Paths page. */
export function statusFromListEntry(p: Path): FileStatus {
  const path = '/' + (p.name ?? '');
  const isDir = p.isDirectory === true;
  const s: FileStatus = {
    name: baseName(path), path, type: isDir ? 'DIRECTORY' : 'FILE', length: isDir ? 0 : Number(p.contentLength ?? 0),
    owner: p.owner ?? '', group: p.group ?? '', permission: permissionsToOctal(p.permissions),
    modificationTime: ms(p.lastModified), accessTime: ms(p.lastModified), blockSize: 0, replication: 1,
    aclBit: p.permissions?.extendedAcls === true,
  };
  if (!isDir) s.msExpirationTime = ms(p.expiresOn);
  return s;
}

const rwx = (r: RolePermissions) => `${r.read ? 'r' : '-'}${r.write ? 'w' : '-'}${r.execute ? 'x' : '-'}`;

export function aclItemToEntry(i: PathAccessControlItem): AclEntry {
  return { default: i.defaultScope || undefined, type: i.accessControlType, id: i.entityId || undefined, permission: rwx(i.permissions) };
}

export function entryToAclItem(e: AclEntry): PathAccessControlItem {
  const p = e.permission ?? '---';
  return {
    defaultScope: e.default === true, accessControlType: e.type, entityId: e.id ?? '',
    permissions: { read: p[0] === 'r', write: p[1] === 'w', execute: p[2] === 'x' },
  };
}

export const parseSpec = (spec: string): AclEntry[] => spec.split(',').filter((x) => x.trim()).map(parseAclEntry);

/** The key an entry is matched by in modify and remove: scope, type and principal. */
export const entryKey = (e: AclEntry) => `${e.default ? 'd' : 'a'}:${e.type}:${e.id ?? ''}`;

export function aclStatusOf(a: { owner?: string; group?: string; permissions?: PathPermissions; acl: PathAccessControlItem[] }): AclStatus {
  return {
    entries: a.acl.map((i) => formatAclEntry(aclItemToEntry(i))),
    owner: a.owner ?? '', group: a.group ?? '', permission: permissionsToOctal(a.permissions), stickyBit: a.permissions?.stickyBit === true,
  };
}
