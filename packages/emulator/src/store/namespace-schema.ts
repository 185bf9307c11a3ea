import type { Migration } from './db.js';

/**
 * Namespace tables (API-neutral). One root inode per account; directory entries are unique per
 * (parent, name), so a rename is a single UPDATE. A file's bytes are an ordered list of extents, each
 * naming a blob file under {location}/data that no other extent references (concat moves rows).
 * `parent` has no foreign key on purpose: subtrees are deleted with one recursive CTE, not by cascade.
 */
export const namespaceMigrations: Migration[] = [{
  id: 'datalake-001-namespace',
  sql: `
    CREATE TABLE dl_inodes (
      id INTEGER PRIMARY KEY,
      parent INTEGER,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
      owner TEXT NOT NULL,
      grp TEXT NOT NULL,
      mode INTEGER NOT NULL,
      acl TEXT NOT NULL DEFAULT '',
      default_acl TEXT NOT NULL DEFAULT '',
      atime INTEGER NOT NULL,
      mtime INTEGER NOT NULL,
      ctime INTEGER NOT NULL,
      expiry INTEGER NOT NULL DEFAULT 0,
      length INTEGER NOT NULL DEFAULT 0,
      UNIQUE (parent, name));
    CREATE INDEX dl_inodes_expiry ON dl_inodes (expiry) WHERE expiry > 0;
    CREATE TABLE dl_namespaces (account TEXT PRIMARY KEY, root_id INTEGER NOT NULL);
    CREATE TABLE dl_extents (
      file_id INTEGER NOT NULL REFERENCES dl_inodes(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      blob TEXT NOT NULL UNIQUE,
      length INTEGER NOT NULL,
      PRIMARY KEY (file_id, seq));
  `,
}];
