import type { Directory } from '../identity/directory.js';
import { displayMode, hasExtendedAcl, type Inode } from '../store/inode.js';

/** Owner/group as sent: object ids, or UPNs when tooId=false (unknown ids stay ids). */
export type NameStyle = (id: string) => string;
export const idNames: NameStyle = (id) => id;
export const friendlyNames = (dir: Directory): NameStyle => (id) => dir.userByOid(id)?.upn ?? id;

/** Octal digits without a leading zero: 3 digits, 4 with a sticky bit ("770", "1771"). */
export const permissionString = (mode: number) => mode.toString(8).padStart(3, '0');

/**
 * A FileStatus object with the recorded key order (filesystem-api §4.1). One object literal per kind, so that every
 * file's status has the same shape (and every directory's): JSON.stringify of a listing page of them then runs its
 * fast path, which is several times cheaper than building the JSON text by hand.
 */
export function fileStatus(n: Inode, pathSuffix: string, names: NameStyle): Record<string, unknown> {
  const permission = permissionString(displayMode(n));
  const aclBit = hasExtendedAcl(n);
  return n.kind === 'file'
    ? {
      length: n.length, pathSuffix, type: 'FILE', blockSize: 268435456, accessTime: n.atime, modificationTime: n.mtime, replication: 1,
      permission, owner: names(n.owner), group: names(n.group), msExpirationTime: n.expiry, aclBit,
    }
    : {
      length: 0, pathSuffix, type: 'DIRECTORY', blockSize: 0, accessTime: n.atime, modificationTime: n.mtime, replication: 0,
      permission, owner: names(n.owner), group: names(n.group), aclBit,
    };
}
