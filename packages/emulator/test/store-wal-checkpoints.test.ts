import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Emulator } from '../src/index.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { openSqlite } from '../src/store/sqlite-native.js';
import { WalCheckpointer } from '../src/store/wal-checkpointer.js';

/**
 * The durable store's WAL checkpoints run in a worker thread with its own connection, never on the event loop:
 * the main connection does not checkpoint, yet committed rows reach the database file, and closing leaves a
 * complete database behind.
 */
const dir = mkdtempSync(join(tmpdir(), 'adls-wal-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function freshDb(): { db: Db; location: string } {
  const location = join(dir, String(n++));
  mkdirSync(location);
  const db = openDatabase(location);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, location };
}

/** Rows of table t in a copy of the database file alone (no WAL beside it): what checkpoints have copied. */
function rowsInDatabaseFile(location: string): number {
  const copy = join(location, `copy-${n++}.sqlite`);
  copyFileSync(join(location, 'emulator.sqlite'), copy);
  const db = openSqlite(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c;
  } finally {
    db.close();
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await sleep(25);
  assert.ok(check(), `waited 10 s for ${what}`);
}

test('the main connection stops checkpointing; the worker copies committed rows into the database file', async () => {
  const { db, location } = freshDb();
  const errors: unknown[] = [];
  const cp = new WalCheckpointer(db, db.name, (e) => errors.push(e), 20);
  await cp.ready;
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  // Far more than SQLite's 1000-page autocheckpoint: without the worker nothing would reach the file now.
  for (let i = 0; i < 3000; i++) db.transaction(() => insert.run('x'.repeat(2000)))();
  await until('a checkpoint', () => cp.checkpoints > 0);
  // Copied once the worker is gone (a copy taken during a checkpoint would be torn). The main connection never
  // writes the database file itself, so whatever rows the file holds, the worker put there.
  await cp.stop();
  assert.ok(rowsInDatabaseFile(location) > 0);
  db.close();
  assert.deepEqual(errors, []);
});

test('after stop, closing the main connection leaves every row in the database file and no WAL', async () => {
  const { db, location } = freshDb();
  const cp = new WalCheckpointer(db, db.name, () => {}, 60_000); // no timed checkpoint during the test
  await cp.ready;
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < 50; i++) db.transaction(() => insert.run(`row ${i}`))();
  await cp.stop();
  db.close();
  assert.equal(existsSync(join(location, 'emulator.sqlite-wal')), false);
  assert.equal(rowsInDatabaseFile(location), 50);
});

test('a worker that cannot open the database hands checkpoints back to the main connection', async () => {
  const { db } = freshDb();
  const errors: unknown[] = [];
  const cp = new WalCheckpointer(db, join(dir, 'no-such-folder', 'x.sqlite'), (e) => errors.push(e), 20);
  await cp.ready;
  assert.equal(errors.length, 1);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  await cp.stop();
  db.close();
});

test('a durable emulator checkpoints off the event loop and keeps its data across a restart', async () => {
  const location = join(dir, 'emulator');
  const first = new Emulator({ port: 0, location });
  await first.start();
  const db = (first as unknown as { db: Db }).db;
  await (first as unknown as { checkpointer: WalCheckpointer }).checkpointer.ready;
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  const users = first.info().users.length;
  await first.stop();
  const again = new Emulator({ port: 0, location });
  await again.start();
  assert.equal(again.info().users.length, users);
  await again.stop();
});
