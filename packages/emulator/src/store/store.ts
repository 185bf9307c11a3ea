import type { Readable, Writable } from 'node:stream';
import type { Caller } from './access.js';
import type { AclEntry } from './acl.js';
import type { SweepReport } from './extent-gc.js';
import type { ByteSource } from './extents.js';
import type { Inode } from './inode.js';
import type { LeaseUse } from './leases.js';
import type { ContentSummary, ListOptions, PathLeaseRecord } from './metadata.js';
import type { PathProps } from './path-props.js';
import type { PathNames } from './permissions.js';

export type { ByteSource, Caller, ContentSummary, Inode, LeaseUse, ListOptions, PathLeaseRecord, PathNames, PathProps };

export interface CreateOptions {
  overwrite: boolean;
  mode?: number;
  createParent: boolean;
  /** Umask applied to `mode` (default: Gen1's fixed 007; Gen2 clients send their own, 0027 by default). */
  umask?: number;
  /** Metadata and content headers of the new path. */
  props?: PathProps;
}
export interface MkdirOptions { umask?: number; props?: PathProps }
/** A staged piece as listed: its key, length and when it was staged. */
export interface StagedPiece { key: string; length: number; createdAt: number }
export interface CommitOptions {
  /** `append`: the pieces go after the committed content (DFS flush); `replace`: they become the whole content (Blob Put Block List). */
  mode: 'append' | 'replace';
  /** The committed length the commit expects (BadOffset otherwise): a DFS flush's starting point. */
  expectLength?: number;
  /** Keep the staged pieces not committed (DFS `retainUncommittedData=true`); by default they are dropped. */
  retainOthers?: boolean;
  /** Replaces the content headers (and, when given, the metadata) in the same change. */
  props?: PathProps;
  lease?: LeaseUse;
}
export interface AppendOptions {
  /** Where the bytes must go: the committed length, or BadOffset (undefined: at the end, whatever it is). */
  offset?: number;
  lease?: LeaseUse;
}
/** A file's bytes [offset, offset + length), pinned when opened (a later delete does not change them). */
export interface ReadHandle {
  /** The file's committed length when it was opened. */
  size: number;
  /** Bytes the stream will carry. */
  length: number;
  /** Streams the bytes once; releases them at the end or when destroyed. */
  stream(): Readable;
  /** Writes the bytes once to `sink` (not ending it), with backpressure; releases them in every case (extents.ts). */
  send(sink: Writable): Promise<void>;
  /** Releases the bytes without streaming them. */
  close(): void;
}

/**
 * The namespaces of all accounts behind one API-neutral interface (no WebHDFS here): paths, inodes, extents,
 * owners, ACLs, leases, expiry. Front ends (the Gen1 data plane; a Gen2 one) translate their protocol to these
 * calls and back and never touch SQL, files or locks. Every change is all or nothing; file bytes are durable
 * before the change that makes them visible commits; writes to one file are serialised.
 * Errors are StoreErrors (errors.ts), which front ends map to their own answers.
 */
export interface NamespaceStore {
  /** Repairs the extents against the metadata (start-up sweep) and starts the periodic collector. */
  start(): Promise<SweepReport>;
  /** Waits for running writes' cleanup and stops the collector. */
  close(): Promise<void>;

  /** Creates the account's root (idempotent) with the given mode and extended ACL. */
  provision(account: string, owner: string, group: string, protection: { mode: number; acl?: AclEntry[] }): void;
  /** Removes an account's namespace and (through the collector) its bytes. */
  destroy(account: string): Promise<void>;
  hasNamespace(account: string): boolean;

  stat(account: string, path: PathNames, caller: Caller): Inode;
  /** A directory's children in ordinal name order (a file lists as itself, with no children). */
  list(account: string, path: PathNames, caller: Caller, o: ListOptions): { node: Inode; children: Inode[] };
  /**
   * list() in slices of at most `slice` children, yielding the event loop between them: one large page is otherwise
   * milliseconds of SQLite rows and JSON during which no other request is served. Access is checked once, at the
   * start; entries created meanwhile behind the slice already listed are missed, as between pages.
   */
  listSlices(account: string, path: PathNames, caller: Caller, o: ListOptions, slice?: number): AsyncGenerator<{ node: Inode; children: Inode[] }>;
  summary(account: string, path: PathNames, caller: Caller): ContentSummary;
  checkAccess(account: string, path: PathNames, caller: Caller, want: number): void;
  acl(account: string, path: PathNames, caller: Caller): { node: Inode; entries: AclEntry[] };

  mkdirs(account: string, path: PathNames, caller: Caller, mode?: number, o?: MkdirOptions): Inode;
  /** Validates a creation without change (so a front end can refuse before reading any byte of the body). */
  checkCreate(account: string, path: PathNames, caller: Caller, o: CreateOptions): void;
  /** Creates (or replaces) a file with the optional `body` as its content. */
  createFile(account: string, path: PathNames, caller: Caller, o: CreateOptions, body?: ByteSource, lease?: LeaseUse): Promise<Inode>;
  /** Appends `body` (none: a zero-length append) and returns the new length. */
  append(account: string, path: PathNames, caller: Caller, o: AppendOptions, body?: ByteSource): Promise<number>;
  /** Joins `sources` in order onto `dest` (created when missing) without copying bytes; sources go away. */
  concat(account: string, dest: PathNames, sources: PathNames[], caller: Caller, deleteSourceDir: boolean): Promise<void>;
  /** false when nothing is there (or the root). */
  delete(account: string, path: PathNames, caller: Caller, recursive: boolean): boolean;
  /**
   * false for the HDFS "false" cases (filesystem-api §5.8). `destAccount`: the namespace of `dst` when it is another
   * one (Gen2 moves between file systems of one storage account).
   */
  rename(account: string, src: PathNames, dst: PathNames, caller: Caller, overwrite: boolean, destAccount?: string): boolean;

  setPermission(account: string, path: PathNames, caller: Caller, mode: number): void;
  setOwner(account: string, path: PathNames, caller: Caller, owner?: string, group?: string): void;
  setAcl(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void;
  modifyAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void;
  removeAclEntries(account: string, path: PathNames, caller: Caller, spec: AclEntry[]): void;
  removeDefaultAcl(account: string, path: PathNames, caller: Caller): void;
  removeAcl(account: string, path: PathNames, caller: Caller): void;
  /**
   * The Gen2 lease kept with an inode (by id, as `stat` returned it; the front end has checked access), and its
   * change: `update` gets the current lease and returns the next one (NotFound once the inode is gone).
   */
  pathLease(inodeId: number): PathLeaseRecord | undefined;
  updatePathLease<T>(inodeId: number, update: (current: PathLeaseRecord | undefined) => { lease: PathLeaseRecord | undefined; result: T }): T;
  /** Sets a file's expiry (ms since the epoch, 0 = never), computed from the file. */
  setExpiry(account: string, path: PathNames, caller: Caller, expiry: (node: Inode) => number): void;
  setTimes(account: string, path: PathNames, caller: Caller, mtime?: number, atime?: number): void;

  /**
   * Staged data (Gen2): bytes written now, durable, but part of the file only once committed. DFS appends stage at
   * their position (key = the position, zero-padded) and a flush commits the pieces that cover [length, position);
   * Blob Put Block stages under the block id and Put Block List commits a list. Staging under an existing key
   * replaces that piece. Needs w on the file. Returns the piece's length.
   */
  stage(account: string, path: PathNames, caller: Caller, key: string, body?: ByteSource, lease?: LeaseUse): Promise<number>;
  /** A file's staged pieces in key order (needs r). */
  listStaged(account: string, path: PathNames, caller: Caller): StagedPiece[];
  /** Commits staged pieces in the given order (InvalidArgument names a missing or repeated key). Needs w. */
  commitStaged(account: string, path: PathNames, caller: Caller, keys: readonly string[], o: CommitOptions): Promise<Inode>;
  /** Replaces a path's metadata and/or content headers (the parts given); needs w. */
  setProps(account: string, path: PathNames, caller: Caller, props: PathProps): Inode;

  /** Opens bytes [offset, offset + length) of a file (needs r; offset past the end is BadOffset). */
  openRead(account: string, path: PathNames, caller: Caller, offset: number, length?: number): ReadHandle;
}
