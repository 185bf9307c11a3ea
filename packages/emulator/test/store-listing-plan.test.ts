// The durable listing's query plans: every page seeks to its first entry in the (parent, name) index and reads the
// entries in index order, so listing page k of a large directory costs the same as page 1 (no walk from the first
// entry, no sort). A plan that scans or sorts still lists correctly, which is why the plan itself is checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../src/store/db.js';
import { namespaceMigrations } from '../src/store/namespace-schema.js';
import { CHILDREN_SQL } from '../src/store/sqlite-metadata.js';

test('each listing statement seeks in the (parent, name) index with its bounds and needs no sort', () => {
  const dir = mkdtempSync(join(tmpdir(), 'adls-plan-'));
  const db = openDatabase(dir);
  try {
    migrate(db, namespaceMigrations);
    const seek: Record<keyof typeof CHILDREN_SQL, string> = {
      all: '(parent=?)', after: '(parent=? AND name>?)', before: '(parent=? AND name<?)', between: '(parent=? AND name>? AND name<?)',
    };
    for (const [which, sql] of Object.entries(CHILDREN_SQL) as [keyof typeof CHILDREN_SQL, string][]) {
      const params = Array.from({ length: sql.split('?').length - 1 }, () => 1);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      assert.equal(plan.length, 1, `${which}: ${plan.join(' | ')}`);
      assert.match(plan[0], /^SEARCH dl_inodes USING INDEX \S+ /, which);
      assert.ok(plan[0].endsWith(seek[which]), `${which}: ${plan[0]}`);
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
