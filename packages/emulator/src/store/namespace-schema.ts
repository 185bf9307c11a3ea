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
}, {
  // Inode ids key in-memory state (leases, append locks): without AUTOINCREMENT SQLite reuses the id of the
  // newest row once it is deleted, so a new, unrelated file could inherit a deleted file's lease. The tables
  // are rebuilt inside the migration's transaction (foreign keys stay on): extents move aside first, so
  // dropping the old inode table cascades into nothing.
  id: 'datalake-002-inode-ids-never-reused',
  sql: `
    CREATE TABLE dl_extents_old AS SELECT file_id, seq, blob, length FROM dl_extents;
    DROP TABLE dl_extents;
    CREATE TABLE dl_inodes_new (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    INSERT INTO dl_inodes_new SELECT id, parent, name, kind, owner, grp, mode, acl, default_acl, atime, mtime, ctime, expiry, length
      FROM dl_inodes;
    DROP TABLE dl_inodes;
    ALTER TABLE dl_inodes_new RENAME TO dl_inodes;
    CREATE INDEX dl_inodes_expiry ON dl_inodes (expiry) WHERE expiry > 0;
    CREATE TABLE dl_extents (
      file_id INTEGER NOT NULL REFERENCES dl_inodes(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      blob TEXT NOT NULL UNIQUE,
      length INTEGER NOT NULL,
      PRIMARY KEY (file_id, seq));
    INSERT INTO dl_extents SELECT file_id, seq, blob, length FROM dl_extents_old;
    DROP TABLE dl_extents_old;
  `,
}, {
  // Leases are persisted with their file (filesystem-api §6.1): a restart keeps a writer's lease, and deleting
  // the file drops it (cascade).
  id: 'datalake-003-leases',
  sql: `
    CREATE TABLE dl_leases (
      file_id INTEGER PRIMARY KEY REFERENCES dl_inodes(id) ON DELETE CASCADE,
      lease_id TEXT NOT NULL,
      renewed_at INTEGER NOT NULL);
  `,
}, {
  // Gen2: a change counter (ETags), metadata and content headers per path, and staged pieces (DFS appends not yet
  // flushed, uncommitted Blob blocks): durable bytes that are not part of the file until committed.
  id: 'datalake-004-props-and-staged',
  sql: `
    ALTER TABLE dl_inodes ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dl_inodes ADD COLUMN props TEXT NOT NULL DEFAULT '';
    CREATE TABLE dl_staged (
      file_id INTEGER NOT NULL REFERENCES dl_inodes(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      blob TEXT NOT NULL UNIQUE,
      length INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (file_id, key));
  `,
}, {
  // Gen2 leases (Lease Blob, DFS Path_Lease) on files and directories, persisted with their inode: a restart keeps
  // them, deleting the path drops them (cascade), and a new file at the same path starts without one.
  id: 'datalake-005-path-leases',
  sql: `
    CREATE TABLE dl_path_leases (
      inode_id INTEGER PRIMARY KEY REFERENCES dl_inodes(id) ON DELETE CASCADE,
      lease_id TEXT NOT NULL,
      duration INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      break_at INTEGER);
  `,
}];
