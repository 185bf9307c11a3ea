import type { Inode } from './inode.js';
import type { ContentSummary, ExtentRef, InodePatch, LeaseRecord, ListOptions, MetadataBackend, NewInode, PathLeaseRecord, StagedRef } from './metadata.js';
import { freezeProps, NO_PROPS } from './path-props.js';

/**
 * Ordinal (Unicode code point) order, as SQLite's BINARY collation orders UTF-8 names. UTF-16 code units already
 * sort that way except that a surrogate (part of a code point from U+10000 up) must sort after every other unit.
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
      return xs === ys ? x - y : xs ? 1 : -1;
    }
  }
  return a.length - b.length;
}

/** A directory's children: by name, plus the names in order (built on the first listing, then kept in step). */
interface Entries { byName: Map<string, number>; sorted?: string[] }

/**
 * Namespace metadata in memory: the throwaway backend (`--in-memory`). Inodes are frozen records replaced on
 * every change, so a snapshot handed out never changes under its holder. `write` keeps an undo list and plays
 * it back when the change throws: all or nothing, as in SQLite.
 */
export class MemoryMetadata implements MetadataBackend {
  private readonly inodes = new Map<number, Inode>();
  private readonly dirs = new Map<number, Entries>();
  private readonly files = new Map<number, ExtentRef[]>();
  private readonly referenced = new Map<string, number>();
  private readonly leases = new Map<number, LeaseRecord>();
  private readonly pathLeases = new Map<number, PathLeaseRecord>();
  /** Staged pieces per file, by key. */
  private readonly stagedPieces = new Map<number, Map<string, StagedRef>>();
  private readonly namespaces = new Map<string, number>();
  private nextId = 1;
  private undo: (() => void)[] | undefined;

  read<T>(fn: () => T): T {
    return fn();
  }

  write<T>(fn: () => T): T {
    if (this.undo) return fn(); // nested: the outer write owns the undo list
    this.undo = [];
    try {
      return fn();
    } catch (e) {
      for (const step of this.undo.reverse()) step();
      throw e;
    } finally {
      this.undo = undefined;
    }
  }

  private record(step: () => void): void {
    this.undo?.push(step);
  }

  rootOf(account: string): number | undefined { return this.namespaces.get(account); }

  addNamespace(account: string, rootId: number): void {
    this.namespaces.set(account, rootId);
    this.record(() => this.namespaces.delete(account));
  }

  dropNamespace(account: string): void {
    const id = this.namespaces.get(account);
    if (id === undefined) return;
    this.namespaces.delete(account);
    this.record(() => this.namespaces.set(account, id));
  }

  inode(id: number): Inode | undefined { return this.inodes.get(id); }

  child(parent: number, name: string): Inode | undefined {
    const id = this.dirs.get(parent)?.byName.get(name);
    return id === undefined ? undefined : this.inodes.get(id);
  }

  children(parent: number, o: ListOptions): Inode[] {
    const entries = this.dirs.get(parent);
    if (!entries) return [];
    const names = entries.sorted ??= [...entries.byName.keys()].sort(compareNames);
    let lo = 0;
    if (o.after !== undefined) lo = upperBound(names, o.after);
    const out: Inode[] = [];
    const limit = o.limit === undefined || o.limit < 0 ? Infinity : o.limit;
    for (let i = lo; i < names.length && out.length < limit; i++) {
      if (o.before !== undefined && compareNames(names[i], o.before) >= 0) break;
      out.push(this.inodes.get(entries.byName.get(names[i])!)!);
    }
    return out;
  }

  hasChildren(id: number): boolean { return (this.dirs.get(id)?.byName.size ?? 0) > 0; }

  childOwners(id: number): string[] {
    const owners = new Set<string>();
    for (const c of this.dirs.get(id)?.byName.values() ?? []) owners.add(this.inodes.get(c)!.owner);
    return [...owners];
  }

  subtreeDirs(id: number): Inode[] {
    return this.subtree(id).map((i) => this.inodes.get(i)!).filter((n) => n.kind === 'dir');
  }

  summary(id: number): ContentSummary {
    const s = { directoryCount: 0, fileCount: 0, length: 0 };
    for (const i of this.subtree(id)) {
      const n = this.inodes.get(i)!;
      if (n.kind === 'dir') s.directoryCount++;
      else { s.fileCount++; s.length += n.length; }
    }
    return s;
  }

  insert(n: NewInode): Inode {
    const node: Inode = Object.freeze({
      id: this.nextId++, parent: n.parent, name: n.name, kind: n.kind, owner: n.owner, group: n.group, mode: n.mode,
      acl: freezeList(n.acl), defaultAcl: freezeList(n.defaultAcl), atime: n.time, mtime: n.time, ctime: n.time, expiry: 0, length: 0,
      version: 0, props: NO_PROPS,
    });
    this.put(node);
    this.record(() => this.remove(node));
    return node;
  }

  update(id: number, patch: InodePatch): void {
    const old = this.inodes.get(id);
    if (!old) return;
    const next: Inode = { ...old };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    next.acl = freezeList(next.acl);
    next.defaultAcl = freezeList(next.defaultAcl);
    next.props = freezeProps(next.props);
    next.version = old.version + 1;
    this.remove(old);
    this.put(Object.freeze(next));
    this.record(() => { this.remove(this.inodes.get(id)!); this.put(old); });
  }

  deleteSubtree(id: number): string[] {
    const dropped: string[] = [];
    // Children first, so that each removal leaves a consistent tree for the undo list to rebuild in reverse.
    for (const i of this.subtree(id).reverse()) {
      const node = this.inodes.get(i)!;
      const extents = this.files.get(i);
      if (extents) {
        for (const e of extents) { this.referenced.delete(e.extent); dropped.push(e.extent); }
        this.files.delete(i);
      }
      const lease = this.leases.get(i);
      this.leases.delete(i);
      const pathLease = this.pathLeases.get(i);
      this.pathLeases.delete(i);
      const staged = this.stagedPieces.get(i);
      if (staged) {
        for (const s of staged.values()) { this.referenced.delete(s.extent); dropped.push(s.extent); }
        this.stagedPieces.delete(i);
      }
      this.remove(node);
      this.record(() => {
        this.put(node);
        if (extents) { this.files.set(i, extents); for (const e of extents) this.referenced.set(e.extent, i); }
        if (lease) this.leases.set(i, lease);
        if (pathLease) this.pathLeases.set(i, pathLease);
        if (staged) { this.stagedPieces.set(i, staged); for (const s of staged.values()) this.referenced.set(s.extent, i); }
      });
    }
    return dropped;
  }

  private subtree(id: number): number[] {
    const out: number[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (!this.inodes.has(i)) continue;
      out.push(i);
      for (const c of this.dirs.get(i)?.byName.values() ?? []) stack.push(c);
    }
    return out;
  }

  private put(node: Inode): void {
    this.inodes.set(node.id, node);
    if (node.kind === 'dir' && !this.dirs.has(node.id)) this.dirs.set(node.id, { byName: new Map() });
    if (node.parent !== null) {
      const entries = this.dirs.get(node.parent)!;
      if (!entries.byName.has(node.name) && entries.sorted) entries.sorted.splice(lowerBound(entries.sorted, node.name), 0, node.name);
      entries.byName.set(node.name, node.id);
    }
  }

  private remove(node: Inode): void {
    this.inodes.delete(node.id);
    if (node.parent !== null) {
      const entries = this.dirs.get(node.parent);
      if (entries && entries.byName.get(node.name) === node.id) {
        entries.byName.delete(node.name);
        if (entries.sorted) entries.sorted.splice(lowerBound(entries.sorted, node.name), 1);
      }
    }
    if (node.kind === 'dir' && !this.inodes.has(node.id) && (this.dirs.get(node.id)?.byName.size ?? 0) === 0) this.dirs.delete(node.id);
  }

  extents(fileId: number): ExtentRef[] { return this.files.get(fileId)?.map((e) => ({ ...e })) ?? []; }

  lastExtent(fileId: number): ExtentRef | undefined {
    const list = this.files.get(fileId);
    return list && list.length > 0 ? { ...list[list.length - 1] } : undefined;
  }

  addExtent(fileId: number, extent: string, length: number): void {
    const old = this.files.get(fileId);
    const list = old ? [...old] : [];
    list.push({ seq: list.length > 0 ? list[list.length - 1].seq + 1 : 0, extent, length });
    this.files.set(fileId, list);
    this.referenced.set(extent, fileId);
    this.record(() => {
      if (old) this.files.set(fileId, old); else this.files.delete(fileId);
      this.referenced.delete(extent);
    });
  }

  growExtent(fileId: number, seq: number, length: number): void {
    const old = this.files.get(fileId);
    if (!old) return;
    this.files.set(fileId, old.map((e) => (e.seq === seq ? { ...e, length } : e)));
    this.record(() => this.files.set(fileId, old));
  }

  moveExtents(from: number, to: number): void {
    const src = this.files.get(from);
    if (!src || src.length === 0) return;
    const dst = this.files.get(to);
    const next = dst ? [...dst] : [];
    let seq = next.length > 0 ? next[next.length - 1].seq + 1 : 0;
    for (const e of src) { next.push({ seq: seq++, extent: e.extent, length: e.length }); this.referenced.set(e.extent, to); }
    this.files.set(to, next);
    this.files.delete(from);
    this.record(() => {
      if (dst) this.files.set(to, dst); else this.files.delete(to);
      this.files.set(from, src);
      for (const e of src) this.referenced.set(e.extent, from);
    });
  }

  dropExtents(fileId: number): string[] {
    const old = this.files.get(fileId);
    if (!old) return [];
    this.files.delete(fileId);
    for (const e of old) this.referenced.delete(e.extent);
    this.record(() => { this.files.set(fileId, old); for (const e of old) this.referenced.set(e.extent, fileId); });
    return old.map((e) => e.extent);
  }

  staged(fileId: number): StagedRef[] {
    const pieces = [...(this.stagedPieces.get(fileId)?.values() ?? [])].map((s) => ({ ...s }));
    // Key order as SQLite's BINARY collation gives it.
    return pieces.sort((a, b) => compareNames(a.key, b.key));
  }

  putStaged(fileId: number, ref: StagedRef): string | undefined {
    const old = this.stagedPieces.get(fileId);
    const next = new Map(old ?? []);
    const replaced = next.get(ref.key);
    next.set(ref.key, { ...ref });
    this.stagedPieces.set(fileId, next);
    if (replaced) this.referenced.delete(replaced.extent);
    this.referenced.set(ref.extent, fileId);
    this.record(() => {
      if (old) this.stagedPieces.set(fileId, old); else this.stagedPieces.delete(fileId);
      this.referenced.delete(ref.extent);
      if (replaced) this.referenced.set(replaced.extent, fileId);
    });
    return replaced?.extent;
  }

  dropStaged(fileId: number, keys?: readonly string[]): string[] {
    const old = this.stagedPieces.get(fileId);
    if (!old) return [];
    const next = new Map(old);
    const dropped: StagedRef[] = [];
    for (const k of keys ?? [...old.keys()]) {
      const s = next.get(k);
      if (!s) continue;
      next.delete(k);
      dropped.push(s);
    }
    if (next.size > 0) this.stagedPieces.set(fileId, next); else this.stagedPieces.delete(fileId);
    // An extent both staged and committed (a commit moves it) stays referenced by the file.
    const committed = new Set((this.files.get(fileId) ?? []).map((e) => e.extent));
    for (const s of dropped) if (!committed.has(s.extent)) this.referenced.delete(s.extent);
    this.record(() => {
      this.stagedPieces.set(fileId, old);
      for (const s of dropped) this.referenced.set(s.extent, fileId);
    });
    return dropped.map((s) => s.extent);
  }

  isReferenced(extent: string): boolean { return this.referenced.has(extent); }

  allExtents(): Map<string, number> {
    const out = new Map<string, number>();
    for (const list of this.files.values()) for (const e of list) out.set(e.extent, e.length);
    for (const pieces of this.stagedPieces.values()) for (const s of pieces.values()) out.set(s.extent, s.length);
    return out;
  }

  expired(now: number): number[] {
    const out: number[] = [];
    for (const n of this.inodes.values()) if (n.expiry > 0 && n.expiry <= now) out.push(n.id);
    return out;
  }

  minExpiry(): number {
    let min = 0;
    for (const n of this.inodes.values()) if (n.expiry > 0 && (min === 0 || n.expiry < min)) min = n.expiry;
    return min;
  }

  lease(fileId: number): LeaseRecord | undefined { return this.leases.get(fileId); }

  setLease(fileId: number, lease: LeaseRecord | undefined): void {
    const old = this.leases.get(fileId);
    if (lease) this.leases.set(fileId, lease); else this.leases.delete(fileId);
    this.record(() => { if (old) this.leases.set(fileId, old); else this.leases.delete(fileId); });
  }

  dropLeasesBefore(before: number): void {
    for (const [id, l] of this.leases) if (l.renewedAt <= before) this.setLease(id, undefined);
  }

  pathLease(inodeId: number): PathLeaseRecord | undefined { return this.pathLeases.get(inodeId); }

  setPathLease(inodeId: number, lease: PathLeaseRecord | undefined): void {
    const old = this.pathLeases.get(inodeId);
    if (lease) this.pathLeases.set(inodeId, Object.freeze({ ...lease })); else this.pathLeases.delete(inodeId);
    this.record(() => { if (old) this.pathLeases.set(inodeId, old); else this.pathLeases.delete(inodeId); });
  }

  close(): void {
    this.pathLeases.clear();
    this.inodes.clear();
    this.dirs.clear();
    this.files.clear();
    this.referenced.clear();
    this.leases.clear();
    this.stagedPieces.clear();
  }
}

const freezeList = <T extends object>(list: readonly T[]): T[] => Object.freeze(list.map((e) => Object.freeze({ ...e }))) as T[];

/** Index of the first name not ordered before `name`. */
function lowerBound(names: string[], name: string): number {
  let lo = 0, hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareNames(names[mid], name) < 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the first name ordered after `name`. */
function upperBound(names: string[], name: string): number {
  let lo = 0, hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareNames(names[mid], name) <= 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}
