import { InvalidArgumentError } from '../errors.js';

/** One ACL entry: `[default:]type:[qualifier][:perm]`. */
export interface AclEntry {
  default?: boolean;
  type: 'user' | 'group' | 'mask' | 'other';
  /** Object id or UPN; empty for the owner, owning group, mask and other. */
  id?: string;
  /** `rwx`, `r-x`, ...; omitted for REMOVEACLENTRIES. */
  permission?: string;
}

/** An aclSpec as a string (`user::rwx,group::r-x`), a list of entry strings, or entry objects. */
export type AclSpecInput = string | (string | AclEntry)[];

const ENTRY = /^(default:)?(user|group|mask|other):([^:,]*)(?::([r-][w-][x-]))?$/;

/** Parses one entry string, validating its shape. */
export function parseAclEntry(text: string): AclEntry {
  const m = ENTRY.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`Not an ACL entry: '${text}' (expected [default:]user|group|mask|other:[id][:rwx])`);
  const e: AclEntry = { type: m[2] as AclEntry['type'] };
  if (m[1]) e.default = true;
  if (m[3]) e.id = m[3];
  if (m[4]) e.permission = m[4];
  return e;
}

export function formatAclEntry(e: AclEntry): string {
  return `${e.default ? 'default:' : ''}${e.type}:${e.id ?? ''}${e.permission ? ':' + e.permission : ''}`;
}

/** Validates and serialises an aclSpec (entries joined with ','). */
export function formatAclSpec(spec: AclSpecInput): string {
  const items = typeof spec === 'string' ? spec.split(',').filter((s) => s.trim() !== '') : spec;
  if (items.length === 0) throw new InvalidArgumentError('An ACL spec needs at least one entry.');
  return items.map((i) => formatAclEntry(typeof i === 'string' ? parseAclEntry(i) : i)).join(',');
}
