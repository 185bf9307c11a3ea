import type { AclEntry, AclType } from '../store/acl.js';
import { illegalArgument } from './remote-error.js';

const TYPES: readonly AclType[] = ['user', 'group', 'mask', 'other'];

/**
 * Parses an aclSpec (filesystem-api §6.4): `[default:]type:[qualifier][:perm]`, comma-separated.
 * `withPerm` is false for REMOVEACLENTRIES, where a trailing perm is optional and ignored.
 */
export function parseAclSpec(spec: string, withPerm: boolean): AclEntry[] {
  if (spec.trim() === '') throw illegalArgument('Invalid ACL spec: empty');
  return spec.split(',').map((raw) => {
    const bad = () => illegalArgument(`Invalid ACL entry: ${raw.slice(0, 200)}`);
    const parts = raw.split(':');
    let scope: AclEntry['scope'] = 'access';
    if (parts[0].toLowerCase() === 'default') {
      scope = 'default';
      parts.shift();
    }
    const type = parts[0]?.toLowerCase() as AclType;
    if (!TYPES.includes(type)) throw bad();
    const name = parts[1] ?? '';
    if ((type === 'mask' || type === 'other') && name !== '') throw bad();
    if (parts.length > 3) throw bad();
    let perm = 0;
    if (withPerm) {
      if (parts.length !== 3) throw bad();
      if (!/^[r-][w-][x-]$/.test(parts[2])) throw bad();
      perm = (parts[2][0] === 'r' ? 4 : 0) | (parts[2][1] === 'w' ? 2 : 0) | (parts[2][2] === 'x' ? 1 : 0);
    } else if (parts.length === 3 && !/^[r-][w-][x-]$/.test(parts[2])) {
      throw bad();
    }
    if (parts.length < 2) throw bad();
    if (/[\s\0]/.test(name)) throw bad();
    return { scope, type, name, perm };
  });
}

/** `fsaction` of CHECKACCESS: `[r-][w-][x-]` → bits. */
export function parseFsAction(v: string): number | undefined {
  if (!/^[r-][w-][x-]$/.test(v)) return undefined;
  return (v[0] === 'r' ? 4 : 0) | (v[1] === 'w' ? 2 : 0) | (v[2] === 'x' ? 1 : 0);
}
