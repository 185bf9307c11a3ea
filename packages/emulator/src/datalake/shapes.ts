import type { Directory } from '../identity/directory.js';
import { displayMode, hasExtendedAcl, type Inode } from '../store/inode.js';

/** Owner/group as sent: object ids, or UPNs when tooId=false (unknown ids stay ids). */
export type NameStyle = (id: string) => string;
export const idNames: NameStyle = (id) => id;
export const friendlyNames = (dir: Directory): NameStyle => (id) => dir.userByOid(id)?.upn ?? id;

/** Octal digits without a leading zero: 3 digits, 4 with a sticky bit ("770", "1771"). */
export const permissionString = (mode: number) => mode.toString(8).padStart(3, '0');

/** A FileStatus object with the recorded key order (filesystem-api §4.1). */
export function fileStatus(n: Inode, pathSuffix: string, names: NameStyle): Record<string, unknown> {
  const file = n.kind === 'file';
  const s: Record<string, unknown> = {
    length: file ? n.length : 0,
    pathSuffix,
    type: file ? 'FILE' : 'DIRECTORY',
    blockSize: file ? 268435456 : 0,
    accessTime: n.atime,
    modificationTime: n.mtime,
    replication: file ? 1 : 0,
    permission: permissionString(displayMode(n)),
    owner: names(n.owner),
    group: names(n.group),
  };
  if (file) s.msExpirationTime = n.expiry;
  s.aclBit = hasExtendedAcl(n);
  return s;
}

/**
 * fileStatus(n, pathSuffix, names) serialised, written directly: a listing page serialises thousands of these, and
 * building each object to hand it to JSON.stringify costs more than the string itself. Same keys, same order.
 */
export function fileStatusJson(n: Inode, pathSuffix: string, names: NameStyle): string {
  const file = n.kind === 'file';
  return `{"length":${file ? n.length : 0},"pathSuffix":${JSON.stringify(pathSuffix)},"type":"${file ? 'FILE' : 'DIRECTORY'}",`
    + `"blockSize":${file ? 268435456 : 0},"accessTime":${n.atime},"modificationTime":${n.mtime},"replication":${file ? 1 : 0},`
    + `"permission":"${permissionString(displayMode(n))}","owner":${JSON.stringify(names(n.owner))},"group":${JSON.stringify(names(n.group))},`
    + `${file ? `"msExpirationTime":${n.expiry},` : ''}"aclBit":${hasExtendedAcl(n)}}`;
}
