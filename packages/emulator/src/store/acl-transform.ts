import { type AclEntry, computeMask, hasNamed, sameKey, sortEntries, STICKY } from './acl.js';
import { StoreError } from './errors.js';
import type { Inode } from './inode.js';

/** The protection fields an ACL change rewrites. */
export interface AclState {
  mode: number;
  acl: AclEntry[];
  defaultAcl: AclEntry[];
}

const invalid = (m: string) => new StoreError('InvalidArgument', `Invalid ACL: ${m}`);
const isBase = (e: AclEntry) => (e.type === 'user' || e.type === 'group') ? e.name === '' : e.type === 'other';
const find = (list: AclEntry[], scope: string, type: string, name = '') => list.find((e) => sameKey(e, { scope, type, name }));

/** The whole ACL of an inode: base access entries from the mode bits, extended entries, default entries. */
export function fullAcl(n: Pick<Inode, 'mode' | 'acl' | 'defaultAcl'>): AclEntry[] {
  const base: AclEntry[] = [
    { scope: 'access', type: 'user', name: '', perm: (n.mode >> 6) & 7 },
    { scope: 'access', type: 'group', name: '', perm: (n.mode >> 3) & 7 },
    { scope: 'access', type: 'other', name: '', perm: n.mode & 7 },
  ];
  return sortEntries([...base, ...n.acl, ...n.defaultAcl]);
}

function checkDuplicates(spec: AclEntry[]): void {
  for (let i = 0; i < spec.length; i++) {
    for (let j = i + 1; j < spec.length; j++) if (sameKey(spec[i], spec[j])) throw invalid(`duplicate entry ${spec[i].type}:${spec[i].name}`);
  }
}

/**
 * Turns a full entry list back into mode bits + extended + default entries, completing it the HDFS way:
 * a mask is computed for a scope with named entries when `recomputeMask` says so (or none exists), and
 * missing default base entries are copied from the access ones.
 */
function finish(entries: AclEntry[], old: Pick<Inode, 'mode'>, kind: Inode['kind'], recomputeMask: Set<string>): AclState {
  const access = entries.filter((e) => e.scope === 'access');
  let defaults = entries.filter((e) => e.scope === 'default');
  const u = find(access, 'access', 'user'), g = find(access, 'access', 'group'), o = find(access, 'access', 'other');
  if (!u || !g || !o) throw invalid('the user, group and other entries are required.');
  if (defaults.length > 0 && kind !== 'dir') throw invalid('only directories may have a default ACL.');
  if (defaults.length > 0) {
    for (const base of [u, g, o]) if (!find(defaults, 'default', base.type)) defaults.push({ ...base, scope: 'default' });
  }
  const fixMask = (list: AclEntry[], scope: 'access' | 'default') => {
    const mask = find(list, scope, 'mask');
    if (hasNamed(list, scope) && (!mask || recomputeMask.has(scope))) {
      const perm = computeMask(list, scope, find(list, scope, 'group')!.perm);
      return [...list.filter((e) => !(e.type === 'mask')), { scope, type: 'mask' as const, name: '', perm }];
    }
    return list;
  };
  const fixedAccess = fixMask(access, 'access');
  defaults = defaults.length > 0 ? fixMask(defaults, 'default') : [];
  return {
    mode: (old.mode & STICKY) | (u.perm << 6) | (g.perm << 3) | o.perm,
    acl: sortEntries(fixedAccess.filter((e) => !isBase(e))),
    defaultAcl: sortEntries(defaults),
  };
}

/** SETACL: replaces every entry. The spec must hold user::, group:: and other::. */
export function replaceAcl(n: Inode, spec: AclEntry[]): AclState {
  checkDuplicates(spec);
  const explicitMask = new Set<string>(spec.filter((e) => e.type === 'mask').map((e) => e.scope));
  const recompute = new Set<string>(['access', 'default'].filter((s) => !explicitMask.has(s)));
  return finish(spec, n, n.kind, recompute);
}

/** MODIFYACLENTRIES: adds or updates the listed entries; the mask is recomputed unless the spec sets it. */
export function modifyAcl(n: Inode, spec: AclEntry[]): AclState {
  checkDuplicates(spec);
  const merged = fullAcl(n).filter((e) => !spec.some((s) => sameKey(e, s)));
  merged.push(...spec);
  const touched = new Set(spec.map((e) => e.scope));
  const recompute = new Set([...touched].filter((s) => !spec.some((e) => e.scope === s && e.type === 'mask')));
  return finish(merged, n, n.kind, recompute);
}

/**
 * REMOVEACLENTRIES: removes the listed entries (permissions in the spec are ignored). Base access entries
 * cannot be removed. The mask is recomputed while named entries remain; after the last one it stays (recorded).
 */
export function removeAclEntries(n: Inode, spec: AclEntry[]): AclState {
  for (const s of spec) if (s.scope === 'access' && isBase(s)) throw invalid('the user, group and other entries are required.');
  const kept = fullAcl(n).filter((e) => !spec.some((s) => sameKey(e, s)));
  const removingDefaultBase = spec.some((s) => s.scope === 'default' && isBase(s));
  // Removing a default base entry only makes sense with every default entry gone.
  const result = removingDefaultBase ? kept.filter((e) => e.scope === 'access') : kept;
  const touched = new Set(spec.filter((e) => e.type !== 'mask').map((e) => e.scope));
  return finish(result, n, n.kind, touched);
}

export const removeDefaultAcl = (n: Inode): AclState => ({ mode: n.mode, acl: n.acl, defaultAcl: [] });

/** REMOVEACL: drops named entries and the mask; default entries are kept (Python docstring). */
export const removeAcl = (n: Inode): AclState => ({ mode: n.mode, acl: [], defaultAcl: n.defaultAcl });

/**
 * The protection of a new child (HDFS): with a default ACL on the parent, the child's access ACL is the
 * default ACL with user::, the mask (or group::) and other:: limited by the requested mode, and a new
 * directory also inherits the default ACL; without one, the requested mode minus the umask applies.
 */
export function inheritedProtection(parent: Inode, kind: Inode['kind'], requested: number, umask: number): AclState {
  if (parent.defaultAcl.length === 0) return { mode: requested & ~umask & 0o1777, acl: [], defaultAcl: [] };
  const d = parent.defaultAcl;
  const user = find(d, 'default', 'user')!.perm & ((requested >> 6) & 7);
  const other = find(d, 'default', 'other')!.perm & (requested & 7);
  let group = find(d, 'default', 'group')!.perm;
  const extended: AclEntry[] = [];
  for (const e of d) {
    if ((e.type === 'user' || e.type === 'group') && e.name) extended.push({ ...e, scope: 'access' });
  }
  const mask = find(d, 'default', 'mask');
  if (mask) extended.push({ scope: 'access', type: 'mask', name: '', perm: mask.perm & ((requested >> 3) & 7) });
  else group &= (requested >> 3) & 7;
  return {
    mode: (requested & STICKY) | (user << 6) | (group << 3) | other,
    acl: sortEntries(extended),
    defaultAcl: kind === 'dir' ? d.map((e) => ({ ...e })) : [],
  };
}
