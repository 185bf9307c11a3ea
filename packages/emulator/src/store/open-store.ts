import { join } from 'node:path';
import { migrate, type Db } from './db.js';
import { FileExtents } from './file-extents.js';
import { MemoryExtents } from './memory-extents.js';
import { MemoryMetadata } from './memory-metadata.js';
import { Namespace } from './namespace.js';
import { namespaceMigrations } from './namespace-schema.js';
import { SqliteMetadata } from './sqlite-metadata.js';

/** Which backend holds the namespace: SQLite tables + extent files under {location}/data, or memory. */
export type StoreBackend = { kind: 'durable'; db: Db; location: string } | { kind: 'memory' };

/** Opens the namespace store on a backend. Call `start()` before serving (start-up repair, collector). */
export function openStore(backend: StoreBackend, now: () => number, onError: (e: unknown) => void): Namespace {
  if (backend.kind === 'memory') return new Namespace(new MemoryMetadata(), new MemoryExtents(), now, onError);
  migrate(backend.db, namespaceMigrations);
  return new Namespace(new SqliteMetadata(backend.db), new FileExtents(join(backend.location, 'data')), now, onError);
}
