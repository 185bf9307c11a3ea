import type { Inode } from './inode.js';

/**
 * Inodes as last committed, by id and by (parent id, name), for the read path: a GETFILESTATUS of a warm path
 * then costs no SQL at all. The owner (SqliteMetadata) empties it whenever a write transaction ends, so an
 * entry can never outlive the row it was read from. Entries are frozen: a caller that tried to change a shared
 * inode would throw instead of corrupting what later requests see. Bounded: full means start again empty.
 */
export class InodeCache {
  private readonly byId = new Map<number, Inode>();
  private readonly byName = new Map<string, Inode>();

  constructor(private readonly limit = 50_000) {}

  id(id: number): Inode | undefined {
    return this.byId.get(id);
  }

  child(parent: number, name: string): Inode | undefined {
    return this.byName.get(key(parent, name));
  }

  /** Remembers `node` (read from the database outside any write) and returns the frozen copy to use. */
  put(node: Inode): Inode {
    if (this.byId.size >= this.limit) this.clear();
    const frozen = freeze(node);
    this.byId.set(node.id, frozen);
    if (node.parent !== null) this.byName.set(key(node.parent, node.name), frozen);
    return frozen;
  }

  clear(): void {
    this.byId.clear();
    this.byName.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}

// Names never contain '/', so parent + '/' + name is unambiguous.
const key = (parent: number, name: string) => `${parent}/${name}`;

function freeze(n: Inode): Inode {
  for (const e of n.acl) Object.freeze(e);
  for (const e of n.defaultAcl) Object.freeze(e);
  Object.freeze(n.acl);
  Object.freeze(n.defaultAcl);
  return Object.freeze(n);
}
