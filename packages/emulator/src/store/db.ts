import type Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { assertSqliteLoads, openSqlite } from './sqlite-native.js';

export type Db = Database.Database;

/** A named schema step. Each service registers its own; applied once, in order, tracked in `migrations`. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Opens (creating if needed) the emulator database in WAL mode with foreign keys on; with `inMemory`, a private
 * database that lives as long as the process holds it (nothing written to the data folder).
 */
export function openDatabase(location: string, inMemory = false): Db {
  // Before anything is written: a missing or wrong-Node native module fails here with a short fix.
  assertSqliteLoads();
  if (inMemory) {
    const mem = openSqlite(':memory:');
    mem.pragma('foreign_keys = ON');
    mem.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    return mem;
  }
  const file = join(location, 'emulator.sqlite');
  // The database holds password hashes, known passwords, TOTP secrets and refresh-token hashes: owner-only,
  // whatever the umask or the folder's mode. SQLite creates -wal/-shm with the database file's mode.
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try { chmodSync(f, 0o600); } catch { /* -wal/-shm not there yet */ }
  }
  const db = openSqlite(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode across process crashes (kill -9); only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  const applied = new Set((db.prepare('SELECT id FROM migrations').all() as { id: string }[]).map((r) => r.id));
  const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, Date.now());
    })();
  }
}
