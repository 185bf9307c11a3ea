import type { Db, Migration } from '../../store/db.js';

/**
 * File systems (Blob containers) of storage accounts. Each one's paths live in the shared namespace store under
 * `namespaceKey(account, name)`; this table holds what the container itself carries: metadata, public access
 * level, a change counter (ETag), creation and last-modified times.
 */
export interface FileSystemRecord {
  account: string;
  name: string;
  metadata: Readonly<Record<string, string>>;
  /** `container` or `blob` (anonymous read access), undefined when private. */
  publicAccess?: 'container' | 'blob';
  version: number;
  createdAt: number;
  modifiedAt: number;
}

export const fileSystemMigrations: Migration[] = [{
  id: 'gen2-filesystems-001',
  sql: `
    CREATE TABLE gen2_filesystems (
      account TEXT NOT NULL, name TEXT NOT NULL, metadata TEXT NOT NULL DEFAULT '{}', public_access TEXT,
      version INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL,
      PRIMARY KEY (account, name));
  `,
}];

/** The store namespace of a file system: a prefix no Gen1 account name (letters and digits) can have. */
export const namespaceKey = (account: string, fileSystem: string) => `gen2:${account}/${fileSystem}`;

/** Container names: 3–63 characters, lower-case letters, digits and single hyphens, starting and ending alphanumeric. */
export const isValidFileSystemName = (n: string) => /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(n);

interface Row { account: string; name: string; metadata: string; public_access: string | null; version: number; created_at: number; modified_at: number }

const toRecord = (r: Row): FileSystemRecord => Object.freeze({
  account: r.account, name: r.name, metadata: Object.freeze(JSON.parse(r.metadata)),
  ...(r.public_access ? { publicAccess: r.public_access as 'container' | 'blob' } : {}),
  version: r.version, createdAt: r.created_at, modifiedAt: r.modified_at,
});

export class FileSystemRegistry {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      get: db.prepare('SELECT * FROM gen2_filesystems WHERE account = ? AND name = ?'),
      list: db.prepare(`SELECT * FROM gen2_filesystems WHERE account = @account AND name >= @prefix AND substr(name, 1, length(@prefix)) = @prefix
        AND (@after IS NULL OR name > @after) ORDER BY name LIMIT @limit`),
      insert: db.prepare('INSERT INTO gen2_filesystems (account, name, metadata, public_access, version, created_at, modified_at) VALUES (?, ?, ?, ?, 0, ?, ?)'),
      update: db.prepare('UPDATE gen2_filesystems SET metadata = ?, public_access = ?, version = version + 1, modified_at = ? WHERE account = ? AND name = ?'),
      remove: db.prepare('DELETE FROM gen2_filesystems WHERE account = ? AND name = ?'),
      removeAccount: db.prepare('DELETE FROM gen2_filesystems WHERE account = ?'),
    };
  }

  get(account: string, name: string): FileSystemRecord | undefined {
    const r = this.q.get.get(account, name) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Names ascending, starting with `prefix`, strictly after `after`, at most `limit`. */
  list(account: string, o: { prefix?: string; after?: string; limit: number }): FileSystemRecord[] {
    return (this.q.list.all({ account, prefix: o.prefix ?? '', after: o.after ?? null, limit: o.limit }) as Row[]).map(toRecord);
  }

  /** false when the name is taken. */
  insert(account: string, name: string, o: { metadata?: Record<string, string>; publicAccess?: 'container' | 'blob' }, now: number): boolean {
    if (this.get(account, name)) return false;
    this.q.insert.run(account, name, JSON.stringify(o.metadata ?? {}), o.publicAccess ?? null, now, now);
    return true;
  }

  update(account: string, name: string, patch: { metadata?: Record<string, string>; publicAccess?: 'container' | 'blob' | null }, now: number): FileSystemRecord | undefined {
    const cur = this.get(account, name);
    if (!cur) return undefined;
    const publicAccess = patch.publicAccess === undefined ? cur.publicAccess ?? null : patch.publicAccess;
    this.q.update.run(JSON.stringify(patch.metadata ?? cur.metadata), publicAccess, now, account, name);
    return this.get(account, name);
  }

  remove(account: string, name: string): boolean {
    return this.q.remove.run(account, name).changes > 0;
  }
}
