import type { AclEntry } from './acl.js';
import type { Inode } from './inode.js';
import { parseProps } from './path-props.js';

/**
 * The columns of an inode row (dl_inodes), in the order `fromRaw` reads them. Statements that return inodes select
 * these columns in raw mode (arrays, not objects): better-sqlite3 builds a keyed object per row otherwise, which
 * costs more than the query itself on a listing page (bench/listing-cpu.ts).
 */
export const INODE_COLUMNS = ['id', 'parent', 'name', 'kind', 'owner', 'grp', 'mode', 'acl', 'default_acl', 'atime', 'mtime', 'ctime', 'expiry', 'length', 'version', 'props'] as const;

/** INODE_COLUMNS as a select list, each column prefixed with `table.` when given. */
export const inodeColumns = (table?: string) => INODE_COLUMNS.map((c) => (table ? `${table}.${c}` : c)).join(', ');

export type RawInodeRow = unknown[];

const parseAcl = (s: string): AclEntry[] => (s === '' ? [] : JSON.parse(s));
export const serializeAcl = (a: readonly AclEntry[]): string => (a.length === 0 ? '' : JSON.stringify(a));

/** A raw row of INODE_COLUMNS as an inode (a private copy: nothing shared with other inodes). */
export const fromRaw = (r: RawInodeRow): Inode => ({
  id: r[0] as number, parent: r[1] as number | null, name: r[2] as string, kind: r[3] as Inode['kind'], owner: r[4] as string,
  group: r[5] as string, mode: r[6] as number, acl: parseAcl(r[7] as string), defaultAcl: parseAcl(r[8] as string), atime: r[9] as number,
  mtime: r[10] as number, ctime: r[11] as number, expiry: r[12] as number, length: r[13] as number, version: r[14] as number,
  props: parseProps(r[15] as string),
});
