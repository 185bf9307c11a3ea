import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Directory, directoryMigrations } from '../src/identity/directory.js';
import { migrate, openDatabase } from '../src/store/db.js';

/**
 * The directory compiles each SQL statement once and reuses it (some look-ups run per request): a reused statement
 * must still read the current rows, never an earlier answer.
 */
test('directory look-ups run again against the current rows when their statements are reused', () => {
  const db = openDatabase('', true);
  try {
    migrate(db, directoryMigrations);
    const dir = new Directory(db);
    dir.seedIfEmpty();
    const first = dir.defaultTenant();
    assert.equal(dir.userByUpn('carol@example.test'), undefined);
    const carol = dir.addUser({ upn: 'carol@example.test', password: 'Pa55word!carol' });
    assert.equal(dir.userByOid(carol.oid)?.upn, 'carol@example.test');
    assert.equal(dir.userByUpn('carol@example.test')?.oid, carol.oid);
    assert.equal(dir.setUserEnabled('carol@example.test', false), true);
    assert.equal(dir.userByOid(carol.oid)?.enabled, false);
    assert.equal(dir.removeUser('carol@example.test'), true);
    assert.equal(dir.userByOid(carol.oid), undefined);
    assert.equal(dir.userByUpn('carol@example.test'), undefined);
    dir.addTenant({ id: '77777777-7777-4777-8777-777777777777', domain: 'second.example.test', displayName: 'Second' });
    assert.deepEqual(dir.defaultTenant(), first, 'the first tenant stays the default');
    assert.ok(dir.tenantIds().includes('77777777-7777-4777-8777-777777777777'));
    assert.equal(dir.findTenant('second.example.test')?.displayName, 'Second');
  } finally {
    db.close();
  }
});
