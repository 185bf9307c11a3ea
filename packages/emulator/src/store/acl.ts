/**
 * POSIX ACL model (HDFS flavour), API-neutral. The access ACL is kept as its *extended* part only
 * (named users, named groups, mask); the base entries user::, group::, other:: live in the mode bits.
 * A default ACL (directories only) is kept whole: base entries included.
 */
export type AclType = 'user' | 'group' | 'mask' | 'other';

export interface AclEntry {
  scope: 'access' | 'default';
  type: AclType;
  /** Object id or UPN for named entries; '' for user::, group::, mask::, other::. */
  name: string;
  /** rwx bits, 0..7. */
  perm: number;
}

export const R = 4, W = 2, X = 1;
export const STICKY = 0o1000;

export const permString = (p: number) => `${p & R ? 'r' : '-'}${p & W ? 'w' : '-'}${p & X ? 'x' : '-'}`;

/** Sort order observed on the wire: user::, named users, group::, named groups, mask::, other:: (names ascending). */
const RANK = (e: AclEntry) => (e.type === 'user' ? (e.name ? 1 : 0) : e.type === 'group' ? (e.name ? 3 : 2) : e.type === 'mask' ? 4 : 5);
export function sortEntries(entries: AclEntry[]): AclEntry[] {
  return [...entries].sort((a, b) =>
    (a.scope === b.scope ? 0 : a.scope === 'access' ? -1 : 1) || RANK(a) - RANK(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const formatEntry = (e: AclEntry) => `${e.scope === 'default' ? 'default:' : ''}${e.type}:${e.name}:${permString(e.perm)}`;

export const sameKey = (a: AclEntry, b: { scope: string; type: string; name: string }) =>
  a.scope === b.scope && a.type === b.type && a.name === b.name;

/** Union of the permissions of named users, named groups and the owning group: the mask HDFS computes. */
export function computeMask(entries: AclEntry[], scope: 'access' | 'default', groupPerm: number): number {
  let m = groupPerm;
  for (const e of entries) if (e.scope === scope && ((e.type === 'user' && e.name) || (e.type === 'group' && e.name))) m |= e.perm;
  return m;
}

/** Whether the extended entries need a mask (any named user or named group). */
export const hasNamed = (entries: AclEntry[], scope: 'access' | 'default') =>
  entries.some((e) => e.scope === scope && (e.type === 'user' || e.type === 'group') && e.name !== '');
