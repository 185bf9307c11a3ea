import type { AclEntry } from './acl.js';
import type { PathProps } from './path-props.js';

/** One file or directory of a namespace. */
export interface Inode {
  id: number;
  parent: number | null;
  name: string;
  kind: 'file' | 'dir';
  owner: string;
  group: string;
  /** Owner, group:: and other rwx bits, plus the sticky bit (0o1000). The mask, if any, lives in `acl`. */
  mode: number;
  /** Extended access entries: named users, named groups, mask (sorted). */
  acl: AclEntry[];
  /** Default ACL of a directory, base entries included (sorted); empty when none. */
  defaultAcl: AclEntry[];
  atime: number;
  mtime: number;
  ctime: number;
  /** ms since the epoch; 0 = never. Files only. */
  expiry: number;
  /** Committed length (files). */
  length: number;
  /** Counts the changes to this inode (starts at 0): with the id, what an ETag is made of. */
  version: number;
  /** Metadata and content headers (Gen2). */
  props: PathProps;
}

/** Permission digits as reported: the group digit shows the mask when there is one (HDFS). */
export function displayMode(n: Inode): number {
  const mask = n.acl.find((e) => e.type === 'mask');
  const group = mask ? mask.perm : (n.mode >> 3) & 7;
  return (n.mode & 0o1000) | (n.mode & 0o700) | (group << 3) | (n.mode & 7);
}

/** Whether the item has an ACL beyond the three base entries. */
export const hasExtendedAcl = (n: Inode) => n.acl.length > 0 || n.defaultAcl.length > 0;
