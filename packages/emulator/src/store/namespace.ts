import type { Db } from './db.js';
import { type AclEntry, STICKY } from './acl.js';
import { type AclState, fullAcl, inheritedProtection, modifyAcl, removeAcl, removeAclEntries, removeDefaultAcl, replaceAcl } from './acl-transform.js';
import { type Caller, permitted, stickyAllows, ALL, EXECUTE, READ, READ_EXECUTE, WRITE, WRITE_EXECUTE } from './access.js';
import type { BlobSlice, BlobStore } from './blobs.js';
import { denied, notFound, StoreError } from './errors.js';
import { fromRow, type Inode, type InodeRow, serializeAcl } from './inode.js';
import { InodeCache } from './inode-cache.js';

/** Gen1 applies a fixed umask of 007 (filesystem-api §4.1). */
export const UMASK = 0o007;
/** Mode requested when the client gives none (files and directories alike: Gen1 shows 770 for both). */
export const DEFAULT_REQUESTED_MODE = 0o777;

export interface ListOptions { after?: string; before?: string; limit?: number }
export interface ExtentRow { seq: number; blob: string; length: number }
export interface CreateOptions { overwrite: boolean; mode?: number; createParent: boolean }
export interface ContentSummary { directoryCount: number; fileCount: number; length: number }
/** Where an append's bytes go: the end of the file's last blob, or a new blob. */
export interface AppendTarget { fileId: number; length: number; blob: string; position: number; newBlob: boolean }

/** Thrown inside `lookup` when the cache lacks an inode; never escapes the store. */
const CACHE_MISS = Symbol('inode cache miss');

/** Paths are arrays of already-validated names; '/' + names.join('/') is how errors show them. */
export type PathNames = readonly string[];
const show = (p: PathNames) => '/' + p.join('/');

/**
 * The namespaces of all accounts: inodes, protection, extents. API-neutral (no WebHDFS here).
 * Every public namespace operation runs in one SQLite transaction (read-only ones through `read`, changes
 * through `tx`); blobs that a transaction drops are deleted from disk only after it commits. `hasNamespace`
 * (one cached lookup) and the start-up `reconcileBlobs` need none. Permission checks follow HDFS (see access.ts).
 */
export class NamespaceStore {
  private readonly roots = new Map<string, number>();
  private garbage: string[] = [];
  private nextExpiry = 0;
  private readonly q;
  /** Committed inodes seen by reads; emptied when any write transaction ends (see lookup / tx). */
  private readonly cache = new InodeCache();
  /** Write transactions running (nested ones count): lookups then bypass the cache (rows may change under it). */
  private writeDepth = 0;
  /** True while `lookup` tries the cache alone: a miss throws CACHE_MISS instead of reading SQLite. */
  private cacheOnly = false;
  /** One transaction wrapper for every call: better-sqlite3 compiles a wrapper per db.transaction() call. */
  private readonly inTx: (fn: () => unknown) => unknown;

  constructor(private readonly db: Db, readonly blobs: BlobStore, private readonly now: () => number) {
    this.inTx = db.transaction((fn: () => unknown) => fn());
    this.q = {
      root: db.prepare('SELECT root_id FROM dl_namespaces WHERE account = ?').pluck(),
      addNamespace: db.prepare('INSERT INTO dl_namespaces (account, root_id) VALUES (?, ?)'),
      dropNamespace: db.prepare('DELETE FROM dl_namespaces WHERE account = ?'),
      byId: db.prepare('SELECT * FROM dl_inodes WHERE id = ?'),
      child: db.prepare('SELECT * FROM dl_inodes WHERE parent = ? AND name = ?'),
      children: db.prepare(`SELECT * FROM dl_inodes WHERE parent = ? AND (? IS NULL OR name > ?) AND (? IS NULL OR name < ?)
        ORDER BY name LIMIT ?`),
      hasChild: db.prepare('SELECT 1 FROM dl_inodes WHERE parent = ? LIMIT 1').pluck(),
      childOwners: db.prepare('SELECT DISTINCT owner FROM dl_inodes WHERE parent = ?').pluck(),
      insert: db.prepare(`INSERT INTO dl_inodes (parent, name, kind, owner, grp, mode, acl, default_acl, atime, mtime, ctime, expiry, length)
        VALUES (@parent, @name, @kind, @owner, @grp, @mode, @acl, @default_acl, @t, @t, @t, 0, @length)`),
      subtree: db.prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT i.id FROM dl_inodes i JOIN sub ON i.parent = sub.id)
        SELECT id FROM sub`).pluck(),
      subtreeDirs: db.prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT i.id FROM dl_inodes i JOIN sub ON i.parent = sub.id)
        SELECT d.* FROM dl_inodes d JOIN sub ON d.id = sub.id WHERE d.kind = 'dir'`),
      summary: db.prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT i.id FROM dl_inodes i JOIN sub ON i.parent = sub.id)
        SELECT SUM(d.kind = 'dir') AS dirs, SUM(d.kind = 'file') AS files, COALESCE(SUM(d.length), 0) AS bytes
        FROM dl_inodes d JOIN sub ON d.id = sub.id`),
      subtreeBlobs: db.prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT i.id FROM dl_inodes i JOIN sub ON i.parent = sub.id)
        SELECT e.blob FROM dl_extents e JOIN sub ON e.file_id = sub.id`).pluck(),
      deleteIds: db.prepare('DELETE FROM dl_inodes WHERE id IN (SELECT value FROM json_each(?))'),
      extents: db.prepare('SELECT seq, blob, length FROM dl_extents WHERE file_id = ? ORDER BY seq'),
      lastExtent: db.prepare('SELECT seq, blob, length FROM dl_extents WHERE file_id = ? ORDER BY seq DESC LIMIT 1'),
      seqRange: db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM dl_extents WHERE file_id = ?'),
      addExtent: db.prepare('INSERT INTO dl_extents (file_id, seq, blob, length) VALUES (?, ?, ?, ?)'),
      growExtent: db.prepare('UPDATE dl_extents SET length = ? WHERE file_id = ? AND seq = ?'),
      moveExtents: db.prepare('UPDATE dl_extents SET file_id = ?, seq = seq + ? WHERE file_id = ?'),
      setLength: db.prepare('UPDATE dl_inodes SET length = ?, mtime = ? WHERE id = ?'),
      touch: db.prepare('UPDATE dl_inodes SET mtime = ? WHERE id = ?'),
      move: db.prepare('UPDATE dl_inodes SET parent = ?, name = ? WHERE id = ?'),
      setProtection: db.prepare('UPDATE dl_inodes SET mode = ?, acl = ?, default_acl = ? WHERE id = ?'),
      setOwner: db.prepare('UPDATE dl_inodes SET owner = ?, grp = ? WHERE id = ?'),
      setExpiry: db.prepare('UPDATE dl_inodes SET expiry = ? WHERE id = ?'),
      setTimes: db.prepare('UPDATE dl_inodes SET mtime = ?, atime = ? WHERE id = ?'),
      expired: db.prepare('SELECT id FROM dl_inodes WHERE expiry > 0 AND expiry <= ?').pluck(),
      minExpiry: db.prepare('SELECT MIN(expiry) FROM dl_inodes WHERE expiry > 0').pluck(),
      allExtents: db.prepare('SELECT blob, length FROM dl_extents'),
    };
    this.nextExpiry = (this.q.minExpiry.get() as number | null) ?? 0;
  }

  /** Deletes expired files first. The sweep commits on its own: an operation that then fails must not roll it back. */
  private sweepIfDue(): void {
    if (this.nextExpiry !== 0 && this.now() >= this.nextExpiry) {
      this.garbage = [];
      try {
        this.inTx(() => this.sweepExpired());
      } finally {
        this.cache.clear();
      }
      this.blobs.discard(this.garbage);
      this.garbage = [];
    }
  }

  /**
   * Runs a read-only `fn` in one read transaction (in WAL mode one BEGIN/COMMIT costs less than an
   * implicit transaction per statement) without the blob garbage bookkeeping of writes.
   */
  private read<T>(fn: () => T): T {
    this.sweepIfDue();
    return this.inTx(fn) as T;
  }

  /**
   * Runs a read-only `fn` that only walks paths (no other SQL): from the inode cache alone when every inode
   * it needs is there (no SQL, no transaction), else as `read`, which fills the cache on the way.
   */
  private lookup<T>(fn: () => T): T {
    this.sweepIfDue();
    this.cacheOnly = true;
    try {
      return fn();
    } catch (e) {
      if (e !== CACHE_MISS) throw e;
    } finally {
      this.cacheOnly = false;
    }
    return this.inTx(fn) as T;
  }

  /** Runs `fn` in one transaction; blobs it dropped are deleted from disk after the commit. */
  private tx<T>(fn: () => T): T {
    this.garbage = [];
    this.writeDepth++;
    try {
      this.sweepIfDue();
      const out = this.inTx(fn) as T;
      this.blobs.discard(this.garbage);
      return out;
    } finally {
      this.writeDepth--;
      this.cache.clear();
      this.garbage = [];
    }
  }

  /** An inode by id: from the cache on the read path, from SQLite otherwise (and then cached). */
  private inode(id: number): Inode | undefined {
    return this.cachedOr(() => this.cache.id(id), () => this.q.byId.get(id) as InodeRow | undefined);
  }

  /** The child `name` of directory `parent`, the same way as `inode`. */
  private childOf(parent: number, name: string): Inode | undefined {
    return this.cachedOr(() => this.cache.child(parent, name), () => this.q.child.get(parent, name) as InodeRow | undefined);
  }

  /** Outside writes: the cached inode, else (unless cache-only) the row, cached. Inside writes: always the row. */
  private cachedOr(hit: () => Inode | undefined, load: () => InodeRow | undefined): Inode | undefined {
    const reading = this.writeDepth === 0;
    if (reading) {
      const cached = hit();
      if (cached) return cached;
      if (this.cacheOnly) throw CACHE_MISS;
    }
    const row = load();
    if (!row) return undefined;
    return reading ? this.cache.put(fromRow(row)) : fromRow(row);
  }

  // ---- provisioning -------------------------------------------------------------------------------

  /** Creates the account's root (idempotent). `protection` sets the root's mode and extended ACL. */
  provision(account: string, owner: string, group: string, protection: { mode: number; acl?: AclEntry[] }): void {
    this.tx(() => {
      if (this.q.root.get(account) !== undefined) return;
      const t = this.now();
      const id = Number(this.q.insert.run({
        parent: null, name: '', kind: 'dir', owner, grp: group, mode: protection.mode, acl: serializeAcl(protection.acl ?? []),
        default_acl: '', t, length: 0,
      }).lastInsertRowid);
      this.q.addNamespace.run(account, id);
    });
  }

  /** Removes an account's namespace and its bytes. */
  destroy(account: string): void {
    this.tx(() => {
      const root = this.q.root.get(account) as number | undefined;
      if (root === undefined) return;
      this.dropSubtree(root);
      this.q.dropNamespace.run(account);
      this.roots.delete(account);
    });
  }

  hasNamespace(account: string): boolean {
    return this.rootOf(account) !== undefined;
  }

  /** Start-up repair of the blob folder against committed extents (see BlobStore.reconcile). */
  reconcileBlobs(): ReturnType<BlobStore['reconcile']> {
    const committed = new Map<string, number>();
    for (const r of this.q.allExtents.iterate() as Iterable<{ blob: string; length: number }>) committed.set(r.blob, r.length);
    return this.blobs.reconcile(committed);
  }

  // ---- lookups ------------------------------------------------------------------------------------

  /** GETFILESTATUS: needs traverse on the ancestors only. */
  stat(account: string, path: PathNames, caller: Caller): Inode {
    return this.lookup(() => this.resolve(account, path, caller).node);
  }

  /** Directory listing in ordinal name order; a file lists as itself. Needs r-x on a directory. */
  list(account: string, path: PathNames, caller: Caller, o: ListOptions): { node: Inode; children: Inode[] } {
    return this.read(() => {
      const { node } = this.resolve(account, path, caller);
      if (node.kind === 'file') return { node, children: [] };
      this.require(node, caller, READ_EXECUTE, path);
      const after = o.after ?? null, before = o.before ?? null;
      const rows = this.q.children.all(node.id, after, after, before, before, o.limit ?? -1) as InodeRow[];
      return { node, children: rows.map(fromRow) };
    });
  }

  summary(account: string, path: PathNames, caller: Caller): ContentSummary {
    return this.read(() => {
      const { node } = this.resolve(account, path, caller);
      const r = this.q.summary.get(node.id) as { dirs: number; files: number; bytes: number };
      return { directoryCount: r.dirs ?? 0, fileCount: r.files ?? 0, length: r.bytes ?? 0 };
    });
  }

  /** Whether the caller holds every bit of `want` on the item (after traverse on the ancestors). */
  checkAccess(account: string, path: PathNames, caller: Caller, want: number): void {
    this.lookup(() => {
      const { node } = this.resolve(account, path, caller);
      this.require(node, caller, want, path);
    });
  }

  acl(account: string, path: PathNames, caller: Caller): { node: Inode; entries: AclEntry[] } {
    return this.lookup(() => {
      const { node } = this.resolve(account, path, caller);
      return { node, entries: fullAcl(node) };
    });
  }

  // ---- creation -----------------------------------------------------------------------------------

  /** mkdir -p. Needs -wx on the deepest existing ancestor. Returns the directory. */
  mkdirs(account: string, path: PathNames, caller: Caller, mode?: number): Inode {
    return this.tx(() => {
      const { chain, missing } = this.walk(account, path, caller);
      const last = chain[chain.length - 1];
      if (missing === path.length) {
        if (last.kind !== 'dir') throw new StoreError('AlreadyExists', `${show(path)} already exists and is a file`);
        return last;
      }
      if (last.kind !== 'dir') throw new StoreError('NotDirectory', `Parent path is not a directory: ${show(path.slice(0, missing))}`);
      this.require(last, caller, WRITE_EXECUTE, path);
      return this.createChain(last, path.slice(missing), caller, 'dir', mode ?? DEFAULT_REQUESTED_MODE);
    });
  }

  /**
   * Validates a file creation without changing anything (so a request can be refused before its body is
   * read). `createFile` repeats the same checks inside its transaction.
   */
  checkCreate(account: string, path: PathNames, caller: Caller, o: CreateOptions): void {
    this.read(() => { this.planCreate(account, path, caller, o); });
  }

  /** Creates (or replaces) a file, with optional content already written to `content.blob`. */
  createFile(account: string, path: PathNames, caller: Caller, o: CreateOptions, content?: { blob: string; length: number }): Inode {
    return this.tx(() => {
      const plan = this.planCreate(account, path, caller, o);
      if (plan.existing) this.dropSubtree(plan.existing.id);
      const parent = plan.missingDirs.length > 0
        ? this.createChain(plan.parent, plan.missingDirs, caller, 'dir', DEFAULT_REQUESTED_MODE)
        : plan.parent;
      const file = this.createChild(parent, path[path.length - 1], caller, 'file', o.mode ?? DEFAULT_REQUESTED_MODE);
      if (content && content.length > 0) {
        this.q.addExtent.run(file.id, 0, content.blob, content.length);
        this.q.setLength.run(content.length, file.mtime, file.id);
        file.length = content.length;
      }
      return file;
    });
  }

  private planCreate(account: string, path: PathNames, caller: Caller, o: CreateOptions) {
    if (path.length === 0) throw new StoreError('AlreadyExists', 'Cannot create a file at the root: / is a directory');
    const { chain, missing } = this.walk(account, path, caller);
    const last = chain[chain.length - 1];
    if (missing === path.length) {
      if (last.kind === 'dir') throw new StoreError('AlreadyExists', `${show(path)} already exists as a directory`);
      if (!o.overwrite) throw new StoreError('AlreadyExists', `${show(path)} already exists`);
      const parent = chain[chain.length - 2];
      this.require(parent, caller, WRITE_EXECUTE, path);
      if (!stickyAllows(parent, last.owner, caller)) throw denied(show(path));
      // HDFS startFile: overwriting also needs w on the existing file (filesystem-api §6.3).
      this.require(last, caller, WRITE, path);
      return { parent, missingDirs: [] as string[], existing: last };
    }
    if (last.kind !== 'dir') throw new StoreError('NotDirectory', `Parent path is not a directory: ${show(path.slice(0, missing))}`);
    if (missing < path.length - 1 && !o.createParent) throw notFound(show(path.slice(0, missing + 1)));
    this.require(last, caller, WRITE_EXECUTE, path);
    return { parent: last, missingDirs: path.slice(missing, path.length - 1), existing: undefined };
  }

  private createChain(from: Inode, names: PathNames, caller: Caller, kind: Inode['kind'], mode: number): Inode {
    let cur = from;
    names.forEach((name, i) => {
      // Intermediate directories get u+wx so the creator can go on creating below them (HDFS).
      const m = i === names.length - 1 ? mode : (DEFAULT_REQUESTED_MODE | 0o300);
      cur = this.createChild(cur, name, caller, i === names.length - 1 ? kind : 'dir', m);
    });
    return cur;
  }

  private createChild(parent: Inode, name: string, caller: Caller, kind: Inode['kind'], requested: number): Inode {
    const p = inheritedProtection(parent, kind, requested, UMASK);
    const t = this.now();
    const id = Number(this.q.insert.run({
      parent: parent.id, name, kind, owner: caller.oid, grp: parent.group, mode: p.mode, acl: serializeAcl(p.acl),
      default_acl: serializeAcl(p.defaultAcl), t, length: 0,
    }).lastInsertRowid);
    this.q.touch.run(t, parent.id);
    return fromRow(this.q.byId.get(id) as InodeRow);
  }

  // ---- file content -------------------------------------------------------------------------------

  /**
   * Checks an append (w on the file; `offset`, when given, must equal the committed length) and says
   * where its bytes go. Nothing changes until `commitAppend`.
   */
  prepareAppend(account: string, path: PathNames, caller: Caller, offset: number | undefined): AppendTarget {
    return this.read(() => {
      const { node } = this.resolve(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('IsDirectory', `${show(path)} is a directory`);
      this.require(node, caller, WRITE, path);
      if (offset !== undefined && offset !== node.length) throw new StoreError('BadOffset', `Invalid offset ${offset}: length is ${node.length}`);
      const last = this.q.lastExtent.get(node.id) as ExtentRow | undefined;
      return last
        ? { fileId: node.id, length: node.length, blob: last.blob, position: last.length, newBlob: false }
        : { fileId: node.id, length: node.length, blob: this.blobs.newId(), position: 0, newBlob: true };
    });
  }

  /**
   * Commits `bytes` written (and fsynced) at `target`. Fails without change when the file is gone or its
   * length moved since `prepareAppend` (the caller then discards a new blob).
   */
  commitAppend(target: AppendTarget, bytes: number): number {
    return this.tx(() => {
      const row = this.q.byId.get(target.fileId) as InodeRow | undefined;
      if (!row || row.kind !== 'file' || (row.expiry > 0 && row.expiry <= this.now())) throw new StoreError('NotFound', 'File/Folder does not exist');
      if (row.length !== target.length) throw new StoreError('BadOffset', `Invalid offset ${target.length}: length is ${row.length}`);
      if (bytes === 0) return row.length;
      if (target.newBlob) {
        const r = this.q.seqRange.get(target.fileId) as { hi: number | null };
        this.q.addExtent.run(target.fileId, (r.hi ?? -1) + 1, target.blob, bytes);
      } else {
        const last = this.q.lastExtent.get(target.fileId) as ExtentRow | undefined;
        if (!last || last.blob !== target.blob || last.length !== target.position) throw new StoreError('BadOffset', 'File changed during append');
        this.q.growExtent.run(last.length + bytes, target.fileId, last.seq);
      }
      this.q.setLength.run(row.length + bytes, this.now(), target.fileId);
      return row.length + bytes;
    });
  }

  /** The byte ranges holding [offset, offset+length) of a file. Needs r. offset > size → BadOffset. */
  readPlan(account: string, path: PathNames, caller: Caller, offset: number, length?: number): { size: number; slices: BlobSlice[] } {
    return this.read(() => {
      const { node } = this.resolve(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('IsDirectory', `${show(path)} is a directory`);
      this.require(node, caller, READ, path);
      if (offset > node.length) throw new StoreError('BadOffset', `Invalid offset ${offset}: length is ${node.length}`);
      const end = length === undefined ? node.length : Math.min(node.length, offset + length);
      const slices: BlobSlice[] = [];
      let pos = 0;
      for (const e of this.q.extents.all(node.id) as ExtentRow[]) {
        const s = Math.max(offset, pos), f = Math.min(end, pos + e.length);
        if (s < f) slices.push({ blob: e.blob, start: s - pos, end: f - pos });
        pos += e.length;
        if (pos >= end) break;
      }
      return { size: node.length, slices };
    });
  }

  /**
   * The inode ids concat must lock: the destination's (undefined when it does not exist yet) and every
   * source's, looked up in one read transaction with the caller's traverse checks. The first missing source
   * ends the lookup with NotFound (one error, however long the list).
   */
  concatIds(account: string, dest: PathNames, sources: PathNames[], caller: Caller): { dest?: number; sources: number[] } {
    return this.read(() => {
      const d = this.walk(account, dest, caller);
      const destId = d.missing === dest.length ? d.chain[d.chain.length - 1].id : undefined;
      const ids = sources.map((p) => this.resolve(account, p, caller).node.id);
      return { dest: destId, sources: ids };
    });
  }

  /**
   * Joins `sources` (in order) onto `dest` by moving extent rows: no byte is copied. Creates `dest` (and
   * its parents) when missing, appends when it is a file. Sources are deleted; with `deleteSourceDir`
   * their common parent directory goes too. All or nothing.
   */
  concat(account: string, dest: PathNames, sources: PathNames[], caller: Caller, deleteSourceDir: boolean): void {
    this.tx(() => {
      if (sources.length === 0) throw new StoreError('InvalidArgument', 'No source files given');
      const keys = sources.map(show);
      if (new Set(keys).size !== keys.length) throw new StoreError('InvalidArgument', 'A source is listed twice');
      if (keys.includes(show(dest))) throw new StoreError('InvalidArgument', 'The destination is one of the sources');
      const srcNodes = sources.map((p) => {
        const { node, chain } = this.resolve(account, p, caller);
        if (node.kind !== 'file') throw new StoreError('InvalidArgument', `Source ${show(p)} is not a file`);
        this.require(node, caller, READ, p);
        const parent = chain[chain.length - 2];
        this.require(parent, caller, WRITE_EXECUTE, p);
        if (!stickyAllows(parent, node.owner, caller)) throw denied(show(p));
        return node;
      });
      const { chain, missing } = this.walk(account, dest, caller);
      // The sources' parent exists, so it can only be among the destination's existing ancestors.
      const destAncestors = new Set(chain.map((n) => n.id));
      let target: Inode;
      if (missing === dest.length) {
        target = chain[chain.length - 1];
        if (target.kind !== 'file') throw new StoreError('InvalidArgument', `Destination ${show(dest)} is a directory`);
        this.require(target, caller, WRITE, dest);
      } else {
        target = this.createFile_inTx(account, dest, caller);
      }
      const range = this.q.seqRange.get(target.id) as { hi: number | null };
      let next = (range.hi ?? -1) + 1;
      let length = target.length;
      for (const s of srcNodes) {
        const r = this.q.seqRange.get(s.id) as { lo: number | null; hi: number | null };
        if (r.lo !== null && r.hi !== null) {
          this.q.moveExtents.run(target.id, next - r.lo, s.id);
          next += r.hi - r.lo + 1;
        }
        length += s.length;
      }
      this.q.setLength.run(length, this.now(), target.id);
      const parents = new Set(srcNodes.map((s) => s.parent));
      const onlyParent = parents.size === 1 ? [...parents][0] : null;
      if (deleteSourceDir && onlyParent !== null && !destAncestors.has(onlyParent) && sources[0].length > 1) {
        // Dropping the sources' directory deletes everything in it, other users' files included: the caller
        // needs exactly what a recursive DELETE of that directory needs (nothing happens otherwise).
        const dirPath = sources[0].slice(0, -1);
        const { chain: dirChain } = this.resolve(account, dirPath, caller);
        this.checkDelete(dirChain[dirChain.length - 1], dirChain[dirChain.length - 2], caller, dirPath);
        this.dropSubtree(onlyParent);
      } else {
        for (const s of srcNodes) this.dropSubtree(s.id);
      }
    });
  }

  private createFile_inTx(account: string, path: PathNames, caller: Caller): Inode {
    const plan = this.planCreate(account, path, caller, { overwrite: false, createParent: true });
    const parent = plan.missingDirs.length > 0 ? this.createChain(plan.parent, plan.missingDirs, caller, 'dir', DEFAULT_REQUESTED_MODE) : plan.parent;
    return this.createChild(parent, path[path.length - 1], caller, 'file', DEFAULT_REQUESTED_MODE);
  }

  // ---- removal and renaming -----------------------------------------------------------------------

  /** Deletes a file or directory. Missing path (or the root) → false. Needs -wx on the parent (+ sticky). */
  delete(account: string, path: PathNames, caller: Caller, recursive: boolean): boolean {
    return this.tx(() => {
      if (path.length === 0) return false;
      const { chain, missing } = this.walk(account, path, caller);
      if (missing !== path.length) return false;
      const node = chain[chain.length - 1], parent = chain[chain.length - 2];
      if (node.kind === 'dir' && !recursive && this.q.hasChild.get(node.id)) {
        this.require(parent, caller, WRITE_EXECUTE, path);
        if (!stickyAllows(parent, node.owner, caller)) throw denied(show(path));
        throw new StoreError('NotEmpty', `${show(path)} is non empty': Directory is not empty`);
      }
      this.checkDelete(node, parent, caller, path);
      this.dropSubtree(node.id);
      this.q.touch.run(this.now(), parent.id);
      return true;
    });
  }

  /**
   * Renames `src` to `dst` (HDFS/Gen1 table in filesystem-api §5.8): onto an existing directory moves
   * inside it; onto an existing file only with `overwrite` (files only). Returns false for the
   * recorded "false" cases; throws for permission failures.
   */
  rename(account: string, src: PathNames, dst: PathNames, caller: Caller, overwrite: boolean): boolean {
    return this.tx(() => {
      if (src.length === 0) return false;
      const s = this.walk(account, src, caller);
      if (s.missing !== src.length) return false;
      const node = s.chain[s.chain.length - 1], srcParent = s.chain[s.chain.length - 2];
      if (show(src) === show(dst)) return node.kind === 'file';
      if (dst.length > src.length && show(dst).startsWith(show(src) + '/')) return false;
      const d = this.walk(account, dst, caller);
      let destParent: Inode, destName: string, replace: Inode | undefined;
      if (d.missing === dst.length) {
        const existing = d.chain[d.chain.length - 1];
        if (existing.kind === 'dir') {
          destParent = existing;
          destName = src[src.length - 1];
          if (existing.id === node.id || existing.id === srcParent.id && destName === node.name) return false;
          const clash = this.q.child.get(existing.id, destName) as InodeRow | undefined;
          if (clash) return false;
        } else {
          if (node.kind !== 'file' || !overwrite) return false;
          destParent = d.chain[d.chain.length - 2];
          destName = dst[dst.length - 1];
          replace = existing;
        }
      } else {
        if (d.missing !== dst.length - 1) return false;
        destParent = d.chain[d.chain.length - 1];
        if (destParent.kind !== 'dir') return false;
        destName = dst[dst.length - 1];
      }
      this.require(srcParent, caller, WRITE_EXECUTE, src);
      if (!stickyAllows(srcParent, node.owner, caller)) throw denied(show(src));
      this.require(destParent, caller, WRITE_EXECUTE, dst);
      if (replace) {
        if (!stickyAllows(destParent, replace.owner, caller)) throw denied(show(dst));
        this.dropSubtree(replace.id);
      }
      this.q.move.run(destParent.id, destName, node.id);
      const t = this.now();
      this.q.touch.run(t, srcParent.id);
      this.q.touch.run(t, destParent.id);
      return true;
    });
  }

  // ---- protection ---------------------------------------------------------------------------------

  /** Sets the permission bits (owner or super-user). With an ACL mask, the group digit sets the mask (HDFS). */
  setPermission(account: string, path: PathNames, caller: Caller, mode: number): void {
    this.tx(() => {
      const node = this.ownedBy(account, path, caller);
      const mask = node.acl.find((e) => e.type === 'mask');
      if (mask) {
        const acl = node.acl.map((e) => (e.type === 'mask' ? { ...e, perm: (mode >> 3) & 7 } : e));
        this.q.setProtection.run((mode & 0o1707) | (node.mode & 0o070), serializeAcl(acl), serializeAcl(node.defaultAcl), node.id);
      } else {
        this.q.setProtection.run(mode & 0o1777, serializeAcl(node.acl), serializeAcl(node.defaultAcl), node.id);
      }
    });
  }

  /** Changes owner (super-user only) and/or group (super-user, or the owner to a group they belong to). */
  setOwner(account: string, path: PathNames, caller: Caller, owner?: string, group?: string): void {
    this.tx(() => {
      const { node } = this.resolve(account, path, caller);
      if (!caller.superUser) {
        const ownerChange = owner !== undefined && owner !== node.owner;
        const groupOk = group === undefined || group === node.group || (node.owner === caller.oid && caller.groups.includes(group));
        if (ownerChange || !groupOk) throw new StoreError('NotSuperUser', `Only a super-user may change the owner of ${show(path)}`);
      }
      this.q.setOwner.run(owner ?? node.owner, group ?? node.group, node.id);
    });
  }

  setAcl(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => replaceAcl(n, spec)); }
  modifyAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => modifyAcl(n, spec)); }
  removeAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => removeAclEntries(n, spec)); }
  removeDefaultAcl(account: string, path: PathNames, caller: Caller): void { this.changeAcl(account, path, caller, removeDefaultAcl); }
  removeAcl(account: string, path: PathNames, caller: Caller): void { this.changeAcl(account, path, caller, removeAcl); }

  private changeAcl(account: string, path: PathNames, caller: Caller, change: (n: Inode) => AclState): void {
    this.tx(() => {
      const node = this.ownedBy(account, path, caller);
      const next = change(node);
      this.q.setProtection.run(next.mode, serializeAcl(next.acl), serializeAcl(next.defaultAcl), node.id);
    });
  }

  /** Sets a file's expiry (ms since the epoch, 0 = never). Directories cannot expire. Owner or super-user. */
  setExpiry(account: string, path: PathNames, caller: Caller, expiry: (node: Inode) => number): void {
    this.tx(() => {
      const node = this.ownedBy(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('InvalidArgument', `Expiry can only be set on files: ${show(path)} is a directory`);
      const at = expiry(node);
      this.q.setExpiry.run(at, node.id);
      if (at > 0 && (this.nextExpiry === 0 || at < this.nextExpiry)) this.nextExpiry = at;
    });
  }

  /** Sets modification and/or access time (undefined = unchanged). Owner or super-user. */
  setTimes(account: string, path: PathNames, caller: Caller, mtime?: number, atime?: number): void {
    this.tx(() => {
      const node = this.ownedBy(account, path, caller);
      this.q.setTimes.run(mtime ?? node.mtime, atime ?? node.atime, node.id);
    });
  }

  // ---- internals ----------------------------------------------------------------------------------

  private rootOf(account: string): number | undefined {
    let id = this.roots.get(account);
    if (id === undefined) {
      id = this.q.root.get(account) as number | undefined;
      if (id !== undefined) this.roots.set(account, id);
    }
    return id;
  }

  /**
   * Walks `path` from the account root, checking traverse (x) on every directory passed through.
   * Returns the chain of existing inodes and how many names resolved (`missing` = index of the first
   * missing name, or path.length when the whole path exists). A file in the middle stops the walk.
   */
  private walk(account: string, path: PathNames, caller: Caller): { chain: Inode[]; missing: number } {
    const rootId = this.rootOf(account);
    if (rootId === undefined) throw notFound(show(path));
    const root = this.inode(rootId);
    if (!root) throw notFound(show(path));
    const chain = [root];
    for (let i = 0; i < path.length; i++) {
      const cur = chain[chain.length - 1];
      if (cur.kind !== 'dir') return { chain, missing: i };
      if (!permitted(cur, caller, EXECUTE)) throw denied(show(path));
      const child = this.childOf(cur.id, path[i]);
      if (!child) return { chain, missing: i };
      chain.push(child);
    }
    return { chain, missing: path.length };
  }

  /** The existing item at `path` (404 otherwise), with traverse checked. */
  private resolve(account: string, path: PathNames, caller: Caller): { node: Inode; chain: Inode[] } {
    const { chain, missing } = this.walk(account, path, caller);
    if (missing !== path.length) throw notFound(show(path));
    return { node: chain[chain.length - 1], chain };
  }

  private ownedBy(account: string, path: PathNames, caller: Caller): Inode {
    const { node } = this.resolve(account, path, caller);
    if (!caller.superUser && node.owner !== caller.oid) throw denied(show(path));
    return node;
  }

  /**
   * What removing `node` (and everything below it) from `parent` needs: -wx on the parent, the parent's sticky
   * rule, and inside a directory rwx on every directory plus the sticky rule of every sticky directory for each
   * of its children (HDFS subtree access; POSIX rm -r unlinks every entry).
   */
  private checkDelete(node: Inode, parent: Inode, caller: Caller, path: PathNames): void {
    this.require(parent, caller, WRITE_EXECUTE, path);
    if (!stickyAllows(parent, node.owner, caller)) throw denied(show(path));
    if (node.kind !== 'dir' || caller.superUser || !this.q.hasChild.get(node.id)) return;
    for (const d of (this.q.subtreeDirs.all(node.id) as InodeRow[]).map(fromRow)) {
      if (!permitted(d, caller, ALL)) throw denied(show(path));
      if (d.mode & STICKY) {
        for (const owner of this.q.childOwners.all(d.id) as string[]) {
          if (!stickyAllows(d, owner, caller)) throw denied(show(path));
        }
      }
    }
  }

  private require(node: Inode, caller: Caller, want: number, path: PathNames): void {
    if (!permitted(node, caller, want)) throw denied(show(path));
  }

  /** Deletes an inode and everything below it; its blobs are deleted after the commit. */
  private dropSubtree(id: number): void {
    this.garbage.push(...(this.q.subtreeBlobs.all(id) as string[]));
    const ids = this.q.subtree.all(id) as number[];
    this.q.deleteIds.run(JSON.stringify(ids));
  }

  /** Expired files disappear: swept at the start of any operation once the earliest expiry has passed. */
  private sweepExpired(): void {
    for (const id of this.q.expired.all(this.now()) as number[]) this.dropSubtree(id);
    this.nextExpiry = (this.q.minExpiry.get() as number | null) ?? 0;
  }
}
