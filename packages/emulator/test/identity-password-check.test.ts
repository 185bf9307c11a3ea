import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Directory, directoryMigrations, hashSecret } from '../src/identity/directory.js';
import { migrate, openDatabase } from '../src/store/db.js';

/**
 * A right password is remembered for a minute (scrypt is slow on purpose): the remembered check must still refuse a
 * wrong password, another user's password, and the old password once the stored one has changed.
 */
test('password checks: a remembered right password never lets a wrong, foreign or replaced password in', async () => {
  const db = openDatabase('', true);
  try {
    migrate(db, directoryMigrations);
    const dir = new Directory(db);
    dir.seedIfEmpty();
    const carol = dir.addUser({ upn: 'carol@example.test', password: 'Pa55word!carol' });
    dir.addUser({ upn: 'dave@example.test', password: 'Pa55word!dave' });
    for (let i = 0; i < 2; i++) assert.equal((await dir.checkPassword('carol@example.test', 'Pa55word!carol'))?.oid, carol.oid);
    assert.equal(await dir.checkPassword('carol@example.test', 'Pa55word!caroL'), undefined);
    assert.equal(await dir.checkPassword('carol@example.test', ''), undefined);
    assert.equal(await dir.checkPassword('dave@example.test', 'Pa55word!carol'), undefined);
    assert.equal(await dir.checkPassword('nobody@example.test', 'Pa55word!carol'), undefined);
    // A disabled user is still returned as such (the caller refuses the sign-in): the row is read every time.
    dir.setUserEnabled('carol@example.test', false);
    assert.equal((await dir.checkPassword('carol@example.test', 'Pa55word!carol'))?.enabled, false);
    // The password changed: the remembered check no longer matches.
    db.prepare('UPDATE users SET password_hash = ? WHERE upn = ?').run(hashSecret('N3w!carol'), 'carol@example.test');
    assert.equal(await dir.checkPassword('carol@example.test', 'Pa55word!carol'), undefined);
    assert.equal((await dir.checkPassword('carol@example.test', 'N3w!carol'))?.oid, carol.oid);
  } finally {
    db.close();
  }
});
