import { type AclEntry, formatEntry, STICKY } from '../../store/acl.js';
import { fullAcl } from '../../store/acl-transform.js';
import { displayMode, hasExtendedAcl, type Inode } from '../../store/inode.js';
import { parseAclSpec } from '../../datalake/aclspec.js';
import { RemoteError } from '../../datalake/remote-error.js';
import { Gen2Error } from '../errors.js';

const rwx = (d: number) => `${d & 4 ? 'r' : '-'}${d & 2 ? 'w' : '-'}${d & 1 ? 'x' : '-'}`;

/** `rwxr-x---`, with `t`/`T` for the sticky bit (other x set / not) and `+` when there is an extended ACL. */
export function permissionsString(n: Inode): string {
  const m = displayMode(n);
  let s = rwx(m >> 6) + rwx(m >> 3) + rwx(m);
  if (m & STICKY) s = s.slice(0, 8) + (m & 1 ? 't' : 'T');
  return hasExtendedAcl(n) ? s + '+' : s;
}

/**
 * `x-ms-permissions`: symbolic (`rwxr-x---`, sticky `t`/`T` last, an optional trailing `+`) or 4-digit octal
 * (`0750`, `1777`). Anything else is the service's 400 InvalidPermission.
 */
export function parsePermissions(v: string): number {
  if (/^[0-7]{4}$/.test(v)) return parseInt(v, 8);
  const m = /^([r-][w-][x-])([r-][w-][x-])([r-][w-][xtT-])\+?$/.exec(v);
  if (!m) throw new Gen2Error(400, 'InvalidPermission', 'The permission value is invalid.');
  const bits = (s: string) => (s[0] === 'r' ? 4 : 0) | (s[1] === 'w' ? 2 : 0) | (s[2] === 'x' || s[2] === 't' ? 1 : 0);
  const sticky = m[3][2] === 't' || m[3][2] === 'T' ? STICKY : 0;
  return sticky | (bits(m[1]) << 6) | (bits(m[2]) << 3) | bits(m[3]);
}

/** Umask: 4-digit octal. */
export function parseUmask(v: string): number {
  if (!/^[0-7]{4}$/.test(v)) throw new Gen2Error(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', { 'x-ms-invalid-header-name': 'x-ms-umask', 'x-ms-invalid-header-value': v.replace(/[^\x20-\x7e]/g, '?').slice(0, 64) });
  return parseInt(v, 8) & 0o777;
}

/** `x-ms-acl` in the POSIX short form; `withPerm` false for remove (entries without permissions). */
export function parseAcl(v: string, withPerm = true, resolveName: (n: string) => string = (n) => n): AclEntry[] {
  try {
    return parseAclSpec(v, withPerm).map((e) => (e.name ? { ...e, name: resolveName(e.name) } : e));
  } catch (e) {
    if (e instanceof RemoteError) throw new Gen2Error(400, 'InvalidAccessControlList', 'The access control list value is invalid.');
    throw e;
  }
}

/** The full ACL (base entries, extended entries, default entries) as `x-ms-acl` shows it. */
export const formatAcl = (n: Inode, name: (id: string) => string = (id) => id): string =>
  fullAcl(n).map((e) => formatEntry(e.name ? { ...e, name: name(e.name) } : e)).join(',');
