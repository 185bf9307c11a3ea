import { STICKY } from './acl.js';
import { type Caller, permitted, stickyAllows, ALL, EXECUTE, WRITE_EXECUTE } from './access.js';
import { denied, notFound } from './errors.js';
import type { Inode } from './inode.js';
import type { MetadataBackend } from './metadata.js';

/** Paths are arrays of already-validated names; '/' + names.join('/') is how errors show them. */
export type PathNames = readonly string[];
export const show = (p: PathNames) => '/' + p.join('/');

/**
 * Path resolution with HDFS permission checks (see access.ts), over any metadata backend: traverse (x) on every
 * directory passed through, then whatever the operation needs on the item or its parent.
 */
export class PathAccess {
  constructor(private readonly meta: MetadataBackend) {}

  /**
   * Walks `path` from the account root. Returns the chain of existing inodes and the index of the first missing
   * name (`missing` = path.length when the whole path exists). A file in the middle stops the walk.
   */
  walk(account: string, path: PathNames, caller: Caller): { chain: Inode[]; missing: number } {
    const rootId = this.meta.rootOf(account);
    const root = rootId === undefined ? undefined : this.meta.inode(rootId);
    if (!root) throw notFound(show(path));
    const chain = [root];
    for (let i = 0; i < path.length; i++) {
      const cur = chain[chain.length - 1];
      if (cur.kind !== 'dir') return { chain, missing: i };
      if (!permitted(cur, caller, EXECUTE)) throw denied(show(path));
      const child = this.meta.child(cur.id, path[i]);
      if (!child) return { chain, missing: i };
      chain.push(child);
    }
    return { chain, missing: path.length };
  }

  /** The existing item at `path` (NotFound otherwise), with traverse checked. */
  resolve(account: string, path: PathNames, caller: Caller): { node: Inode; chain: Inode[] } {
    const { chain, missing } = this.walk(account, path, caller);
    if (missing !== path.length) throw notFound(show(path));
    return { node: chain[chain.length - 1], chain };
  }

  /** The item at `path`, which the caller must own (or be the super-user). */
  owned(account: string, path: PathNames, caller: Caller): Inode {
    const { node } = this.resolve(account, path, caller);
    if (!caller.superUser && node.owner !== caller.oid) throw denied(show(path));
    return node;
  }

  require(node: Inode, caller: Caller, want: number, path: PathNames): void {
    if (!permitted(node, caller, want)) throw denied(show(path));
  }

  /** Removing or renaming `node` out of `parent`: -wx on the parent and its sticky rule. */
  requireUnlink(node: Inode, parent: Inode, caller: Caller, path: PathNames): void {
    this.require(parent, caller, WRITE_EXECUTE, path);
    if (!stickyAllows(parent, node.owner, caller)) throw denied(show(path));
  }

  /**
   * What removing `node` (and everything below it) from `parent` needs: the unlink rule, and inside a directory
   * rwx on every directory plus the sticky rule of every sticky directory for each of its children (HDFS subtree
   * access; POSIX rm -r unlinks every entry).
   */
  requireDelete(node: Inode, parent: Inode, caller: Caller, path: PathNames): void {
    this.requireUnlink(node, parent, caller, path);
    if (node.kind !== 'dir' || caller.superUser || !this.meta.hasChildren(node.id)) return;
    for (const d of this.meta.subtreeDirs(node.id)) {
      if (!permitted(d, caller, ALL)) throw denied(show(path));
      if (d.mode & STICKY) {
        for (const owner of this.meta.childOwners(d.id)) {
          if (!stickyAllows(d, owner, caller)) throw denied(show(path));
        }
      }
    }
  }
}
