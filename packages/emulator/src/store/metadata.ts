import type { AclEntry } from './acl.js';
import type { Inode } from './inode.js';

/** Paging of a directory listing: names strictly after / before, at most `limit` entries (ordinal name order). */
export interface ListOptions { after?: string; before?: string; limit?: number }
export interface ContentSummary { directoryCount: number; fileCount: number; length: number }
/** One extent of a file: `seq` orders a file's extents; `extent` names its bytes in the extent store. */
export interface ExtentRef { seq: number; extent: string; length: number }
/** A single-writer lease on a file (filesystem-api §6.1): who holds it and when it was last renewed. */
export interface LeaseRecord { id: string; renewedAt: number }

/**
 * A Gen2 lease on a path (Lease Blob, DFS Path_Lease): its id, its duration in seconds (-1 infinite), when a fixed
 * lease lapses, and when a break completes (ms since the epoch). Kept with its inode: deleting the path drops it.
 */
export interface PathLeaseRecord { id: string; duration: number; expiresAt: number; breakAt?: number }
/** Bytes staged for a file under a key (a DFS append position, a Blob block id), not yet part of its content. */
export interface StagedRef { key: string; extent: string; length: number; createdAt: number }

/** A new inode's fields (ids are assigned by the backend and never reused). */
export interface NewInode {
  parent: number | null;
  name: string;
  kind: Inode['kind'];
  owner: string;
  group: string;
  mode: number;
  acl: AclEntry[];
  defaultAcl: AclEntry[];
  time: number;
}

/** The inode fields a change may set. */
export type InodePatch = Partial<Pick<Inode, 'parent' | 'name' | 'owner' | 'group' | 'mode' | 'acl' | 'defaultAcl' | 'atime' | 'mtime' | 'expiry' | 'length' | 'props'>>;

/**
 * Where a namespace's metadata lives: inodes by id and by (parent, name), file extents, expiry, leases.
 * Synchronous and API-neutral. `write` is all or nothing (a throw undoes every change made inside it);
 * `read` sees one consistent state. Inodes handed out are read-only snapshots: changes go through `update`.
 * Implementations: SQLite (durable) and memory; one contract test suite runs against both.
 */
export interface MetadataBackend {
  read<T>(fn: () => T): T;
  write<T>(fn: () => T): T;

  rootOf(account: string): number | undefined;
  addNamespace(account: string, rootId: number): void;
  dropNamespace(account: string): void;

  inode(id: number): Inode | undefined;
  child(parent: number, name: string): Inode | undefined;
  children(parent: number, o: ListOptions): Inode[];
  hasChildren(id: number): boolean;
  /** Distinct owners of a directory's children (sticky-bit checks of a recursive delete). */
  childOwners(id: number): string[];
  /** Every directory of the subtree rooted at `id`, itself included. */
  subtreeDirs(id: number): Inode[];
  summary(id: number): ContentSummary;

  insert(n: NewInode): Inode;
  /** Applies `patch` and counts one more change (`version`). */
  update(id: number, patch: InodePatch): void;
  /** Deletes the subtree rooted at `id` with its extents and leases; returns the extent ids no longer referenced. */
  deleteSubtree(id: number): string[];

  extents(fileId: number): ExtentRef[];
  lastExtent(fileId: number): ExtentRef | undefined;
  addExtent(fileId: number, extent: string, length: number): void;
  growExtent(fileId: number, seq: number, length: number): void;
  /** Moves every extent of `from` to the end of `to`, keeping their order. */
  moveExtents(from: number, to: number): void;
  /** Drops every extent of a file (its content becomes empty); returns them. */
  dropExtents(fileId: number): string[];

  /** A file's staged pieces, in key order. */
  staged(fileId: number): StagedRef[];
  /** Stages a piece under `key`; returns the extent of a piece it replaced. */
  putStaged(fileId: number, ref: StagedRef): string | undefined;
  /** Forgets staged pieces (all when `keys` is undefined); returns their extents (committed ones are still referenced). */
  dropStaged(fileId: number, keys?: readonly string[]): string[];

  /** Whether any file references the extent, committed or staged (the collector's mark). */
  isReferenced(extent: string): boolean;
  /** Every referenced extent (committed or staged) with its length. */
  allExtents(): Map<string, number>;

  /** Files whose expiry is at or before `now`, and the earliest expiry still pending (0 = none). */
  expired(now: number): number[];
  minExpiry(): number;

  lease(fileId: number): LeaseRecord | undefined;
  setLease(fileId: number, lease: LeaseRecord | undefined): void;
  /** Drops leases last renewed at or before `before`. */
  dropLeasesBefore(before: number): void;
  pathLease(inodeId: number): PathLeaseRecord | undefined;
  setPathLease(inodeId: number, lease: PathLeaseRecord | undefined): void;

  close(): void;
}
