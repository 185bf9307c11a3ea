import { type AclEntry, R, STICKY, W, X } from './acl.js';

/** Who is asking. Groups: our directory has none, so callers get their own oid as a personal group (documented). */
export interface Caller {
  oid: string;
  groups: readonly string[];
  /** The account owner: passes every permission check. */
  superUser: boolean;
  /**
   * A data role granted through Azure RBAC (Gen2), checked before the ACLs: `contributor` passes every read, write
   * and execute check, `reader` every check that asks for no write. Neither may change ACLs, owners or modes.
   */
  dataRole?: 'contributor' | 'reader';
}

/** The parts of an inode that decide access. `mode` holds owner, group:: and other bits plus the sticky bit. */
export interface Protection {
  owner: string;
  group: string;
  mode: number;
  /** Extended access entries: named users, named groups, mask. */
  acl: readonly AclEntry[];
}

/**
 * HDFS/POSIX access check (FSPermissionChecker order): owner → named user (& mask) → owning group and
 * named groups (union, & mask) → other. A match in one class decides; later classes are not consulted.
 */
export function permitted(p: Protection, caller: Caller, want: number): boolean {
  if (caller.superUser || caller.dataRole === 'contributor') return true;
  if (caller.dataRole === 'reader' && (want & W) === 0) return true;
  if (p.owner === caller.oid) return ((p.mode >> 6) & want) === want;
  const mask = p.acl.find((e) => e.type === 'mask');
  const limit = mask ? mask.perm : 7;
  const named = p.acl.find((e) => e.type === 'user' && e.name === caller.oid);
  if (named) return ((named.perm & limit) & want) === want;
  let inGroup = false;
  let groupPerm = 0;
  if (caller.groups.includes(p.group)) {
    inGroup = true;
    groupPerm |= (p.mode >> 3) & 7;
  }
  for (const e of p.acl) {
    if (e.type === 'group' && e.name && caller.groups.includes(e.name)) {
      inGroup = true;
      groupPerm |= e.perm;
    }
  }
  if (inGroup) return ((groupPerm & limit) & want) === want;
  return (p.mode & want) === want;
}

/** Sticky directories: only the child's owner, the directory's owner or a super-user may remove or rename the child. */
export function stickyAllows(dir: Protection, childOwner: string, caller: Caller): boolean {
  if (!(dir.mode & STICKY) || caller.superUser) return true;
  return caller.oid === dir.owner || caller.oid === childOwner;
}

export const READ = R, WRITE = W, EXECUTE = X;
export const WRITE_EXECUTE = W | X, READ_EXECUTE = R | X, ALL = R | W | X;
