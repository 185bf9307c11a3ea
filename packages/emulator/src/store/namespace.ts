import { setImmediate as nextTurn } from 'node:timers/promises';
import { EXTENT_GC_INTERVAL_MS, LIST_SLICE } from '../defaults.js';
import type { AclEntry } from './acl.js';
import { type AclState, fullAcl, inheritedProtection, modifyAcl, removeAcl, removeAclEntries, removeDefaultAcl, replaceAcl } from './acl-transform.js';
import { type Caller, READ, READ_EXECUTE, WRITE, WRITE_EXECUTE } from './access.js';
import { notFound, StoreError } from './errors.js';
import { ExtentCollector, type SweepReport } from './extent-gc.js';
import type { ByteSource, ExtentSlice, ExtentStore } from './extents.js';
import type { Inode } from './inode.js';
import { KeyedMutex } from './keyed-mutex.js';
import { LeaseTable, type LeaseUse } from './leases.js';
import type { ContentSummary, ListOptions, MetadataBackend, PathLeaseRecord } from './metadata.js';
import { PathAccess, type PathNames, show } from './permissions.js';
import type { PathProps } from './path-props.js';
import type { AppendOptions, CommitOptions, CreateOptions, MkdirOptions, NamespaceStore, ReadHandle, StagedPiece } from './store.js';

/** Gen1 applies a fixed umask of 007 (filesystem-api §4.1). */
export const UMASK = 0o007;
/** Mode requested when the client gives none (files and directories alike: Gen1 shows 770 for both). */
export const DEFAULT_REQUESTED_MODE = 0o777;

/** Where an append's bytes go: the end of the file's last extent, or a new extent. */
interface AppendTarget { fileId: number; length: number; extent: string; position: number; newExtent: boolean }

/**
 * The namespace store over a metadata backend and an extent store (SQLite + files, or memory). Decides what an
 * operation may do (PathAccess), changes metadata in one backend write, writes bytes before the change that makes
 * them visible, serialises writes per file, keeps leases and expiry, and leaves every dropped extent to the
 * collector.
 */
export class Namespace implements NamespaceStore {
  private readonly paths: PathAccess;
  private readonly leases: LeaseTable;
  private readonly locks = new KeyedMutex();
  private readonly gc: ExtentCollector;
  /** Extents dropped by the running write, handed to the collector when it ends. */
  private garbage: string[] = [];
  private nextExpiry: number;

  constructor(
    private readonly meta: MetadataBackend,
    private readonly extents: ExtentStore,
    private readonly now: () => number,
    onError: (e: unknown) => void = () => {},
  ) {
    this.paths = new PathAccess(meta);
    this.leases = new LeaseTable(meta, now);
    this.gc = new ExtentCollector(meta, extents, onError);
    this.nextExpiry = meta.minExpiry();
  }

  async start(): Promise<SweepReport> {
    const report = await this.gc.sweep(true);
    this.gc.start(EXTENT_GC_INTERVAL_MS);
    return report;
  }

  async close(): Promise<void> {
    await this.gc.stop();
    this.meta.close();
  }

  /** Waits until the extents dropped so far are collected (tests, shutdown). */
  settle(): Promise<void> {
    return this.gc.settle();
  }

  // ---- transactions ------------------------------------------------------------------------------

  /** A consistent read, after the expiry sweep. */
  private read<T>(fn: () => T): T {
    this.sweepIfDue();
    return this.meta.read(fn);
  }

  /** An all-or-nothing change; the extents it dropped go to the collector afterwards (even when it failed). */
  private change<T>(fn: () => T): T {
    this.sweepIfDue();
    const outer = this.garbage;
    this.garbage = [];
    try {
      return this.meta.write(fn);
    } finally {
      this.gc.dropped(this.garbage);
      this.garbage = outer;
    }
  }

  /** Expired files disappear at the start of any operation once the earliest expiry has passed. */
  private sweepIfDue(): void {
    if (this.nextExpiry === 0 || this.now() < this.nextExpiry) return;
    const dropped: string[] = [];
    this.meta.write(() => {
      for (const id of this.meta.expired(this.now())) dropped.push(...this.meta.deleteSubtree(id));
    });
    this.nextExpiry = this.meta.minExpiry();
    this.gc.dropped(dropped);
  }

  private dropSubtree(id: number): void {
    this.garbage.push(...this.meta.deleteSubtree(id));
  }

  // ---- accounts ----------------------------------------------------------------------------------

  provision(account: string, owner: string, group: string, protection: { mode: number; acl?: AclEntry[] }): void {
    this.change(() => {
      if (this.meta.rootOf(account) !== undefined) return;
      const root = this.meta.insert({
        parent: null, name: '', kind: 'dir', owner, group, mode: protection.mode, acl: protection.acl ?? [], defaultAcl: [], time: this.now(),
      });
      this.meta.addNamespace(account, root.id);
    });
  }

  async destroy(account: string): Promise<void> {
    this.change(() => {
      const root = this.meta.rootOf(account);
      if (root === undefined) return;
      this.dropSubtree(root);
      this.meta.dropNamespace(account);
    });
    await this.gc.settle();
  }

  hasNamespace(account: string): boolean {
    return this.meta.rootOf(account) !== undefined;
  }

  // ---- lookups -----------------------------------------------------------------------------------

  stat(account: string, path: PathNames, caller: Caller): Inode {
    return this.read(() => this.paths.resolve(account, path, caller).node);
  }

  list(account: string, path: PathNames, caller: Caller, o: ListOptions): { node: Inode; children: Inode[] } {
    return this.read(() => {
      const { node } = this.paths.resolve(account, path, caller);
      if (node.kind === 'file') return { node, children: [] };
      this.paths.require(node, caller, READ_EXECUTE, path);
      return { node, children: this.meta.children(node.id, o) };
    });
  }

  async *listSlices(account: string, path: PathNames, caller: Caller, o: ListOptions, slice = LIST_SLICE): AsyncGenerator<{ node: Inode; children: Inode[] }> {
    let left = o.limit === undefined || o.limit < 0 ? Infinity : o.limit;
    const first = this.list(account, path, caller, { ...o, limit: Math.min(slice, left) });
    yield first;
    const { node } = first;
    let { children } = first;
    left -= children.length;
    // A short slice is the end; the directory's id is never reused, so a directory removed meanwhile lists nothing more.
    while (node.kind === 'dir' && children.length === slice && left > 0) {
      await nextTurn(); // the event loop serves other requests between slices
      const after = children[children.length - 1].name;
      children = this.read(() => this.meta.children(node.id, { after, before: o.before, limit: Math.min(slice, left) }));
      left -= children.length;
      if (children.length > 0) yield { node, children };
    }
  }

  summary(account: string, path: PathNames, caller: Caller): ContentSummary {
    return this.read(() => this.meta.summary(this.paths.resolve(account, path, caller).node.id));
  }

  checkAccess(account: string, path: PathNames, caller: Caller, want: number): void {
    this.read(() => this.paths.require(this.paths.resolve(account, path, caller).node, caller, want, path));
  }

  acl(account: string, path: PathNames, caller: Caller): { node: Inode; entries: AclEntry[] } {
    return this.read(() => {
      const { node } = this.paths.resolve(account, path, caller);
      return { node, entries: fullAcl(node) };
    });
  }

  // ---- creation ----------------------------------------------------------------------------------

  mkdirs(account: string, path: PathNames, caller: Caller, mode?: number, o: MkdirOptions = {}): Inode {
    return this.change(() => {
      const { chain, missing } = this.paths.walk(account, path, caller);
      const last = chain[chain.length - 1];
      if (missing === path.length) {
        if (last.kind !== 'dir') throw new StoreError('AlreadyExists', `${show(path)} already exists and is a file`);
        return last;
      }
      if (last.kind !== 'dir') throw new StoreError('NotDirectory', `Parent path is not a directory: ${show(path.slice(0, missing))}`);
      this.paths.require(last, caller, WRITE_EXECUTE, path);
      return this.createChain(last, path.slice(missing), caller, 'dir', mode ?? DEFAULT_REQUESTED_MODE, o.umask, o.props);
    });
  }

  checkCreate(account: string, path: PathNames, caller: Caller, o: CreateOptions): void {
    this.read(() => { this.planCreate(account, path, caller, o); });
  }

  async createFile(account: string, path: PathNames, caller: Caller, o: CreateOptions, body?: ByteSource, lease?: LeaseUse): Promise<Inode> {
    this.checkCreate(account, path, caller, o); // refuse before reading any byte
    let content: { extent: string; length: number; release: () => void } | undefined;
    if (body) {
      const extent = this.extents.newId();
      const release = this.gc.hold(extent);
      try {
        content = { extent, length: await this.extents.write(extent, 0, body, true), release };
      } catch (e) {
        release();
        throw e;
      }
    }
    try {
      return this.change(() => {
        const plan = this.planCreate(account, path, caller, o);
        if (plan.existing) this.dropSubtree(plan.existing.id);
        const parent = plan.missingDirs.length > 0
          ? this.createChain(plan.parent, plan.missingDirs, caller, 'dir', DEFAULT_REQUESTED_MODE, o.umask)
          : plan.parent;
        let file = this.createChild(parent, path[path.length - 1], caller, 'file', o.mode ?? DEFAULT_REQUESTED_MODE, o.umask, o.props);
        if (content && content.length > 0) {
          this.meta.addExtent(file.id, content.extent, content.length);
          this.meta.update(file.id, { length: content.length });
          file = this.meta.inode(file.id)!;
        }
        this.leases.record(file.id, lease);
        return file;
      });
    } finally {
      content?.release(); // an extent left unreferenced (failure, empty body) goes to the collector
    }
  }

  private planCreate(account: string, path: PathNames, caller: Caller, o: CreateOptions) {
    if (path.length === 0) throw new StoreError('AlreadyExists', 'Cannot create a file at the root: / is a directory');
    const { chain, missing } = this.paths.walk(account, path, caller);
    const last = chain[chain.length - 1];
    if (missing === path.length) {
      if (last.kind === 'dir') throw new StoreError('AlreadyExists', `${show(path)} already exists as a directory`);
      if (!o.overwrite) throw new StoreError('AlreadyExists', `${show(path)} already exists`);
      const parent = chain[chain.length - 2];
      this.paths.requireUnlink(last, parent, caller, path);
      // HDFS startFile: overwriting also needs w on the existing file (filesystem-api §6.3).
      this.paths.require(last, caller, WRITE, path);
      return { parent, missingDirs: [] as string[], existing: last as Inode | undefined };
    }
    if (last.kind !== 'dir') throw new StoreError('NotDirectory', `Parent path is not a directory: ${show(path.slice(0, missing))}`);
    if (missing < path.length - 1 && !o.createParent) throw notFound(show(path.slice(0, missing + 1)));
    this.paths.require(last, caller, WRITE_EXECUTE, path);
    return { parent: last, missingDirs: path.slice(missing, path.length - 1), existing: undefined };
  }

  private createChain(from: Inode, names: PathNames, caller: Caller, kind: Inode['kind'], mode: number, umask = UMASK, props?: PathProps): Inode {
    let cur = from;
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      // Intermediate directories get u+wx so the creator can go on creating below them (HDFS).
      const m = last ? mode : (DEFAULT_REQUESTED_MODE | 0o300);
      cur = this.createChild(cur, name, caller, last ? kind : 'dir', m, umask, last ? props : undefined);
    });
    return cur;
  }

  private createChild(parent: Inode, name: string, caller: Caller, kind: Inode['kind'], requested: number, umask = UMASK, props?: PathProps): Inode {
    const p = inheritedProtection(parent, kind, requested, umask);
    const t = this.now();
    let node = this.meta.insert({ parent: parent.id, name, kind, owner: caller.oid, group: parent.group, mode: p.mode, acl: p.acl, defaultAcl: p.defaultAcl, time: t });
    if (props) {
      this.meta.update(node.id, { props });
      node = this.meta.inode(node.id)!;
    }
    this.meta.update(parent.id, { mtime: t });
    return node;
  }

  // ---- file content ------------------------------------------------------------------------------

  /**
   * Appends at the committed length, serialised per file. The offset is checked before any byte is written and
   * again at commit; bytes are durable before the length moves, so a retried append after a lost answer gets
   * BadOffset instead of being applied twice.
   */
  async append(account: string, path: PathNames, caller: Caller, o: AppendOptions, body?: ByteSource): Promise<number> {
    const first = this.prepareAppend(account, path, caller, o);
    return this.locks.run([first.fileId], async () => {
      const t = this.prepareAppend(account, path, caller, o);
      if (t.fileId !== first.fileId) throw new StoreError('BadOffset', 'The file was replaced during the append');
      const release = this.gc.hold(t.extent);
      try {
        const n = body ? await this.extents.write(t.extent, t.position, body, t.newExtent) : 0;
        return this.change(() => this.commitAppend(t, n, o.lease));
      } finally {
        release(); // a new extent the append did not commit goes to the collector
      }
    });
  }

  private prepareAppend(account: string, path: PathNames, caller: Caller, o: AppendOptions): AppendTarget {
    return this.read(() => {
      const { node } = this.paths.resolve(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('IsDirectory', `${show(path)} is a directory`);
      this.paths.require(node, caller, WRITE, path);
      if (o.offset !== undefined && o.offset !== node.length) throw new StoreError('BadOffset', `Invalid offset ${o.offset}: length is ${node.length}`);
      this.leases.check(node.id, o.lease);
      const last = this.meta.lastExtent(node.id);
      return last
        ? { fileId: node.id, length: node.length, extent: last.extent, position: last.length, newExtent: false }
        : { fileId: node.id, length: node.length, extent: this.extents.newId(), position: 0, newExtent: true };
    });
  }

  /** Commits `bytes` written at `t`; fails without change when the file is gone or its length moved. */
  private commitAppend(t: AppendTarget, bytes: number, lease: LeaseUse | undefined): number {
    const node = this.meta.inode(t.fileId);
    if (!node || node.kind !== 'file' || (node.expiry > 0 && node.expiry <= this.now())) throw new StoreError('NotFound', 'File/Folder does not exist');
    if (node.length !== t.length) throw new StoreError('BadOffset', `Invalid offset ${t.length}: length is ${node.length}`);
    this.leases.check(t.fileId, lease);
    if (bytes > 0) {
      if (t.newExtent) {
        this.meta.addExtent(t.fileId, t.extent, bytes);
      } else {
        const last = this.meta.lastExtent(t.fileId);
        if (!last || last.extent !== t.extent || last.length !== t.position) throw new StoreError('BadOffset', 'File changed during append');
        this.meta.growExtent(t.fileId, last.seq, last.length + bytes);
      }
      this.meta.update(t.fileId, { length: node.length + bytes, mtime: this.now() });
    }
    this.leases.record(t.fileId, lease);
    return node.length + bytes;
  }

  // ---- staged data (Gen2) -------------------------------------------------------------------------

  async stage(account: string, path: PathNames, caller: Caller, key: string, body?: ByteSource, lease?: LeaseUse): Promise<number> {
    const fileId = this.read(() => this.writableFile(account, path, caller, lease).id);
    const extent = this.extents.newId();
    const release = this.gc.hold(extent);
    try {
      const n = body ? await this.extents.write(extent, 0, body, true) : 0;
      this.change(() => {
        const node = this.writableFile(account, path, caller, lease);
        if (node.id !== fileId) throw new StoreError('NotFound', `${show(path)} was replaced while its data was staged`);
        const replaced = this.meta.putStaged(node.id, { key, extent, length: n, createdAt: this.now() });
        if (replaced) this.garbage.push(replaced);
      });
      return n;
    } finally {
      release(); // a piece that was not recorded goes to the collector
    }
  }

  listStaged(account: string, path: PathNames, caller: Caller): StagedPiece[] {
    return this.read(() => {
      const { node } = this.paths.resolve(account, path, caller);
      this.paths.require(node, caller, READ, path);
      return this.meta.staged(node.id).map((s) => ({ key: s.key, length: s.length, createdAt: s.createdAt }));
    });
  }

  /** Serialised with appends to the file (an append in flight fills the last extent a replace would drop). */
  async commitStaged(account: string, path: PathNames, caller: Caller, keys: readonly string[], o: CommitOptions): Promise<Inode> {
    const fileId = this.read(() => this.writableFile(account, path, caller, o.lease).id);
    return this.locks.run([fileId], async () => this.change(() => {
      const node = this.writableFile(account, path, caller, o.lease);
      if (node.id !== fileId) throw new StoreError('NotFound', `${show(path)} was replaced during the commit`);
      if (o.expectLength !== undefined && node.length !== o.expectLength) throw new StoreError('BadOffset', `Invalid offset ${o.expectLength}: length is ${node.length}`);
      if (new Set(keys).size !== keys.length) throw new StoreError('InvalidArgument', 'A staged piece is listed twice');
      const staged = new Map(this.meta.staged(node.id).map((s) => [s.key, s]));
      const pieces = keys.map((k) => {
        const s = staged.get(k);
        if (!s) throw new StoreError('InvalidArgument', `No staged data under the key ${k}`);
        return s;
      });
      let length = node.length;
      if (o.mode === 'replace') {
        this.garbage.push(...this.meta.dropExtents(node.id));
        length = 0;
      }
      for (const s of pieces) {
        if (s.length > 0) this.meta.addExtent(node.id, s.extent, s.length);
        length += s.length;
      }
      this.garbage.push(...this.meta.dropStaged(node.id, o.retainOthers ? keys : undefined));
      const base = o.props ? { ...node.props, ...o.props } : node.props;
      const { pieces: _old, ...rest } = base;
      const props: PathProps = o.mode === 'replace' ? { ...rest, pieces: pieces.map((s) => ({ key: s.key, length: s.length })) } : rest;
      this.meta.update(node.id, { length, mtime: this.now(), props });
      this.leases.record(node.id, o.lease);
      return this.meta.inode(node.id)!;
    }));
  }

  setProps(account: string, path: PathNames, caller: Caller, props: PathProps): Inode {
    return this.change(() => {
      const { node } = this.paths.resolve(account, path, caller);
      this.paths.require(node, caller, WRITE, path);
      this.meta.update(node.id, { props: { ...node.props, ...props } });
      return this.meta.inode(node.id)!;
    });
  }

  /** The file at `path`, which the caller may write under `lease`. */
  private writableFile(account: string, path: PathNames, caller: Caller, lease: LeaseUse | undefined): Inode {
    const { node } = this.paths.resolve(account, path, caller);
    if (node.kind !== 'file') throw new StoreError('IsDirectory', `${show(path)} is a directory`);
    this.paths.require(node, caller, WRITE, path);
    this.leases.check(node.id, lease);
    return node;
  }

  openRead(account: string, path: PathNames, caller: Caller, offset: number, length?: number): ReadHandle {
    const plan = this.read(() => {
      const { node } = this.paths.resolve(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('IsDirectory', `${show(path)} is a directory`);
      this.paths.require(node, caller, READ, path);
      if (offset > node.length) throw new StoreError('BadOffset', `Invalid offset ${offset}: length is ${node.length}`);
      const end = length === undefined ? node.length : Math.min(node.length, offset + length);
      const slices: ExtentSlice[] = [];
      let pos = 0;
      for (const e of this.meta.extents(node.id)) {
        const s = Math.max(offset, pos), f = Math.min(end, pos + e.length);
        if (s < f) slices.push({ extent: e.extent, start: s - pos, end: f - pos });
        pos += e.length;
        if (pos >= end) break;
      }
      return { size: node.length, length: end - offset, slices };
    });
    // Pinned in the same tick as the plan: no collection can remove an extent in between.
    const pinned = this.extents.pin(plan.slices);
    return { size: plan.size, length: plan.length, stream: () => pinned.stream(), send: (sink) => pinned.send(sink), close: () => pinned.release() };
  }

  /**
   * Concat waits for in-flight appends to the files involved (their bytes go into extents that concat moves).
   * The locks are taken on the files found before waiting; if one was replaced meanwhile (an overwriting create),
   * an append to the new file could still be writing into an extent concat would move, so it looks again and
   * locks the files that are there now. The first missing source ends it with NotFound, however long the list.
   */
  async concat(account: string, dest: PathNames, sources: PathNames[], caller: Caller, deleteSourceDir: boolean): Promise<void> {
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    let ids = this.concatIds(account, dest, sources, caller);
    for (let attempt = 0; ; attempt++) {
      const locked = ids;
      const done = await this.locks.run(locked, async () => {
        ids = this.concatIds(account, dest, sources, caller);
        if (!same(ids, locked)) return false;
        this.change(() => this.concatNow(account, dest, sources, caller, deleteSourceDir));
        return true;
      });
      if (done) return;
      if (attempt >= 4) throw new StoreError('LeaseConflict', 'The files of the concat kept changing; retry');
    }
  }

  /** The ids concat must lock (the destination's, when it exists, then the sources'), with the caller's traverse checks. */
  private concatIds(account: string, dest: PathNames, sources: PathNames[], caller: Caller): number[] {
    return this.read(() => {
      const d = this.paths.walk(account, dest, caller);
      const ids = d.missing === dest.length ? [d.chain[d.chain.length - 1].id] : [];
      for (const p of sources) ids.push(this.paths.resolve(account, p, caller).node.id);
      return ids;
    });
  }

  private concatNow(account: string, dest: PathNames, sources: PathNames[], caller: Caller, deleteSourceDir: boolean): void {
    if (sources.length === 0) throw new StoreError('InvalidArgument', 'No source files given');
    const keys = sources.map(show);
    if (new Set(keys).size !== keys.length) throw new StoreError('InvalidArgument', 'A source is listed twice');
    if (keys.includes(show(dest))) throw new StoreError('InvalidArgument', 'The destination is one of the sources');
    const srcNodes = sources.map((p) => {
      const { node, chain } = this.paths.resolve(account, p, caller);
      if (node.kind !== 'file') throw new StoreError('InvalidArgument', `Source ${show(p)} is not a file`);
      this.paths.require(node, caller, READ, p);
      this.paths.requireUnlink(node, chain[chain.length - 2], caller, p);
      return node;
    });
    const { chain, missing } = this.paths.walk(account, dest, caller);
    // The sources' parent exists, so it can only be among the destination's existing ancestors.
    const destAncestors = new Set(chain.map((n) => n.id));
    let target: Inode;
    if (missing === dest.length) {
      target = chain[chain.length - 1];
      if (target.kind !== 'file') throw new StoreError('InvalidArgument', `Destination ${show(dest)} is a directory`);
      this.paths.require(target, caller, WRITE, dest);
    } else {
      const plan = this.planCreate(account, dest, caller, { overwrite: false, createParent: true });
      const parent = plan.missingDirs.length > 0 ? this.createChain(plan.parent, plan.missingDirs, caller, 'dir', DEFAULT_REQUESTED_MODE) : plan.parent;
      target = this.createChild(parent, dest[dest.length - 1], caller, 'file', DEFAULT_REQUESTED_MODE);
    }
    let length = target.length;
    for (const s of srcNodes) {
      this.meta.moveExtents(s.id, target.id);
      length += s.length;
    }
    this.meta.update(target.id, { length, mtime: this.now() });
    const parents = new Set(srcNodes.map((s) => s.parent));
    const onlyParent = parents.size === 1 ? [...parents][0] : null;
    if (deleteSourceDir && onlyParent !== null && !destAncestors.has(onlyParent) && sources[0].length > 1) {
      // Dropping the sources' directory deletes everything in it, other users' files included: the caller
      // needs exactly what a recursive delete of that directory needs (nothing happens otherwise).
      const dirPath = sources[0].slice(0, -1);
      const { chain: dirChain } = this.paths.resolve(account, dirPath, caller);
      this.paths.requireDelete(dirChain[dirChain.length - 1], dirChain[dirChain.length - 2], caller, dirPath);
      this.dropSubtree(onlyParent);
    } else {
      for (const s of srcNodes) this.dropSubtree(s.id);
    }
  }

  // ---- removal and renaming ----------------------------------------------------------------------

  delete(account: string, path: PathNames, caller: Caller, recursive: boolean): boolean {
    return this.change(() => {
      if (path.length === 0) return false;
      const { chain, missing } = this.paths.walk(account, path, caller);
      if (missing !== path.length) return false;
      const node = chain[chain.length - 1], parent = chain[chain.length - 2];
      if (node.kind === 'dir' && !recursive && this.meta.hasChildren(node.id)) {
        this.paths.requireUnlink(node, parent, caller, path);
        throw new StoreError('NotEmpty', `${show(path)} is non empty': Directory is not empty`);
      }
      this.paths.requireDelete(node, parent, caller, path);
      this.dropSubtree(node.id);
      this.meta.update(parent.id, { mtime: this.now() });
      return true;
    });
  }

  rename(account: string, src: PathNames, dst: PathNames, caller: Caller, overwrite: boolean, destAccount = account): boolean {
    return this.change(() => {
      if (src.length === 0) return false;
      const s = this.paths.walk(account, src, caller);
      if (s.missing !== src.length) return false;
      const node = s.chain[s.chain.length - 1], srcParent = s.chain[s.chain.length - 2];
      const sameNamespace = destAccount === account;
      if (sameNamespace && show(src) === show(dst)) return node.kind === 'file';
      if (sameNamespace && dst.length > src.length && show(dst).startsWith(show(src) + '/')) return false;
      const d = this.paths.walk(destAccount, dst, caller);
      let destParent: Inode, destName: string, replace: Inode | undefined;
      if (d.missing === dst.length) {
        const existing = d.chain[d.chain.length - 1];
        if (existing.kind === 'dir') {
          destParent = existing;
          destName = src[src.length - 1];
          if (existing.id === node.id || existing.id === srcParent.id && destName === node.name) return false;
          if (this.meta.child(existing.id, destName)) return false;
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
      this.paths.requireUnlink(node, srcParent, caller, src);
      this.paths.require(destParent, caller, WRITE_EXECUTE, dst);
      if (replace) {
        this.paths.requireUnlink(replace, destParent, caller, dst);
        this.dropSubtree(replace.id);
      }
      this.meta.update(node.id, { parent: destParent.id, name: destName });
      const t = this.now();
      this.meta.update(srcParent.id, { mtime: t });
      this.meta.update(destParent.id, { mtime: t });
      return true;
    });
  }

  // ---- protection --------------------------------------------------------------------------------

  /** Sets the permission bits (owner or super-user). With an ACL mask, the group digit sets the mask (HDFS). */
  setPermission(account: string, path: PathNames, caller: Caller, mode: number): void {
    this.change(() => {
      const node = this.paths.owned(account, path, caller);
      const mask = node.acl.find((e) => e.type === 'mask');
      if (mask) {
        const acl = node.acl.map((e) => (e.type === 'mask' ? { ...e, perm: (mode >> 3) & 7 } : e));
        this.meta.update(node.id, { mode: (mode & 0o1707) | (node.mode & 0o070), acl });
      } else {
        this.meta.update(node.id, { mode: mode & 0o1777 });
      }
    });
  }

  /** Changes owner (super-user only) and/or group (super-user, or the owner to a group they belong to). */
  setOwner(account: string, path: PathNames, caller: Caller, owner?: string, group?: string): void {
    this.change(() => {
      const { node } = this.paths.resolve(account, path, caller);
      if (!caller.superUser) {
        const ownerChange = owner !== undefined && owner !== node.owner;
        const groupOk = group === undefined || group === node.group || (node.owner === caller.oid && caller.groups.includes(group));
        if (ownerChange || !groupOk) throw new StoreError('NotSuperUser', `Only a super-user may change the owner of ${show(path)}`);
      }
      this.meta.update(node.id, { owner: owner ?? node.owner, group: group ?? node.group });
    });
  }

  setAcl(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => replaceAcl(n, spec)); }
  modifyAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => modifyAcl(n, spec)); }
  removeAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void { this.changeAcl(account, path, caller, (n) => removeAclEntries(n, spec)); }
  removeDefaultAcl(account: string, path: PathNames, caller: Caller): void { this.changeAcl(account, path, caller, removeDefaultAcl); }
  removeAcl(account: string, path: PathNames, caller: Caller): void { this.changeAcl(account, path, caller, removeAcl); }

  private changeAcl(account: string, path: PathNames, caller: Caller, change: (n: Inode) => AclState): void {
    this.change(() => {
      const node = this.paths.owned(account, path, caller);
      const next = change(node);
      this.meta.update(node.id, { mode: next.mode, acl: next.acl, defaultAcl: next.defaultAcl });
    });
  }

  pathLease(inodeId: number): PathLeaseRecord | undefined {
    return this.read(() => (this.meta.inode(inodeId) ? this.meta.pathLease(inodeId) : undefined));
  }

  updatePathLease<T>(inodeId: number, update: (current: PathLeaseRecord | undefined) => { lease: PathLeaseRecord | undefined; result: T }): T {
    return this.change(() => {
      if (!this.meta.inode(inodeId)) throw new StoreError('NotFound', 'File/Folder does not exist');
      const { lease, result } = update(this.meta.pathLease(inodeId));
      this.meta.setPathLease(inodeId, lease);
      return result;
    });
  }

  setExpiry(account: string, path: PathNames, caller: Caller, expiry: (node: Inode) => number): void {
    this.change(() => {
      const node = this.paths.owned(account, path, caller);
      if (node.kind !== 'file') throw new StoreError('InvalidArgument', `Expiry can only be set on files: ${show(path)} is a directory`);
      const at = expiry(node);
      this.meta.update(node.id, { expiry: at });
      if (at > 0 && (this.nextExpiry === 0 || at < this.nextExpiry)) this.nextExpiry = at;
    });
  }

  setTimes(account: string, path: PathNames, caller: Caller, mtime?: number, atime?: number): void {
    this.change(() => {
      const node = this.paths.owned(account, path, caller);
      this.meta.update(node.id, { mtime: mtime ?? node.mtime, atime: atime ?? node.atime });
    });
  }
}

