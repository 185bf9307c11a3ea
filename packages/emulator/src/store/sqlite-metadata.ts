import type { Db } from './db.js';
import type { Inode } from './inode.js';
import { fromRaw, inodeColumns, type RawInodeRow, serializeAcl } from './inode-row.js';
import { InodeCache } from './inode-cache.js';
import type { ContentSummary, ExtentRef, InodePatch, LeaseRecord, ListOptions, MetadataBackend, NewInode, PathLeaseRecord, StagedRef } from './metadata.js';
import { serializeProps } from './path-props.js';

const INODE = inodeColumns();
/**
 * A directory's children in name order, one statement per combination of bounds (parameters: parent, the bounds
 * given, limit). Each seeks straight to its first entry in the (parent, name) index and reads it in order: an
 * optional bound written `(? IS NULL OR name > ?)` would stop SQLite from seeking, and every page of a listing would
 * then walk the directory from its first entry (quadratic in the directory's size).
 */
export const CHILDREN_SQL = {
  all: `SELECT ${INODE} FROM dl_inodes WHERE parent = ? ORDER BY name LIMIT ?`,
  after: `SELECT ${INODE} FROM dl_inodes WHERE parent = ? AND name > ? ORDER BY name LIMIT ?`,
  before: `SELECT ${INODE} FROM dl_inodes WHERE parent = ? AND name < ? ORDER BY name LIMIT ?`,
  between: `SELECT ${INODE} FROM dl_inodes WHERE parent = ? AND name > ? AND name < ? ORDER BY name LIMIT ?`,
} as const;
const SUBTREE = 'WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT i.id FROM dl_inodes i JOIN sub ON i.parent = sub.id)';
const COLUMNS: Record<keyof InodePatch, string> = {
  parent: 'parent', name: 'name', owner: 'owner', group: 'grp', mode: 'mode', acl: 'acl', defaultAcl: 'default_acl',
  atime: 'atime', mtime: 'mtime', expiry: 'expiry', length: 'length', props: 'props',
};

/**
 * Namespace metadata in SQLite (tables of namespace-schema.ts): the durable backend. Writes run in one
 * transaction; reads need none (one connection, synchronous calls: nothing interleaves). Committed inodes are
 * cached for the read path (a warm GETFILESTATUS runs no SQL); inside a write the rows are read directly, and
 * the cache is emptied when the write ends, so an entry never outlives its row.
 */
export class SqliteMetadata implements MetadataBackend {
  private readonly q;
  private readonly cache = new InodeCache();
  private readonly roots = new Map<string, number>();
  private writeDepth = 0;
  /** One transaction wrapper for every call: better-sqlite3 compiles a wrapper per db.transaction() call. */
  private readonly inTx: (fn: () => unknown) => unknown;
  private readonly updates = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.inTx = db.transaction((fn: () => unknown) => fn());
    this.q = {
      root: db.prepare('SELECT root_id FROM dl_namespaces WHERE account = ?').pluck(),
      addNamespace: db.prepare('INSERT INTO dl_namespaces (account, root_id) VALUES (?, ?)'),
      dropNamespace: db.prepare('DELETE FROM dl_namespaces WHERE account = ?'),
      byId: db.prepare(`SELECT ${INODE} FROM dl_inodes WHERE id = ?`).raw(),
      child: db.prepare(`SELECT ${INODE} FROM dl_inodes WHERE parent = ? AND name = ?`).raw(),
      children: {
        all: db.prepare(CHILDREN_SQL.all).raw(), after: db.prepare(CHILDREN_SQL.after).raw(),
        before: db.prepare(CHILDREN_SQL.before).raw(), between: db.prepare(CHILDREN_SQL.between).raw(),
      },
      hasChild: db.prepare('SELECT 1 FROM dl_inodes WHERE parent = ? LIMIT 1').pluck(),
      childOwners: db.prepare('SELECT DISTINCT owner FROM dl_inodes WHERE parent = ?').pluck(),
      insert: db.prepare(`INSERT INTO dl_inodes (parent, name, kind, owner, grp, mode, acl, default_acl, atime, mtime, ctime, expiry, length)
        VALUES (@parent, @name, @kind, @owner, @grp, @mode, @acl, @default_acl, @t, @t, @t, 0, 0)`),
      subtree: db.prepare(`${SUBTREE} SELECT id FROM sub`).pluck(),
      subtreeDirs: db.prepare(`${SUBTREE} SELECT ${inodeColumns('d')} FROM dl_inodes d JOIN sub ON d.id = sub.id WHERE d.kind = 'dir'`).raw(),
      summary: db.prepare(`${SUBTREE} SELECT SUM(d.kind = 'dir') AS dirs, SUM(d.kind = 'file') AS files, COALESCE(SUM(d.length), 0) AS bytes
        FROM dl_inodes d JOIN sub ON d.id = sub.id`),
      subtreeExtents: db.prepare(`${SUBTREE} SELECT e.blob FROM dl_extents e JOIN sub ON e.file_id = sub.id
        UNION ALL SELECT s.blob FROM dl_staged s JOIN sub ON s.file_id = sub.id`).pluck(),
      deleteIds: db.prepare('DELETE FROM dl_inodes WHERE id IN (SELECT value FROM json_each(?))'),
      extents: db.prepare('SELECT seq, blob AS extent, length FROM dl_extents WHERE file_id = ? ORDER BY seq'),
      lastExtent: db.prepare('SELECT seq, blob AS extent, length FROM dl_extents WHERE file_id = ? ORDER BY seq DESC LIMIT 1'),
      seqRange: db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM dl_extents WHERE file_id = ?'),
      addExtent: db.prepare('INSERT INTO dl_extents (file_id, seq, blob, length) VALUES (?, ?, ?, ?)'),
      growExtent: db.prepare('UPDATE dl_extents SET length = ? WHERE file_id = ? AND seq = ?'),
      moveExtents: db.prepare('UPDATE dl_extents SET file_id = ?, seq = seq + ? WHERE file_id = ?'),
      referenced: db.prepare('SELECT 1 FROM dl_extents WHERE blob = ? UNION ALL SELECT 1 FROM dl_staged WHERE blob = ?').pluck(),
      allExtents: db.prepare('SELECT blob, length FROM dl_extents UNION ALL SELECT blob, length FROM dl_staged'),
      fileExtents: db.prepare('SELECT blob FROM dl_extents WHERE file_id = ?').pluck(),
      dropExtents: db.prepare('DELETE FROM dl_extents WHERE file_id = ?'),
      staged: db.prepare('SELECT key, blob AS extent, length, created_at AS createdAt FROM dl_staged WHERE file_id = ? ORDER BY key'),
      stagedOne: db.prepare('SELECT blob FROM dl_staged WHERE file_id = ? AND key = ?').pluck(),
      putStaged: db.prepare('INSERT OR REPLACE INTO dl_staged (file_id, key, blob, length, created_at) VALUES (?, ?, ?, ?, ?)'),
      stagedBlobs: db.prepare('SELECT blob FROM dl_staged WHERE file_id = ?').pluck(),
      dropAllStaged: db.prepare('DELETE FROM dl_staged WHERE file_id = ?'),
      dropStaged: db.prepare('DELETE FROM dl_staged WHERE file_id = ? AND key = ?'),
      expired: db.prepare('SELECT id FROM dl_inodes WHERE expiry > 0 AND expiry <= ?').pluck(),
      minExpiry: db.prepare('SELECT MIN(expiry) FROM dl_inodes WHERE expiry > 0').pluck(),
      lease: db.prepare('SELECT lease_id AS id, renewed_at AS renewedAt FROM dl_leases WHERE file_id = ?'),
      setLease: db.prepare('INSERT OR REPLACE INTO dl_leases (file_id, lease_id, renewed_at) VALUES (?, ?, ?)'),
      dropLease: db.prepare('DELETE FROM dl_leases WHERE file_id = ?'),
      dropLeasesBefore: db.prepare('DELETE FROM dl_leases WHERE renewed_at <= ?'),
      pathLease: db.prepare('SELECT lease_id AS id, duration, expires_at AS expiresAt, break_at AS breakAt FROM dl_path_leases WHERE inode_id = ?'),
      setPathLease: db.prepare('INSERT OR REPLACE INTO dl_path_leases (inode_id, lease_id, duration, expires_at, break_at) VALUES (?, ?, ?, ?, ?)'),
      dropPathLease: db.prepare('DELETE FROM dl_path_leases WHERE inode_id = ?'),
    };
  }

  read<T>(fn: () => T): T {
    return fn();
  }

  write<T>(fn: () => T): T {
    this.writeDepth++;
    try {
      return this.inTx(fn) as T;
    } finally {
      this.writeDepth--;
      this.cache.clear();
    }
  }

  rootOf(account: string): number | undefined {
    let id = this.roots.get(account);
    if (id === undefined) {
      id = this.q.root.get(account) as number | undefined;
      if (id !== undefined) this.roots.set(account, id);
    }
    return id;
  }

  addNamespace(account: string, rootId: number): void { this.q.addNamespace.run(account, rootId); }

  dropNamespace(account: string): void {
    this.q.dropNamespace.run(account);
    this.roots.delete(account);
  }

  inode(id: number): Inode | undefined {
    if (this.writeDepth === 0) {
      const hit = this.cache.id(id);
      if (hit) return hit;
    }
    return this.load(this.q.byId.get(id) as RawInodeRow | undefined);
  }

  child(parent: number, name: string): Inode | undefined {
    if (this.writeDepth === 0) {
      const hit = this.cache.child(parent, name);
      if (hit) return hit;
    }
    return this.load(this.q.child.get(parent, name) as RawInodeRow | undefined);
  }

  /** A row as an inode: cached (frozen) outside writes, a private copy inside them. */
  private load(row: RawInodeRow | undefined): Inode | undefined {
    if (!row) return undefined;
    return this.writeDepth === 0 ? this.cache.put(fromRaw(row)) : fromRaw(row);
  }

  children(parent: number, o: ListOptions): Inode[] {
    const { after, before } = o, limit = o.limit ?? -1, q = this.q.children;
    const rows = after === undefined
      ? (before === undefined ? q.all.all(parent, limit) : q.before.all(parent, before, limit))
      : (before === undefined ? q.after.all(parent, after, limit) : q.between.all(parent, after, before, limit));
    return (rows as RawInodeRow[]).map(fromRaw);
  }

  hasChildren(id: number): boolean { return this.q.hasChild.get(id) !== undefined; }
  childOwners(id: number): string[] { return this.q.childOwners.all(id) as string[]; }
  subtreeDirs(id: number): Inode[] { return (this.q.subtreeDirs.all(id) as RawInodeRow[]).map(fromRaw); }

  summary(id: number): ContentSummary {
    const r = this.q.summary.get(id) as { dirs: number | null; files: number | null; bytes: number };
    return { directoryCount: r.dirs ?? 0, fileCount: r.files ?? 0, length: r.bytes ?? 0 };
  }

  insert(n: NewInode): Inode {
    const id = Number(this.q.insert.run({
      parent: n.parent, name: n.name, kind: n.kind, owner: n.owner, grp: n.group, mode: n.mode,
      acl: serializeAcl(n.acl), default_acl: serializeAcl(n.defaultAcl), t: n.time,
    }).lastInsertRowid);
    return fromRaw(this.q.byId.get(id) as RawInodeRow);
  }

  update(id: number, patch: InodePatch): void {
    const keys = (Object.keys(patch) as (keyof InodePatch)[]).filter((k) => patch[k] !== undefined).sort();
    if (keys.length === 0) return;
    const sig = keys.join(',');
    let stmt = this.updates.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE dl_inodes SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')}, version = version + 1 WHERE id = ?`);
      this.updates.set(sig, stmt);
    }
    const values: unknown[] = keys.map((k) => (k === 'acl' || k === 'defaultAcl' ? serializeAcl(patch[k]!) : k === 'props' ? serializeProps(patch.props!) : patch[k]));
    stmt.run([...values, id]);
  }

  deleteSubtree(id: number): string[] {
    const dropped = this.q.subtreeExtents.all(id) as string[];
    // Extents and leases go with their inodes (ON DELETE CASCADE).
    this.q.deleteIds.run(JSON.stringify(this.q.subtree.all(id)));
    return dropped;
  }

  extents(fileId: number): ExtentRef[] { return this.q.extents.all(fileId) as ExtentRef[]; }
  lastExtent(fileId: number): ExtentRef | undefined { return this.q.lastExtent.get(fileId) as ExtentRef | undefined; }

  addExtent(fileId: number, extent: string, length: number): void {
    const r = this.q.seqRange.get(fileId) as { hi: number | null };
    this.q.addExtent.run(fileId, (r.hi ?? -1) + 1, extent, length);
  }

  growExtent(fileId: number, seq: number, length: number): void { this.q.growExtent.run(length, fileId, seq); }

  moveExtents(from: number, to: number): void {
    const src = this.q.seqRange.get(from) as { lo: number | null };
    if (src.lo === null) return;
    const dst = this.q.seqRange.get(to) as { hi: number | null };
    this.q.moveExtents.run(to, (dst.hi ?? -1) + 1 - src.lo, from);
  }

  dropExtents(fileId: number): string[] {
    const dropped = this.q.fileExtents.all(fileId) as string[];
    this.q.dropExtents.run(fileId);
    return dropped;
  }

  staged(fileId: number): StagedRef[] { return this.q.staged.all(fileId) as StagedRef[]; }

  putStaged(fileId: number, ref: StagedRef): string | undefined {
    const old = this.q.stagedOne.get(fileId, ref.key) as string | undefined;
    this.q.putStaged.run(fileId, ref.key, ref.extent, ref.length, ref.createdAt);
    return old;
  }

  dropStaged(fileId: number, keys?: readonly string[]): string[] {
    if (keys === undefined) {
      const dropped = this.q.stagedBlobs.all(fileId) as string[];
      this.q.dropAllStaged.run(fileId);
      return dropped;
    }
    const dropped: string[] = [];
    for (const k of keys) {
      const b = this.q.stagedOne.get(fileId, k) as string | undefined;
      if (b === undefined) continue;
      dropped.push(b);
      this.q.dropStaged.run(fileId, k);
    }
    return dropped;
  }

  isReferenced(extent: string): boolean { return this.q.referenced.get(extent, extent) !== undefined; }

  allExtents(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.q.allExtents.iterate() as Iterable<{ blob: string; length: number }>) out.set(r.blob, r.length);
    return out;
  }

  expired(now: number): number[] { return this.q.expired.all(now) as number[]; }
  minExpiry(): number { return (this.q.minExpiry.get() as number | null) ?? 0; }

  lease(fileId: number): LeaseRecord | undefined { return this.q.lease.get(fileId) as LeaseRecord | undefined; }

  setLease(fileId: number, lease: LeaseRecord | undefined): void {
    if (lease) this.q.setLease.run(fileId, lease.id, lease.renewedAt);
    else this.q.dropLease.run(fileId);
  }

  dropLeasesBefore(before: number): void { this.q.dropLeasesBefore.run(before); }

  pathLease(inodeId: number): PathLeaseRecord | undefined {
    const row = this.q.pathLease.get(inodeId) as (PathLeaseRecord & { breakAt: number | null }) | undefined;
    if (!row) return undefined;
    const { breakAt, ...rest } = row;
    return breakAt === null ? rest : { ...rest, breakAt };
  }

  setPathLease(inodeId: number, lease: PathLeaseRecord | undefined): void {
    if (lease) this.q.setPathLease.run(inodeId, lease.id, lease.duration, lease.expiresAt, lease.breakAt ?? null);
    else this.q.dropPathLease.run(inodeId);
  }

  close(): void { /* the database belongs to the emulator, which closes it */ }
}
